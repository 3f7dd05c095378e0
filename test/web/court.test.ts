import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COURT_CODE, MISSED, assessmentBody, lastDayOf, sessionBooking } from '../../app/case-fixtures';
import { addDays, addMonths } from '../../domain/calendar';
import { type ApiHarness, startApiHarness } from '../api/harness';
import { imposed, referred } from '../api/support/cases';
import { HOUR, later, pendingIncident } from '../api/support/compliance';
import { type Json, Journey, actors } from '../api/support/journey';
import { useTestDatabase } from '../support/database';
import { type Session, landed, openContext, useBrowser, visit } from './support/browser';
import { servePages, signIn } from './support/web-harness';

// The court's and its assessor's pages, in headless Chromium: the pre-sentence pathway from opening a case to
// the proposal, the sentence of a DRR and an MHTR together, and today's hearings. Each journey runs with
// JavaScript on (every page checked by axe) and again with it off.

const t = useTestDatabase();
const browser = useBrowser();
let h: ApiHarness;
let j: Journey;
let site: { baseURL: string; close(): Promise<void> };
/** The case each run (JavaScript on, off) opened, proposed and then sentenced. */
const cases = {} as Record<'on' | 'off', { orderId: string; drrId: string; mhtrId: string }>;

/** The engine's time as the pages read it: the stand-in server's clock, which the test skips ahead. */
let engineNow: Date | null = null;

beforeAll(async () => {
  h = await startApiHarness(t, { clock: () => engineNow ?? new Date() });
  site = await servePages(h);
  j = new Journey(h);
});
afterAll(async () => {
  await site?.close();
  await h?.close();
});

async function signedIn(role: 'court-assessor' | 'court', org: string, javaScriptEnabled: boolean) {
  const session = await openContext(browser.get(), site.baseURL, javaScriptEnabled);
  await signIn(session, role, org);
  return session;
}

async function press(s: Session, name: string) {
  await s.page.getByRole('button', { name, exact: true }).click();
  return landed(s);
}

async function fillDate(
  scope: Session['page'] | ReturnType<Session['page']['locator']>,
  group: string,
  day: string,
) {
  const [y, m, d] = day.split('-');
  const fieldset = scope.getByRole('group', { name: group, exact: true });
  await fieldset.getByLabel('Day').fill(String(Number(d)));
  await fieldset.getByLabel('Month').fill(String(Number(m)));
  await fieldset.getByLabel('Year').fill(y!);
}

const statusOf = (page: Session['page'], task: string) =>
  page.locator('.govuk-task-list__item', { hasText: task }).locator('.govuk-task-list__status').innerText();

async function openTask(s: Session, task: string) {
  await s.page.getByTestId('pathway').getByRole('link', { name: task }).click();
  return landed(s);
}

const banner = (page: Session['page']) => page.locator('.govuk-notification-banner').innerText();

/** What the access log holds for a role's reads and writes of one order. */
const accessLogged = (role: string, orderId: string, since = new Date(0)) =>
  t.ownerDb
    .selectFrom('access_log_entries')
    .select(['action', 'resource_type', 'resource_id'])
    .where('actor_role', '=', role)
    .where('order_id', '=', orderId)
    .where('at', '>=', since)
    .execute();

/**
 * Sends the open-case form twice at once, as a double click would without GOV.UK's guard: the same one-time
 * token makes the same command and the same new case id, so one case is opened and both answers lead to it.
 */
async function doubleClickOpens(s: Session) {
  const form = await s.page.evaluate<string>(
    `new URLSearchParams(new FormData(document.querySelector('main form[method="post"]'))).toString()`,
  );
  const cases = async () => (await t.db.selectFrom('orders').select('id').execute()).length;
  const before = await cases();
  const posts = await Promise.all(
    [1, 2].map(() =>
      s.context.request.post(s.page.url(), {
        data: form,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        maxRedirects: 0,
      }),
    ),
  );
  expect(posts.map((p) => p.status())).toEqual([303, 303]);
  const [first, second] = posts.map((p) => p.headers().location);
  expect(second).toBe(first);
  expect(await cases()).toBe(before + 1);
  await visit(s, first!);
}

