import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, londonDate } from '../../domain/calendar';
import { warningExpiresOn, warningStatement } from '../../domain/order/rules/warnings';
import { type ApiHarness, startApiHarness } from '../api/harness';
import { sentencedCase } from '../api/support/cases';
import { type Actor, Journey, actors, eventually } from '../api/support/journey';
import { useTestDatabase } from '../support/database';
import { type Session, landed, onPage, openContext, useBrowser, visit } from './support/browser';
import { servePages, signIn } from './support/web-harness';

const t = useTestDatabase();
const browser = useBrowser();
let h: ApiHarness;
let j: Journey;
let site: { baseURL: string; close(): Promise<void> };
let drrId: string;
let orderId: string;
let sentenceDate: string;
let s: Session;

beforeAll(async () => {
  h = await startApiHarness(t);
  site = await servePages(h);
  j = new Journey(h);
  const sentenced = await sentencedCase(j, {
    months: 12,
    requirements: [{ type: 'DRR', months: 12, reviewed: true }],
  });
  drrId = sentenced.ids[0]!;
  orderId = sentenced.orderId;
  sentenceDate = sentenced.sentenceDate;
  await j.post(actors.probation, `/v1/requirements/${drrId}/referral`, {
    providerOrgId: actors.provider.org,
  });
  s = await openContext(browser.get(), site.baseURL);
  await signIn(s, 'provider', actors.provider.org);
});
afterAll(async () => {
  await s?.context.close();
  await site?.close();
  await h?.close();
});

const LONDON_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  minute: '2-digit',
});

const appointmentCount = async () =>
  (await t.db.selectFrom('appointments').select('id').where('requirement_id', '=', drrId).execute()).length;

/** Follows a link on the requirement page, checking the form page it opens. */
async function openForm(name: string | RegExp) {
  await onPage(s, `/requirements/${drrId}`);
  await s.page.getByTestId('actions').getByRole('link', { name }).click();
  return landed(s);
}

async function save() {
  await s.page.getByRole('button', { name: 'Save' }).click();
  await landed(s);
}

describe('the provider’s forms, in headless Chromium', () => {
  it('accepts the referral: an answer left out is an error summary linked to the field, then it is recorded', async () => {
    const page = await openForm('Accept or decline the referral');
    await save();
    const summary = page.locator('.govuk-error-summary');
    expect(
      await summary.getByRole('link', { name: 'Select yes if you accept the referral' }).getAttribute('href'),
    ).toBe('#accepted');
    await page.getByRole('radio', { name: 'Yes' }).check();
    await save();
    expect(new URL(page.url()).pathname).toBe(`/requirements/${drrId}`);
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain(
      'Your answer to the referral has been recorded',
    );
    const row = await t.db
      .selectFrom('requirements')
      .select('status')
      .where('id', '=', drrId)
      .executeTakeFirstOrThrow();
    expect(row.status).not.toBe('REFERRED');
  });

  it('books a session, once for a double click: the same one-time token sends the same command', async () => {
    const page = await openForm('Book a session');
    const day = addDays(sentenceDate, 2);
    const [y, m, d] = day.split('-');
    await page.getByLabel('Day').fill(d!);
    await page.getByLabel('Month').fill(m!);
    await page.getByLabel('Year').fill(y!);
    await page.getByLabel('Time (24-hour clock)').fill('10:30');
    await page.getByLabel('How long is it, in minutes?').fill('50');
    await page.getByRole('radio', { name: 'One to one' }).check();
    await page.getByRole('radio', { name: 'In person' }).check();
    await page
      .getByRole('group', { name: 'Can missing it be enforced?' })
      .getByRole('radio', { name: 'Yes' })
      .check();
    // Both clicks post the same form: what the browser would send twice without GOV.UK's double-click guard.
    const form = Object.fromEntries(
      await page
        .locator('form[method="post"] :is(input:not([type=radio]), input:checked)')
        .evaluateAll((inputs) =>
          inputs.map((i) => [
            (i as unknown as { name: string }).name,
            (i as unknown as { value: string }).value,
          ]),
        ),
    ) as Record<string, string>;
    const before = await appointmentCount();
    const url = page.url();
    const posts = await Promise.all([1, 2].map(() => s.context.request.post(url, { form, maxRedirects: 0 })));
    expect(posts.map((p) => p.status())).toEqual([303, 303]);
    expect(await appointmentCount()).toBe(before + 1);
    const row = await t.db
      .selectFrom('appointments')
      .select('start_at')
      .where('requirement_id', '=', drrId)
      .executeTakeFirstOrThrow();
    // The time typed is London time.
    expect(londonDate(row.start_at.toISOString())).toBe(day);
    expect(LONDON_TIME.format(row.start_at)).toBe('10:30');
  });

  it('records a session’s outcome: too early is the domain’s refusal in an error summary; once due it is recorded', async () => {
    let page = await openForm(/^Record the session’s outcome/);
    await page
      .getByRole('group', { name: 'Did the session happen?' })
      .getByRole('radio', { name: 'Yes' })
      .check();
    await page
      .getByRole('group', { name: 'Did the person attend?' })
      .getByRole('radio', { name: 'Yes' })
      .check();
    await save();
    expect(await page.locator('.govuk-error-summary').count()).toBe(1);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Record the session’s outcome');

    const appointment = await t.db
      .selectFrom('appointments')
      .select('start_at')
      .where('requirement_id', '=', drrId)
      .executeTakeFirstOrThrow();
    await j.sleepUntil(new Date(appointment.start_at.getTime() + 2 * 3_600_000).toISOString());
    page = await openForm(/^Record the session’s outcome/);
    await page
      .getByRole('group', { name: 'Did the session happen?' })
      .getByRole('radio', { name: 'Yes' })
      .check();
    await page
      .getByRole('group', { name: 'Did the person attend?' })
      .getByRole('radio', { name: 'Yes' })
      .check();
    await page.getByLabel('Session notes').fill('Engaged well');
    await save();
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain(
      'outcome has been recorded',
    );
    expect(await page.getByTestId('appointments').textContent()).toContain('Attended');
  });
});

