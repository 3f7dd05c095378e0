import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../api/app';
import { createWeb } from '../../web/app';
import { createPdfRenderer } from '../../web/pdf/renderer';
import { formLinks, orderFormLinks } from '../../web/forms/links';
import { startSession } from '../../web/session/store';
import { openCaseBody } from '../../app/case-fixtures';
import { type ApiHarness, startApiHarness } from '../api/harness';
import { sentencedCase } from '../api/support/cases';
import { Journey, type Json, actors, eventually } from '../api/support/journey';
import { useTestDatabase } from '../support/database';

// The court's forms on a case, through the pages as a browser posts them: shown, refused with an error
// summary that changes nothing, and sent, the change then on the case page.

const t = useTestDatabase();
const IDLE_MS = 30 * 60_000;
let h: ApiHarness;
let app: ReturnType<typeof createApi>;
let today: string;

beforeAll(async () => {
  h = await startApiHarness(t);
  app = createApi(h.deps);
  app.route(
    '/',
    createWeb({ ...h.deps, signIn: { kind: 'local' }, sessionIdleMs: IDLE_MS, pdf: createPdfRenderer() }),
  );
  today = await new Journey(h).today();
});
afterAll(async () => {
  await h?.close();
});

async function signedIn(who: { sub: string; role: string; org: string }) {
  const { sessionId } = await startSession(t.db, who, IDLE_MS);
  const { csrf_token: csrf } = await t.db
    .selectFrom('web_sessions')
    .select('csrf_token')
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  return { cookie: `cstr-session=${sessionId}`, csrf };
}
type Person = Awaited<ReturnType<typeof signedIn>>;

const page = async (who: Person, path: string) => {
  const res = await app.request(path, { headers: { Cookie: who.cookie } });
  expect(res.status, path).toBe(200);
  return res.text();
};

/** Posts a form as its page has it: the session's CSRF token and the page's one-time token. */
async function send(who: Person, path: string, fields: Record<string, string>) {
  const form = await page(who, path);
  const formToken = /name="formToken" value="([^"]+)"/.exec(form)?.[1];
  expect(formToken).toBeDefined();
  return app.request(path, {
    method: 'POST',
    headers: { Cookie: who.cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrfToken: who.csrf, formToken: formToken!, ...fields }).toString(),
  });
}

const date = (name: string, day: string) => {
  const [y, m, d] = day.split('-');
  return { [`${name}-day`]: d!, [`${name}-month`]: m!, [`${name}-year`]: y! };
};

const dayBefore = (day: string) => new Date(Date.parse(day) - 86_400_000).toISOString().slice(0, 10);

const statusOf = async (orderId: string) =>
  (await t.db.selectFrom('orders').select('status').where('id', '=', orderId).executeTakeFirstOrThrow())
    .status;

/** The status tag beside the case's heading. */
const headingTag = (html: string) =>
  /<h1 class="govuk-heading-l">[^<]*<strong class="govuk-tag[^"]*">([^<]+)<\/strong>/.exec(html)?.[1];

/** An error summary whose only error links to `href` and says `text`. */
function expectErrorSummary(html: string, href: string, text: string | RegExp) {
  expect(html).toContain('govuk-error-summary');
  const links = [...html.matchAll(/<a href="(#[^"]+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]]);
  expect(links).toEqual([[href, expect.stringMatching(text)]]);
}