type Run = 'on' | 'off';

/** Each run's assessor, signed in, and the case it is taking to proposal. */
const assessing = {} as Record<Run, { s: Session; orderId: string; today: string }>;

/** The assessor opens a case from the worklist (a double click opening one), landing on its task list. */
async function opensCase(run: Run) {
  const s = await signedIn('court-assessor', COURT_CODE, run === 'on');
  const today = await j.today();
  const page = s.page;
  await page.getByRole('link', { name: 'Open a case' }).click();
  await landed(s);

  // Nothing filled in: each question left out is in the error summary, linked to its field.
  await press(s, 'Save');
  const summary = page.locator('.govuk-error-summary');
  expect(
    await summary.getByRole('link', { name: 'Enter the person’s given name' }).getAttribute('href'),
  ).toBe('#givenName');
  expect(
    await summary
      .getByRole('link', { name: 'Select at least one requirement to consider' })
      .getAttribute('href'),
  ).toBe('#proposedTypes');

  await page.getByLabel('Given name').fill(run === 'on' ? 'Robin' : 'Sam');
  await page.getByLabel('Family name').fill('Example');
  await fillDate(page, 'Date of birth', '1990-05-01');
  await page.getByLabel('Local justice area the person lives in').fill('Lambeth');
  await page.getByRole('radio', { name: 'Magistrates' }).check();
  await page.getByLabel('Probation delivery unit code').fill(actors.probation.org);
  await page.getByRole('radio', { name: 'Guilty', exact: true }).check();
  await page.getByLabel('The offence').fill('Theft from a shop');
  await page
    .getByRole('group', { name: 'Is the offence punishable with imprisonment?' })
    .getByRole('radio', { name: 'Yes' })
    .check();
  await page.getByRole('radio', { name: 'Liaison and diversion' }).check();
  await page.getByRole('checkbox', { name: 'Drug rehabilitation requirement (DRR)' }).check();
  await page.getByRole('checkbox', { name: 'Mental health treatment requirement (MHTR)' }).check();
  if (run === 'on') await doubleClickOpens(s);
  else await press(s, 'Save');
  expect(new URL(page.url()).pathname).toMatch(/^\/cases\/[0-9a-f-]{36}\/pathway$/);
  const orderId = new URL(page.url()).pathname.split('/')[2]!;
  expect(await banner(page)).toContain('The case has been opened');
  expect(await statusOf(page, 'Open the case')).toBe('Completed');
  expect(await statusOf(page, 'Screen the case')).toBe('Not yet started');
  expect(await statusOf(page, 'Ask providers to assess')).toBe('Cannot start yet');
  expect(await statusOf(page, 'Propose the CSTR')).toBe('Cannot start yet');
  expect(await accessLogged('court-assessor', orderId)).toEqual(
    expect.arrayContaining([
      { action: 'WRITE', resource_type: 'order', resource_id: orderId },
      { action: 'READ', resource_type: 'order', resource_id: orderId },
    ]),
  );

  assessing[run] = { s, orderId, today };
}

/** The assessor screens the case in and asks two providers to assess. */
async function screensAndAsks(run: Run) {
  const { s } = assessing[run];
  let page = await openTask(s, 'Screen the case');
  await page.getByRole('radio', { name: 'Proceed to assessment' }).check();
  await press(s, 'Save');
  expect(await banner(page)).toContain('The screening has been recorded');
  expect(await statusOf(page, 'Ask providers to assess')).toBe('Not yet started');

  for (const [name, provider] of [
    ['Drug rehabilitation requirement (DRR)', actors.provider.org],
    ['Mental health treatment requirement (MHTR)', actors.mhProvider.org],
  ] as const) {
    page = await openTask(s, 'Ask providers to assess');
    await page.getByRole('radio', { name }).check();
    await page.getByLabel('Provider organisation code').fill(provider);
    await press(s, 'Save');
    expect(await banner(page)).toContain('The provider has been asked to assess');
  }
  expect(await statusOf(page, 'Ask providers to assess')).toBe('In progress');
  expect(await statusOf(page, 'Record consent')).toBe('Cannot start yet');
}