/** A second person at the same service, signed in in their own browser context. */
async function signedIn(actor: Actor, javaScriptEnabled = true) {
  const session = await openContext(browser.get(), site.baseURL, javaScriptEnabled);
  await signIn(session, actor.role, actor.org);
  return session;
}

/** Follows a link the case page offers, checking the form page it opens. */
async function openCaseForm(session: Session, name: RegExp) {
  await onPage(session, `/cases/${orderId}`);
  await session.page.getByTestId('actions').getByRole('link', { name }).click();
  return landed(session);
}

async function saveAs(session: Session, done: string) {
  await session.page.getByRole('button', { name: 'Save' }).click();
  await landed(session);
  if (done) expect(await session.page.locator('.govuk-notification-banner').textContent()).toContain(done);
}

async function fillDate(page: Session['page'], group: string, day: string) {
  const [y, m, d] = day.split('-');
  const fieldset = page.getByRole('group', { name: group });
  await fieldset.getByLabel('Day').fill(d!);
  await fieldset.getByLabel('Month').fill(m!);
  await fieldset.getByLabel('Year').fill(y!);
}

/** An enforceable session on `day`, booked through the API, and the engine's clock moved past it. */
async function sessionMissedOn(day: string) {
  const start = `${day}T10:00:00.000Z`;
  const appointment = await j.post(actors.provider, `/v1/requirements/${drrId}/appointments`, {
    start,
    durationMinutes: 60,
    kind: 'ONE_TO_ONE',
    deliveryMode: 'IN_PERSON',
    enforceable: true,
  });
  await j.sleepUntil(`${day}T12:00:00.000Z`);
  return appointment.id as string;
}

const incidentsNow = async (count: number) =>
  eventually(
    async () => (await j.get(actors.probation, `/v1/orders/${orderId}`)).compliance.incidents as unknown[],
    (incidents) => incidents.length === count,
  );