describe('the court’s forms on a case', () => {
  it('records an adjournment before sentence; a date that is not real is refused on its field', async () => {
    const j = new Journey(h);
    const opened: Json = await j.post(actors.assessor, '/v1/orders', openCaseBody(today, ['DRR']));
    const orderId = opened.orderId as string;
    const court = await signedIn(actors.court);
    const path = `/cases/${orderId}/adjournments`;
    const before = await page(court, `/cases/${orderId}`);
    expect(before).toContain(`href="${path}"`);
    expect(before).not.toContain(`/cases/${orderId}/revocation`);

    const shown = await page(court, path);
    expect(shown).toContain('Record an adjournment');
    expect(shown).toContain('When is the next hearing?');

    const refused = await send(court, path, { ...date('nextHearingDate', '2027-02-31') });
    expect(refused.status).toBe(400);
    expectErrorSummary(
      await refused.text(),
      '#nextHearingDate-day',
      'Enter a real date for the next hearing',
    );
    expect(await page(court, `/cases/${orderId}`)).not.toContain('Hearing adjourned');

    const next = dayBefore(new Date(Date.parse(today) + 8 * 86_400_000).toISOString().slice(0, 10));
    const sent = await send(court, path, { ...date('nextHearingDate', next), reason: 'Awaiting a report' });
    expect(sent.status).toBe(303);
    expect(sent.headers.get('Location')).toBe(`/cases/${orderId}?done=adjournHearing`);
    const after = await page(court, `/cases/${orderId}?done=adjournHearing`);
    expect(after).toContain('The adjournment has been recorded');
    expect(after).toContain('<h3 class="moj-timeline__title">Hearing adjourned</h3>');
  });

  it('takes the court assessor from its pathway to an adjournment or a withdrawal and back to the pathway', async () => {
    const j = new Journey(h);
    const opened: Json = await j.post(actors.assessor, '/v1/orders', openCaseBody(today, ['DRR']));
    const orderId = opened.orderId as string;
    const assessor = await signedIn(actors.assessor);
    const pathway = `/cases/${orderId}/pathway`;
    const adjourn = `/cases/${orderId}/adjournments`;
    const withdraw = `/cases/${orderId}/withdrawal`;
    const before = await page(assessor, pathway);
    expect(before).toContain(`href="${adjourn}"`);
    expect(before).toContain(`href="${withdraw}"`);
    for (const form of [adjourn, withdraw])
      expect(await page(assessor, form)).toContain(`href="${pathway}" class="govuk-back-link"`);

    const sent = await send(assessor, withdraw, { reason: 'The prosecution offered no evidence' });
    expect(sent.status).toBe(303);
    expect(sent.headers.get('Location')).toBe(`${pathway}?done=withdrawCase`);
    const after = await page(assessor, `${pathway}?done=withdrawCase`);
    expect(after).toContain('The case has been withdrawn');
    expect(after).not.toContain(`href="${adjourn}"`);
    expect(await statusOf(orderId)).toBe('CLOSED_WITHDRAWN');
  });

  it('revokes an order; a revocation without a reason is refused and the order stays active', async () => {
    const { orderId } = await sentencedCase(new Journey(h), {
      months: 12,
      requirements: [{ type: 'DRR', months: 12 }],
    });
    const court = await signedIn(actors.court);
    const probation = await signedIn(actors.probation);
    const path = `/cases/${orderId}/revocation`;
    expect(await page(court, `/cases/${orderId}`)).toContain(`href="${path}"`);
    expect(await page(probation, `/cases/${orderId}`)).not.toContain(`href="${path}"`);
    // A community order is not activated, nor a case adjourned once sentenced.
    expect(await page(court, `/cases/${orderId}`)).not.toContain(`/cases/${orderId}/activation`);
    expect(await page(court, `/cases/${orderId}`)).not.toContain(`/cases/${orderId}/adjournments`);

    const refused = await send(court, path, {});
    expect(refused.status).toBe(400);
    expectErrorSummary(await refused.text(), '#reason', 'Select why the court revoked the order');
    expect(await statusOf(orderId)).toBe('ACTIVE');

    const sent = await send(court, path, { reason: 'GOOD_PROGRESS' });
    expect(sent.status).toBe(303);
    const after = await page(court, `/cases/${orderId}?done=revokeOrder`);
    expect(after).toContain('The order has been revoked');
    expect(headingTag(after)).toBe('Ended');
    expect(after).not.toContain(`href="${path}"`);
  });

  it('activates a suspended sentence; R32: an offence before the operational period is an error on the offence date', async () => {
    const { orderId } = await sentencedCase(new Journey(h), {
      orderType: 'SUSPENDED_SENTENCE_ORDER',
      months: 12,
      requirements: [{ type: 'DRR', months: 12 }],
    });
    const court = await signedIn(actors.court);
    const path = `/cases/${orderId}/activation`;
    expect(await page(court, `/cases/${orderId}`)).toContain(`href="${path}"`);
    const shown = await page(court, path);
    expect(shown).toContain('When was the further offence committed?');

    const dates = { ...date('convictionDate', today), ...date('activatedOn', today) };
    const refused = await send(court, path, { ...date('offenceDate', dayBefore(today)), ...dates });
    expect(refused.status).toBe(400);
    expectErrorSummary(
      await refused.text(),
      '#offenceDate-day',
      /^The further offence must have been committed in the operational period/,
    );
    expect(await statusOf(orderId)).toBe('ACTIVE');

    const sent = await send(court, path, { ...date('offenceDate', today), ...dates });
    expect(sent.status).toBe(303);
    const after = await page(court, `/cases/${orderId}?done=activateSuspendedSentence`);
    expect(after).toContain('The suspended sentence has been activated');
    expect(headingTag(after)).toBe('Ended');
    expect(after).not.toContain(`href="${path}"`);
  });

  it('amends a requirement the case page links by its id: replaces it with one of the same kind (R28), then cancels it; a change without the person’s answer is refused; then probation ends the order on completion', async () => {
    const { orderId, ids } = await sentencedCase(new Journey(h), {
      months: 12,
      requirements: [{ type: 'DRR', months: 6 }],
    });
    const court = await signedIn(actors.court);
    const path = `/cases/${orderId}/amendments?requirementId=${ids[0]}`;
    const before = await page(court, `/cases/${orderId}`);
    expect(before).toContain(`href="${path}"`);
    expect(before).toContain('Amend a requirement: Drug rehabilitation requirement (DRR)');
    const shown = await page(court, path);
    expect(shown).toContain(`name="requirementId" value="${ids[0]}"`);
    expect(shown).toContain('value="REPLACE"');

    // R28: replaced only by a requirement of the same kind; refused on the replacement's mode, nothing changed.
    const replacement = {
      requirementId: ids[0]!,
      change: 'REPLACE',
      offenderWilling: 'yes',
      ...date('replacement-start', today),
      ...date('replacement-end', new Date(Date.parse(today) + 90 * 86_400_000).toISOString().slice(0, 10)),
      'replacement-treatmentDirector': 'Dr C Newman',
      'replacement-place': 'Brixton Residential Unit',
    };
    const notSameKind = await send(court, path, { ...replacement, 'replacement-mode': 'INSTITUTION_BASED' });
    expect(notSameKind.status).toBe(400);
    expectErrorSummary(
      await notSameKind.text(),
      '#replacement-mode',
      'A DRR can be replaced only by a requirement of the same kind.',
    );
    const replaced = await send(court, path, { ...replacement, 'replacement-mode': 'RESIDENT' });
    expect(replaced.status).toBe(303);
    const terms = await eventually(
      () => page(court, `/requirements/${ids[0]}`),
      (html) => html.includes('Brixton Residential Unit'),
    );
    expect(terms).toContain('Brixton Residential Unit');
    expect(terms).toContain('Dr C Newman');
    expect(terms).toMatch(/Mode\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*Resident\s*</);

    const refused = await send(court, path, { requirementId: ids[0]!, change: 'CANCEL' });
    expect(refused.status).toBe(400);
    expectErrorSummary(
      await refused.text(),
      '#offenderWilling',
      'Select yes if the person is willing to comply',
    );

    // Answers left in the replacement's questions and the new period end are not asked when it is cancelled.
    const sent = await send(court, path, {
      requirementId: ids[0]!,
      change: 'CANCEL',
      offenderWilling: 'yes',
      'replacement-start-day': '3',
      'replacement-mode': 'INSTITUTION_BASED',
      'newPeriodEnd-year': '20',
    });
    expect(sent.status).toBe(303);
    const after = await page(court, `/cases/${orderId}?done=amendRequirement`);
    expect(after).toContain('The requirement has been amended');
    expect(after).toContain('<h3 class="moj-timeline__title">Amendment applied</h3>');
    expect(headingTag(after)).toBe('Active');
    expect(after).not.toContain(`href="${path}"`);

    // Its only requirement cancelled (settled), probation may end the order on completion (R27).
    const probation = await signedIn(actors.probation);
    const termination = `/cases/${orderId}/termination`;
    expect(await page(probation, `/cases/${orderId}`)).toContain(`href="${termination}"`);
    const ended = await send(probation, termination, {
      ...date('terminationDate', today),
      sentencePlanObjectivesMet: 'yes',
    });
    expect(ended.status).toBe(303);
    expect(ended.headers.get('Location')).toBe(`/cases/${orderId}?done=terminateOnCompletion`);
    const read: Json = await new Journey(h).get(actors.probation, `/v1/orders/${orderId}`);
    expect(read).toMatchObject({
      status: 'ENDED',
      end: { reason: 'TERMINATED_ON_COMPLETION_BY_RO', endedOn: today },
    });
    const endedPage = await page(probation, `/cases/${orderId}?done=terminateOnCompletion`);
    expect(endedPage).toContain('The order’s community requirements have ended on completion');
    expect(endedPage).not.toContain(`href="${termination}"`);
  });
});

