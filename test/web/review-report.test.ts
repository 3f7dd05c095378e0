import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../domain/calendar';
import { type ApiHarness, startApiHarness } from '../api/harness';
import { sentencedCase } from '../api/support/cases';
import { type Actor, Journey, actors, eventually } from '../api/support/journey';
import { createWeb } from '../../web/app';
import { PdfUnavailable, createPdfRenderer } from '../../web/pdf/renderer';
import { startSession } from '../../web/session/store';
import { useTestDatabase } from '../support/database';
import { type Session, landed, onPage, openContext, useBrowser, visit } from './support/browser';
import { readPdf } from './support/pdf-text';
import { servePages, signIn } from './support/web-harness';

const t = useTestDatabase();
const browser = useBrowser();
let h: ApiHarness;
let j: Journey;
let site: { baseURL: string; close(): Promise<void> };

beforeAll(async () => {
  h = await startApiHarness(t);
  site = await servePages(h);
  j = new Journey(h);
});
afterAll(async () => {
  await site?.close();
  await h?.close();
});

async function signedIn(actor: Actor, javaScriptEnabled: boolean) {
  const session = await openContext(browser.get(), site.baseURL, javaScriptEnabled);
  await signIn(session, actor.role, actor.org);
  return session;
}

/** Follows a link of "What you can do" on a page, checking the form it opens. */
async function openForm(session: Session, from: string, name: RegExp) {
  await onPage(session, from);
  await session.page.getByTestId('actions').getByRole('link', { name }).first().click();
  return landed(session);
}

/** Sends the form and checks where it lands: the page it acts on, saying what was done. */
async function save(session: Session, done: string) {
  await session.page.getByRole('button', { name: 'Save' }).click();
  await landed(session);
  const refused = session.page.locator('.govuk-error-summary');
  expect(await refused.count(), `${session.page.url()}: ${(await refused.allTextContents()).join(' ')}`).toBe(
    0,
  );
  expect(await session.page.locator('.govuk-notification-banner').textContent()).toContain(done);
}

async function fillDate(page: Session['page'], group: string, day: string, time?: string) {
  const [y, m, d] = day.split('-');
  const fieldset = page.getByRole('group', { name: group });
  await fieldset.getByLabel('Day').fill(d!);
  await fieldset.getByLabel('Month').fill(m!);
  await fieldset.getByLabel('Year').fill(y!);
  if (time) await page.getByLabel('Time (24-hour clock)').fill(time);
}

const radio = (page: Session['page'], group: string, name: string) =>
  page.getByRole('group', { name: group }).getByRole('radio', { name, exact: true }).check();

/** What the access log holds of a case's records read by a role signed in on the pages. */
const readsLogged = async (role: string, orderId: string) =>
  (
    await t.ownerDb
      .selectFrom('access_log_entries')
      .select('resource_type')
      .where('actor_sub', '=', `${role}-web`)
      .where('order_id', '=', orderId)
      .where('action', '=', 'READ')
      .orderBy('at')
      .execute()
  ).map((r) => r.resource_type);