/** Once the providers have assessed (through the API), the assessor records consent to each and proposes. */
async function consentsAndProposes(run: Run) {
  const { s, orderId, today } = assessing[run];
  let page: Session['page'];
  const order: Json = await j.get(actors.assessor, `/v1/orders/${orderId}`);
  const idOf = (type: string) =>
    (order.proposedRequirements as Json[]).find((r) => r.type === type).requirementId as string;
  const [drrId, mhtrId] = [idOf('DRR'), idOf('MHTR')];
  await j.post(
    actors.provider,
    `/v1/requirements/${drrId}/assessment`,
    assessmentBody({ type: 'DRR', months: 6 }),
  );
  await j.post(
    actors.mhProvider,
    `/v1/requirements/${mhtrId}/assessment`,
    assessmentBody({ type: 'MHTR', months: 6 }),
  );

  await visit(s, `/cases/${orderId}`);
  await s.page.getByRole('link', { name: /^Pre-sentence pathway/ }).click();
  page = await landed(s);
  expect(await statusOf(page, 'Ask providers to assess')).toBe('Completed');
  expect(await statusOf(page, 'Propose the CSTR')).toBe('Cannot start yet');
  for (const type of ['DRR', 'MHTR']) {
    page = await openTask(s, `Record consent to the ${type}`);
    await page
      .getByRole('group', { name: 'Is the person willing to comply with the requirement?' })
      .getByRole('radio', { name: 'Yes' })
      .check();
    await press(s, 'Save');
    expect(await banner(page)).toContain('The person’s answer has been recorded');
    expect(await statusOf(page, `Record consent to the ${type}`)).toBe('Completed');
  }

  page = await openTask(s, 'Propose the CSTR');
  await page.getByLabel('Pre-sentence report reference').fill(`PSR-${run}`);
  await press(s, 'Save');
  expect(await banner(page)).toContain('The proposal has been submitted to the court');
  expect(await page.getByTestId('pathway-progress').innerText()).toBe('You have completed 6 of 6 tasks.');
  const proposed: Json = await j.get(actors.assessor, `/v1/orders/${orderId}`);
  expect(proposed.status).toBe('PROPOSED');
  expect([...(proposed.case.proposal.requirementIds as string[])].sort()).toEqual([drrId, mhtrId].sort());
  expect(proposed.case.hearingDate).toBe(today);
  await s.context.close();
  cases[run] = { orderId, drrId, mhtrId };
}

/** Within one requirement's fieldset of the sentence form. */
const requirement = (s: Session, n: number) => s.page.getByTestId(`requirement-${n}`);

/** Each run's court, signed in on the sentence form it has filled in. */
const sentencing = {} as Record<Run, Session>;

/**
 * The court fills in the sentence of the proposal (a community order with a DRR reviewed monthly, an MHTR and
 * unpaid work), adding the MHTR and the unpaid work one fieldset at a time; the domain refuses the first
 * review's date, linked to the field.
 */