describe('probation’s and enforcement’s forms: from a missed session to breach proceedings', () => {
  it('decides the absence, warns (showing the statement), refers the next failure, lays an information; the court records the hearing', async () => {
    const firstDay = addDays(sentenceDate, 4);
    await sessionMissedOn(firstDay);
    await visit(s, `/requirements/${drrId}`);
    const provider = await openForm(/^Record the session’s outcome/);
    await provider
      .getByRole('group', { name: 'Did the session happen?' })
      .getByRole('radio', { name: 'No' })
      .check();
    await provider
      .getByRole('group', { name: 'Did the person attend?' })
      .getByRole('radio', { name: 'No' })
      .check();
    await save();
    expect(await incidentsNow(1)).toHaveLength(1);

    const probation = await signedIn(actors.probation);
    let page = await openCaseForm(probation, /^Decide the absence/);
    await page.getByRole('radio', { name: 'Unacceptable' }).check();
    await saveAs(probation, 'The decision has been recorded');

    // The statement is shown before the warning is sent, for the date the form holds.
    page = await openCaseForm(probation, /^Give a warning/);
    const shownDate = await Promise.all(
      ['year', 'month', 'day'].map((part) => page.locator(`#givenOn-${part}`).inputValue()),
    );
    const shownOn = shownDate.map((n) => n.padStart(2, '0')).join('-');
    expect(await page.getByTestId('preview').textContent()).toContain(
      warningStatement(warningExpiresOn(shownOn)),
    );
    // The domain refuses a warning dated before the failure: an error summary linked to the date.
    await fillDate(page, 'When is the warning given?', addDays(firstDay, -1));
    await saveAs(probation, '');
    const refusal = page
      .locator('.govuk-error-summary')
      .getByRole('link', { name: 'A warning follows the failure it is about.' });
    expect(await refusal.getAttribute('href')).toBe('#givenOn-day');
    await fillDate(page, 'When is the warning given?', firstDay);
    await page.getByRole('radio', { name: 'In person' }).check();
    await saveAs(probation, 'The warning has been recorded');
    expect(await page.locator('main').textContent()).toContain(warningStatement(warningExpiresOn(firstDay)));

    // A second failure inside the warning's 12 months: decided with JavaScript off, then it must be referred.
    const secondDay = addDays(firstDay, 3);
    const second = await sessionMissedOn(secondDay);
    await j.post(actors.provider, `/v1/requirements/${drrId}/appointments/${second}/outcome`, {
      sessionHappened: false,
      attended: 'NO',
    });
    await incidentsNow(2);
    const noScript = await signedIn(actors.probation, false);
    page = await openCaseForm(noScript, /^Decide the absence/);
    await page.getByRole('radio', { name: 'Unacceptable' }).check();
    await saveAs(noScript, 'The decision has been recorded');
    await noScript.context.close();

    await visit(probation, `/cases/${orderId}`);
    expect(await probation.page.getByTestId('actions').textContent()).not.toContain('Give a warning');
    await openCaseForm(probation, /^Refer to the enforcement officer/);
    await saveAs(probation, 'referred to the enforcement officer');
    await probation.context.close();

    const court = (await j.get(actors.probation, `/v1/orders/${orderId}`)).case.court.code as string;
    const enforcement = await signedIn(actors.enforcement);
    page = await openCaseForm(enforcement, /^Lay an information/);
    await fillDate(page, 'When was the information laid?', await j.today());
    await page.getByLabel('Court code').fill(court);
    await saveAs(enforcement, 'breach proceedings have started');
    const proceedings = page.locator('table', { hasText: 'Breach proceedings' });
    expect(await proceedings.textContent()).toContain(court);
    await enforcement.context.close();

    const bench = await signedIn(actors.court);
    page = await openCaseForm(bench, /^Record the breach hearing’s outcome/);
    await page.getByRole('radio', { name: 'Withdrawn' }).check();
    await saveAs(bench, 'The breach hearing’s outcome has been recorded');
    await bench.context.close();
  });
});

describe('the court’s forms', () => {
  it('records a review’s outcome: before the review date the domain refuses it, in an error summary', async () => {
    const court = await signedIn(actors.court);
    await visit(court, `/requirements/${drrId}`);
    await court.page
      .getByTestId('actions')
      .getByRole('link', { name: /^Record the review’s outcome/ })
      .first()
      .click();
    await landed(court);
    await court.page.getByRole('radio', { name: 'Continue' }).check();
    await court.page
      .getByRole('group', { name: 'Did the person attend?' })
      .getByRole('radio', { name: 'Yes' })
      .check();
    await saveAs(court, '');
    const refusal = court.page
      .locator('.govuk-error-summary')
      .getByRole('link', { name: /^The review is on / });
    expect(await refusal.getAttribute('href')).toBe('#outcome');
    expect(await court.page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Record the review’s outcome',
    );
    await court.context.close();
  });
});