describe.each([
  { javaScript: true, label: 'with JavaScript (each page checked by axe-core)' },
  { javaScript: false, label: 'with JavaScript off' },
])('a DRR from referral to the court’s review, in headless Chromium $label', ({ javaScript }) => {
  let orderId: string;
  let sentenceDate: string;
  let requirementPage: string;
  let provider: Session;
  let reportUrl: string;
  let pdfHref: string;

  beforeAll(async () => {
    const sentenced = await sentencedCase(j, {
      months: 12,
      requirements: [{ type: 'DRR', months: 12, reviewed: true }],
    });
    ({ orderId, sentenceDate } = sentenced);
    requirementPage = `/requirements/${sentenced.ids[0]!}`;
    await j.post(actors.probation, `/v1${requirementPage}/referral`, { providerOrgId: actors.provider.org });
  });

  it('the provider accepts the referral, books a session and records it missed', async () => {
    const sessionDay = addDays(sentenceDate, 2);
    provider = await signedIn(actors.provider, javaScript);
    let page = await openForm(provider, requirementPage, /^Accept or decline the referral/);
    await radio(page, 'Do you accept the referral?', 'Yes');
    await save(provider, 'Your answer to the referral has been recorded');

    page = await openForm(provider, requirementPage, /^Book a session/);
    await fillDate(page, 'When does it start?', sessionDay, '10:30');
    await page.getByLabel('How long is it, in minutes?').fill('60');
    await page.getByRole('radio', { name: 'One to one' }).check();
    await page.getByRole('radio', { name: 'In person' }).check();
    await radio(page, 'Can missing it be enforced?', 'Yes');
    await save(provider, 'The session has been booked');

    await j.sleepUntil(`${sessionDay}T13:00:00.000Z`);
    await visit(provider, requirementPage);
    page = await openForm(provider, requirementPage, /^Record the session’s outcome/);
    await radio(page, 'Did the session happen?', 'No');
    await radio(page, 'Did the person attend?', 'No');
    await save(provider, 'The session’s outcome has been recorded');
  });

  it('the provider directs a drug test, records the sample and each substance’s result, and gives its views', async () => {
    const testDay = addDays(sentenceDate, 3);
    let page = await openForm(provider, requirementPage, /^Direct a drug test/);
    await fillDate(page, 'When must the sample be given?', testDay, '11:00');
    await page.getByRole('radio', { name: 'Treatment director' }).check();
    await save(provider, 'The drug test has been directed');

    await j.sleepUntil(`${testDay}T12:00:00.000Z`);
    await visit(provider, requirementPage);
    page = await openForm(provider, requirementPage, /^Record the sample/);
    await radio(page, 'What happened to the sample?', 'Collected');
    await radio(page, 'What kind of sample is it?', 'Urine');
    await radio(page, 'How is it tested?', 'Point of care screen');
    await save(provider, 'The sample has been recorded');

    page = await openForm(provider, requirementPage, /^Record the test result/);
    // Nothing chosen: an error summary linked to the first substance's answers.
    await page.getByRole('button', { name: 'Save' }).click();
    await landed(provider);
    const missing = page.locator('.govuk-error-summary').getByRole('link', {
      name: 'Select a result for at least one substance',
    });
    expect(await missing.getAttribute('href')).toBe('#substances-OPIATES');
    await radio(page, 'Opiates', 'Positive');
    await radio(page, 'Cocaine', 'Negative');
    await save(provider, 'The test result has been recorded');
    expect(await page.getByTestId('drug-tests').textContent()).toContain(
      'Opiates: positive, Cocaine: negative',
    );

    page = await openForm(provider, requirementPage, /^Give your views for the review/);
    await page.getByLabel('Your views on the person’s progress in treatment').fill('Engaging; one lapse.');
    await save(provider, 'Your views for the review have been sent');
    await provider.context.close();
  });

  it('probation decides the absence, gives a warning, is refused ending the order, and writes the review report from what it shows', async () => {
    await eventually(
      async () => (await j.get(actors.probation, `/v1/orders/${orderId}`)).compliance.incidents as unknown[],
      (incidents) => incidents.length === 1,
    );
    const probation = await signedIn(actors.probation, javaScript);
    const casePage = `/cases/${orderId}`;
    let page = await openForm(probation, casePage, /^Decide the absence/);
    await page.getByRole('radio', { name: 'Unacceptable' }).check();
    await save(probation, 'The decision has been recorded');
    page = await openForm(probation, casePage, /^Give a warning/);
    await fillDate(page, 'When is the warning given?', addDays(sentenceDate, 2));
    await page.getByRole('radio', { name: 'In person' }).check();
    await save(probation, 'The warning has been recorded');

    // Ending the order on completion is offered on the active case; the domain's refusal is shown on the field.
    page = await openForm(probation, casePage, /^End the order on completion/);
    await fillDate(page, 'When does the order end?', await j.today());
    await radio(page, 'Have the sentence plan’s objectives been met?', 'No');
    await page.getByRole('button', { name: 'Save' }).click();
    await landed(probation);
    const refusal = page
      .locator('.govuk-error-summary')
      .getByRole('link', { name: 'The sentence plan objectives must be met.' });
    expect(await refusal.getAttribute('href')).toBe('#sentencePlanObjectivesMet');
    expect((await j.get(actors.probation, `/v1/orders/${orderId}`)).status).toBe('ACTIVE');

    page = await openForm(probation, requirementPage, /^Write the review report/);
    reportUrl = new URL(page.url()).pathname;
    expect(await page.getByTestId('report-tests').textContent()).toContain('Opiates: positive');
    expect(await page.getByTestId('report-provider-views').textContent()).toContain('Engaging; one lapse.');
    await radio(page, 'Is the person’s progress satisfactory?', 'Satisfactory');
    await page.getByLabel('Your recommendation to the court').fill('Continue the order as it stands.');
    await save(probation, 'The review report has been sent to the court');
    await probation.context.close();
  });

  it('the court reads the report, records the review on its day, and opens the PDF: its text holds the test results', async () => {
    const review = (await j.get(actors.court, `/v1${requirementPage}`)).reviews[0] as { date: string };
    await j.sleepUntil(`${review.date}T15:00:00.000Z`);
    const court = await signedIn(actors.court, javaScript);
    let page = await visit(court, reportUrl);
    expect(await page.getByTestId('report-tests').textContent()).toContain('Opiates: positive');
    expect(await page.getByTestId('report-recommendation').textContent()).toContain('Continue the order');
    pdfHref = (await page.getByRole('link', { name: 'Download the report as a PDF' }).getAttribute('href'))!;

    page = await openForm(court, requirementPage, /^Record the review’s outcome/);
    await page.getByRole('radio', { name: 'Continue' }).check();
    await radio(page, 'Did the person attend?', 'Yes');
    await save(court, 'The review’s outcome has been recorded');

    const readsBefore = await readsLogged('court', orderId);
    const response = await court.context.request.get(pdfHref);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    expect(response.headers()['cache-control']).toBe('no-store');
    const pdf = await readPdf(await response.body());
    expect(pdf.tagged).toBe(true);
    expect(pdf.text).toContain('Opiates: positive, Cocaine: negative');
    expect(pdf.text).toContain('Engaging; one lapse.');
    expect(pdf.text).toContain('Continue the order as it stands.');
    // The PDF shows the person (from the order) and the requirement: both reads are logged.
    expect((await readsLogged('court', orderId)).slice(readsBefore.length).sort()).toEqual([
      'order',
      'requirement',
    ]);
    await court.context.close();
  });

  it('another party’s is “Page not found”; without Chromium the PDF link says so, and the report can still be printed', async () => {
    const reported: unknown[] = [];
    const pages = new Hono();
    pages.use('*', async (c, next) => {
      c.set('requestId' as never, 'req-pdf');
      await next();
    });
    pages.route(
      '/',
      createWeb({
        ...h.deps,
        signIn: { kind: 'local' },
        sessionIdleMs: 60_000,
        pdf: createPdfRenderer({ executablePath: '/nonexistent/chromium' }),
        onUnexpectedError: (error, requestId) => reported.push([error, requestId]),
      }),
    );
    const as = async (actor: Actor, path: string) => {
      const { sessionId } = await startSession(t.db, { ...actor, sub: `${actor.role}-web` }, 60_000);
      return pages.request(`http://localhost${path}`, { headers: { Cookie: `cstr-session=${sessionId}` } });
    };
    for (const path of [reportUrl, pdfHref]) {
      const elsewhere = await as(actors.otherProvider, path);
      expect(elsewhere.status, path).toBe(404);
      expect(await elsewhere.text()).toContain('Page not found');
    }
    const refused = await as(actors.court, pdfHref);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    const text = await refused.text();
    expect(text).toContain('Sorry, the PDF cannot be made at the moment');
    expect(text).toContain(`href="${reportUrl}"`);
    // Reported with the request's id and the reason's class only: nothing of the report.
    expect(reported).toEqual([[new PdfUnavailable('chromium-missing'), 'req-pdf']]);
  });
});