async function fillsSentence(run: Run) {
  const { orderId } = cases[run];
  const s = await signedIn('court', COURT_CODE, run === 'on');
  sentencing[run] = s;
  const today = await j.today();
  const endOfTreatment = lastDayOf(today, 6);
  await visit(s, `/cases/${orderId}`);
  await s.page.getByRole('link', { name: 'Record the sentence' }).click();
  const page = await landed(s);

  await page.getByRole('radio', { name: 'Community order' }).check();
  await fillDate(page, 'End date of the order', lastDayOf(today, 12));
  let r = requirement(s, 1);
  await r.getByRole('radio', { name: 'Drug rehabilitation requirement (DRR)' }).check();
  await r.getByRole('radio', { name: 'Non resident' }).check();
  await fillDate(r, 'Treatment starts on', today);
  await fillDate(r, 'Treatment ends on', endOfTreatment);
  await r.getByLabel('Treatment director').fill('Dr A Director');
  await r.getByLabel('Place of treatment').fill('Lambeth Drug Service');
  await r.getByLabel('Intervals of treatment').fill('weekly');
  await r
    .getByRole('group', { name: 'Does the order provide for review hearings?' })
    .getByRole('radio', { name: 'Yes' })
    .check();
  // Too soon: the domain refuses it, and the refusal links to the date.
  await fillDate(r, 'Date of the first review hearing', addDays(today, 7));
  await r.getByLabel('Months between reviews').fill('1');

  // Add another: the form comes back with a second fieldset and what was typed kept.
  await press(s, 'Add another requirement');
  expect(await requirement(s, 1).getByLabel('Treatment director').inputValue()).toBe('Dr A Director');
  r = requirement(s, 2);
  await r.getByRole('radio', { name: 'Mental health treatment requirement (MHTR)' }).check();
  await r.getByRole('radio', { name: 'Practitioner based' }).check();
  await fillDate(r, 'Treatment starts on', today);
  await fillDate(r, 'Treatment ends on', endOfTreatment);
  await r.getByLabel('Practitioner', { exact: true }).fill('Dr R Hughes');

  await press(s, 'Add another requirement of the order');
  await page.getByRole('radio', { name: 'Unpaid work' }).check();
  await page.getByLabel('Unpaid work: hours').fill('100');

  await press(s, 'Record the sentence');
  const refusal = page
    .locator('.govuk-error-summary')
    .getByRole('link', { name: 'The first review is at least one month after the sentence.' });
  expect(await refusal.getAttribute('href')).toBe('#r0-firstReviewDate-day');
  expect(await requirement(s, 2).getByLabel('Practitioner', { exact: true }).inputValue()).toBe(
    'Dr R Hughes',
  );
}

/** The court corrects the date: the order is made with both requirements and the unpaid work. */
async function makesOrder(run: Run) {
  const { orderId, drrId, mhtrId } = cases[run];
  const s = sentencing[run];
  const page = s.page;
  const today = await j.today();
  const endOfTreatment = lastDayOf(today, 6);
  await fillDate(requirement(s, 1), 'Date of the first review hearing', addMonths(today, 1));
  await press(s, 'Record the sentence');
  expect(new URL(page.url()).pathname).toBe(`/cases/${orderId}`);
  expect(await banner(page)).toContain('The sentence has been recorded');
  const made: Json = await j.get(actors.court, `/v1/orders/${orderId}`);
  expect(made.status).toBe('ACTIVE');
  expect(made.order.orderType).toBe('COMMUNITY_ORDER');
  const others = made.order.otherRequirements as Json[];
  expect(others.map((o: Json) => [o.type, o.hours] as unknown[])).toEqual([['UNPAID_WORK', 100]]);
  const terms = Object.fromEntries((made.requirements as Json[]).map((x) => [x.type, x]));
  expect(terms.DRR.mode).toBe('NON_RESIDENT');
  expect(terms.MHTR.mode).toBe('PRACTITIONER_BASED');
  expect(terms.DRR.periods).toEqual([{ start: today, end: endOfTreatment }]);
  await imposed(j, drrId);
  await imposed(j, mhtrId);
  await s.context.close();
}

describe('the court assessor’s pre-sentence pathway, from opening to proposal', () => {
  for (const run of ['on', 'off'] as const) {
    const js = run === 'on' ? '' : ', with JavaScript off';
    const twice = run === 'on' ? '; a double click opens one' : '';
    it(`opens a case: what is left out is an error summary${twice}${js}`, () => opensCase(run));
    it(`screens it in and asks two providers to assess${js}`, () => screensAndAsks(run));
    it(`records consent to each requirement assessed suitable and proposes the CSTR${js}`, () =>
      consentsAndProposes(run));
  }
});

describe('the court’s sentence of a DRR and an MHTR together', () => {
  for (const run of ['on', 'off'] as const) {
    const js = run === 'on' ? '' : ', with JavaScript off';
    it(`adds each requirement in its own fieldset; a refusal links to its field${js}`, () =>
      fillsSentence(run));
    it(`makes the order once the refusal is put right${js}`, () => makesOrder(run));
  }
});