describe('which of these forms a case or requirement page links', () => {
  const ORDER = 'order-1';
  const titles = (links: readonly { text: string }[]) => links.map((l) => l.text);

  it('offers activation only on a suspended sentence, its operational period ended included; the end date’s extension only on a community order', () => {
    const sso = { orderType: 'SUSPENDED_SENTENCE_ORDER', appealPending: false };
    const co = { orderType: 'COMMUNITY_ORDER', appealPending: false };
    expect(titles(orderFormLinks('court', ORDER, { status: 'SSO_OPEN_TO_ACTIVATION', order: sso }))).toEqual(
      expect.arrayContaining(['Activate the suspended sentence']),
    );
    expect(
      titles(orderFormLinks('court', ORDER, { status: 'SSO_OPEN_TO_ACTIVATION', order: sso })),
    ).not.toContain('Revoke the order');
    const active = titles(orderFormLinks('court', ORDER, { status: 'ACTIVE', order: co }));
    expect(active).toContain('Extend the end date');
    expect(active).not.toContain('Activate the suspended sentence');
    expect(titles(orderFormLinks('court', ORDER, { status: 'ACTIVE', order: sso }))).not.toContain(
      'Extend the end date',
    );
    expect(titles(orderFormLinks('probation', ORDER, { status: 'ACTIVE', order: co }))).toEqual(
      expect.arrayContaining(['Record the person’s death']),
    );
    expect(titles(orderFormLinks('probation', ORDER, { status: 'ACTIVE', order: co }))).not.toContain(
      'Revoke the order',
    );
  });

  it('offers the appeal’s outcome only while an appeal is pending, and revocation (R29) or a new appeal only while none is', () => {
    const pending = titles(
      orderFormLinks('court', ORDER, {
        status: 'ACTIVE',
        order: { orderType: 'COMMUNITY_ORDER', appealPending: true },
      }),
    );
    expect(pending).toContain('Record the appeal’s outcome');
    expect(pending).not.toContain('Record an appeal');
    expect(pending).not.toContain('Revoke the order');
  });

  it('offers probation the application to court while a practitioner report awaits it, then the court its refusal', () => {
    const awaited = { type: 'DRR', amendmentPending: { appliedToCourtOn: null } };
    const made = { type: 'DRR', amendmentPending: { appliedToCourtOn: '2027-01-04' } };
    expect(titles(formLinks('probation', 'r-1', awaited))).toContain('Record the application to court');
    expect(titles(formLinks('court', 'r-1', awaited))).not.toContain(
      'Record that the court refused the application',
    );
    expect(titles(formLinks('court', 'r-1', made))).toContain(
      'Record that the court refused the application',
    );
    expect(titles(formLinks('probation', 'r-1', made))).not.toContain('Record the application to court');
    expect(titles(formLinks('probation', 'r-1', { type: 'DRR', amendmentPending: null }))).not.toContain(
      'Record the application to court',
    );
  });
});