describe('today’s hearings at the court', () => {
  it('lists the review hearing and the breach hearing at my court, each linking to its outcome form', async () => {
    const { orderId, drrId } = cases.on;
    // A missed session, decided unacceptable, referred and laid before this court: breach proceedings.
    await referred(j, drrId, 'DRR');
    const start = later(new Date(await h.env.currentTimeMs()).toISOString(), 24 * HOUR);
    const booked: Json = await j.post(
      actors.probation,
      `/v1/requirements/${drrId}/appointments`,
      sessionBooking(start),
    );
    await j.sleepUntil(later(start, HOUR));
    await j.post(actors.provider, `/v1/requirements/${drrId}/appointments/${booked.id}/outcome`, MISSED);
    const incidentId = await pendingIncident(j, orderId, []);
    await j.post(actors.probation, `/v1/orders/${orderId}/incidents/${incidentId}/decision`, {
      decision: 'UNACCEPTABLE',
    });
    const referral: Json = await j.post(actors.probation, `/v1/orders/${orderId}/enforcement-referrals`, {
      incidentId,
    });
    const referralId = referral.referralId as string;
    await j.post(actors.enforcement, `/v1/orders/${orderId}/breach-proceedings`, {
      referralId,
      informationLaidOn: await j.today(),
      courtCode: COURT_CODE,
    });
    // The day of the first review hearing.
    const review = await h.deps.db
      .selectFrom('reviews')
      .select(['id', 'review_date'])
      .where('requirement_id', '=', drrId)
      .orderBy('review_date')
      .executeTakeFirstOrThrow();
    await j.sleepUntil(`${review.review_date}T08:00:00.000Z`);
    engineNow = new Date(await h.env.currentTimeMs());

    const s = await signedIn('court', COURT_CODE, true);
    const before = new Date();
    await s.page.getByRole('link', { name: 'Today’s hearings at your court' }).click();
    let page = await landed(s);
    expect(await accessLogged('court', orderId, before)).toEqual(
      expect.arrayContaining([
        { action: 'READ', resource_type: 'requirement', resource_id: drrId },
        { action: 'READ', resource_type: 'order', resource_id: orderId },
      ]),
    );
    const reviews = page.getByTestId('review-hearings');
    expect(await reviews.innerText()).toContain('Robin Example');
    const breaches = page.getByTestId('breach-hearings');
    expect(await breaches.innerText()).toContain('Robin Example');

    await reviews.getByRole('link', { name: 'Record the outcome for Robin Example' }).click();
    page = await landed(s);
    expect(new URL(page.url()).pathname).toBe(`/requirements/${drrId}/reviews/${review.id}/outcome`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Record the review’s outcome');
    await page.goBack();
    await s.page
      .getByTestId('breach-hearings')
      .getByRole('link', { name: 'Record the outcome for Robin Example' })
      .click();
    page = await landed(s);
    expect(new URL(page.url()).pathname).toMatch(
      new RegExp(`^/cases/${orderId}/breach-proceedings/[0-9a-f-]{36}/outcome$`),
    );
    await s.context.close();
  });
});

describe('another court', () => {
  it('gets “Page not found” for the pathway, its forms, the sentence; and none of this court’s hearings', async () => {
    const { orderId, drrId } = cases.off;
    const assessor = await signedIn('court-assessor', 'C99XX00', true);
    for (const path of [
      `/cases/${orderId}/pathway`,
      `/cases/${orderId}/screening`,
      `/cases/${orderId}/proposal`,
      `/requirements/${drrId}/consent`,
    ])
      await visit(assessor, path, 404);
    await assessor.context.close();
    const court = await signedIn('court', 'C99XX00', true);
    await visit(court, `/cases/${orderId}/sentence`, 404);
    const page = await visit(court, '/hearings');
    expect(await page.getByTestId('no-review-hearings').count()).toBe(1);
    expect(await page.getByTestId('no-breach-hearings').count()).toBe(1);
    await court.context.close();
  });
});
