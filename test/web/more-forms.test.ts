import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../api/app';
import { addDays } from '../../domain/calendar';
import { openCaseBody, sessionBooking } from '../../app/case-fixtures';
import { commandOf, forms, pagePathOf } from '../../web/forms/definitions';
import { createWeb } from '../../web/app';
import { createPdfRenderer } from '../../web/pdf/renderer';
import { TIMELINE_PAGE } from '../../web/pages/timeline';
import { startSession } from '../../web/session/store';
import { type ApiHarness, startApiHarness } from '../api/harness';
import { sentencedCase } from '../api/support/cases';
import { type Actor, type Json, Journey, actors } from '../api/support/journey';
import { missedSession, pendingIncident } from '../api/support/compliance';
import { useTestDatabase } from '../support/database';

// The provider's and probation's forms without a browser: each page as a signed-in person gets it, and its
// posts with the page's CSRF and one-time tokens.

const t = useTestDatabase();
const IDLE_MS = 30 * 60_000;
let h: ApiHarness;
let j: Journey;
let app: ReturnType<typeof createApi>;
let orderId: string;
let drrId: string;
let sentenceDate: string;
/** The case and requirement of the assessment before sentence. */
let preSentence: Record<string, string> = {};

beforeAll(async () => {
  h = await startApiHarness(t);
  j = new Journey(h);
  app = createApi(h.deps);
  app.route(
    '/',
    createWeb({ ...h.deps, signIn: { kind: 'local' }, sessionIdleMs: IDLE_MS, pdf: createPdfRenderer() }),
  );
  const sentenced = await sentencedCase(j, {
    months: 12,
    requirements: [{ type: 'DRR', months: 12, reviewed: true }],
    otherRequirements: [{ type: 'UNPAID_WORK', hours: 100 }],
  });
  orderId = sentenced.orderId;
  drrId = sentenced.ids[0]!;
  sentenceDate = sentenced.sentenceDate;
});
afterAll(async () => {
  await h?.close();
});

const cookies = new Map<string, string>();
async function cookieOf(who: Actor) {
  const known = cookies.get(who.sub);
  if (known) return known;
  const { sessionId } = await startSession(t.db, who, IDLE_MS);
  const cookie = `cstr-session=${sessionId}`;
  cookies.set(who.sub, cookie);
  return cookie;
}

async function page(who: Actor, path: string) {
  const res = await app.request(path, { headers: { Cookie: await cookieOf(who) } });
  return { status: res.status, html: await res.text() };
}

const hidden = (html: string, name: string) =>
  new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1] ?? '';

/** Opens the form page and posts these answers with the page's CSRF and one-time tokens. */
async function send(who: Actor, path: string, answers: Record<string, string>) {
  const form = await page(who, path);
  expect(form.status).toBe(200);
  const res = await app.request(path, {
    method: 'POST',
    headers: { Cookie: await cookieOf(who), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      csrfToken: hidden(form.html, 'csrfToken'),
      formToken: hidden(form.html, 'formToken'),
      ...answers,
    }).toString(),
  });
  return { status: res.status, location: res.headers.get('Location'), html: await res.text() };
}

const errorSummary = (html: string) => /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';

const date = (name: string, day: string) => {
  const [y, m, d] = day.split('-');
  return { [`${name}-day`]: d!, [`${name}-month`]: m!, [`${name}-year`]: y! };
};

const requirementStatus = async (id: string) =>
  (await t.db.selectFrom('requirements').select('status').where('id', '=', id).executeTakeFirstOrThrow())
    .status;

describe('the provider’s assessment before sentence', () => {
  it('is linked on the requirement awaiting assessment; a missing outcome is an error summary; then it is sent to the court assessor', async () => {
    const today = await j.today();
    const opened: Json = await j.post(actors.assessor, '/v1/orders', openCaseBody(today, ['DRR']));
    await j.post(actors.assessor, `/v1/orders/${opened.orderId}/screening`, {
      outcome: 'PROCEED_TO_ASSESSMENT',
    });
    const requested: Json = await j.post(actors.assessor, `/v1/orders/${opened.orderId}/requirements`, {
      type: 'DRR',
      providerOrgId: actors.provider.org,
    });
    const id = requested.requirementId as string;
    preSentence = { orderId: opened.orderId as string, requirementId: id };
    const form = `/requirements/${id}/assessment`;
    expect((await page(actors.provider, `/requirements/${id}`)).html).toContain(`href="${form}"`);

    const bad = await send(actors.provider, form, { proposedPeriodMonths: '6' });
    expect(bad.status).toBe(400);
    expect(errorSummary(bad.html)).toContain('Select the outcome of your assessment');
    expect(errorSummary(bad.html)).toContain('href="#outcome"');
    expect(await requirementStatus(id)).toBe('AWAITING_ASSESSMENT');

    const good = await send(actors.provider, form, {
      outcome: 'SUITABLE',
      proposedMode: 'NON_RESIDENT',
      proposedPeriodMonths: '6',
      treatmentDirector: 'Dr A Director',
    });
    expect(good.status).toBe(303);
    expect(good.location).toBe(`/requirements/${id}?done=recordAssessment`);
    const order: Json = await j.get(actors.assessor, `/v1/orders/${opened.orderId}`);
    const assessed = (order.proposedRequirements as Json[]).find((r) => r.requirementId === id);
    expect(assessed?.assessment).toMatchObject({ outcome: 'SUITABLE', proposedPeriodMonths: 6 });
    // Assessed, the requirement no longer offers the form.
    expect((await page(actors.provider, `/requirements/${id}`)).html).not.toContain(`href="${form}"`);
  });
});

describe('probation’s referral and induction after sentence', () => {
  it('refers the requirement awaiting referral: a code left out is an error summary; then the provider has it', async () => {
    const form = `/requirements/${drrId}/referral`;
    expect((await page(actors.probation, `/requirements/${drrId}`)).html).toContain(`href="${form}"`);
    // Not a form for the provider who assessed it.
    expect((await page(actors.provider, `/requirements/${drrId}`)).html).not.toContain(`href="${form}"`);

    const bad = await send(actors.probation, form, { providerOrgId: '' });
    expect(bad.status).toBe(400);
    expect(errorSummary(bad.html)).toContain('Enter the provider’s organisation code');
    expect(await requirementStatus(drrId)).toBe('AWAITING_REFERRAL');

    const good = await send(actors.probation, form, { providerOrgId: actors.provider.org });
    expect(good.status).toBe(303);
    expect(good.location).toBe(`/requirements/${drrId}?done=referToProvider`);
    expect(await requirementStatus(drrId)).toBe('REFERRED');
    const after = await page(actors.probation, `/requirements/${drrId}`);
    expect(after.html).not.toContain(`href="${form}"`);
    // The provider now sees it, with its acceptance form.
    expect((await page(actors.provider, `/requirements/${drrId}`)).html).toContain(
      `href="/requirements/${drrId}/acceptance"`,
    );
  });

  it('records the induction: a date before the sentence is refused in an error summary; then the link goes', async () => {
    const form = `/cases/${orderId}/induction`;
    expect((await page(actors.probation, `/cases/${orderId}`)).html).toContain(`href="${form}"`);
    expect((await page(actors.court, `/cases/${orderId}`)).html).not.toContain(`href="${form}"`);

    const bad = await send(actors.probation, form, date('completedOn', '2001-01-01'));
    expect(bad.status).toBe(400);
    expect(errorSummary(bad.html)).toContain('href="#completedOn-day"');
    const before: Json = await j.get(actors.probation, `/v1/orders/${orderId}`);
    expect(before.order.inductionCompletedOn).toBeNull();

    const good = await send(actors.probation, form, date('completedOn', sentenceDate));
    expect(good.status).toBe(303);
    expect(good.location).toBe(`/cases/${orderId}?done=completeInduction`);
    const read: Json = await j.get(actors.probation, `/v1/orders/${orderId}`);
    expect(read.order.inductionCompletedOn).toBe(sentenceDate);
    const after = await page(actors.probation, `/cases/${orderId}?done=completeInduction`);
    expect(after.html).toContain('The induction has been recorded');
    expect(after.html).not.toContain(`href="${form}"`);
  });
});

describe('the provider’s forms once it accepts the referral', () => {
  it('offers a practitioner report and rescheduling, not an admission to a non-resident DRR; a reschedule without a reason is an error summary; then the new session supersedes the old', async () => {
    await j.post(actors.provider, `/v1/requirements/${drrId}/acceptance`, { accepted: true });
    const booked: Json = await j.post(
      actors.provider,
      `/v1/requirements/${drrId}/appointments`,
      sessionBooking(`${addDays(sentenceDate, 3)}T10:00:00Z`),
    );
    const requirementPage = (await page(actors.provider, `/requirements/${drrId}`)).html;
    const form = `/requirements/${drrId}/appointments/${booked.id}/reschedule`;
    expect(requirementPage).toContain(`href="${form}"`);
    expect(requirementPage).toContain(`href="/requirements/${drrId}/practitioner-reports"`);
    expect(requirementPage).not.toContain(`href="/requirements/${drrId}/admissions"`);
    expect(requirementPage).not.toContain(`href="/requirements/${drrId}/allocation"`);

    const moved = {
      ...date('start', addDays(sentenceDate, 4)),
      'start-time': '11:00',
      requestedBy: 'PERSON',
    };
    const bad = await send(actors.provider, form, moved);
    expect(bad.status).toBe(400);
    expect(errorSummary(bad.html)).toContain('Enter why the session is rescheduled');

    const good = await send(actors.provider, form, { ...moved, reason: 'A hospital appointment' });
    expect(good.status).toBe(303);
    const read: Json = await j.get(actors.provider, `/v1/requirements/${drrId}`);
    const statuses = (read.appointments as Json[]).map((a) => a.status as string).sort();
    expect(statuses).toEqual(['SCHEDULED', 'SUPERSEDED']);
  });
});

describe('probation’s record of another requirement complied with', () => {
  it('is linked for each not yet complied with; a date in the future is an error summary; then it is recorded', async () => {
    const before: Json = await j.get(actors.probation, `/v1/orders/${orderId}`);
    const other = before.order.otherRequirements[0];
    const form = `/cases/${orderId}/other-requirements/${other.otherRequirementId}/compliance`;
    const casePage = await page(actors.probation, `/cases/${orderId}`);
    expect(casePage.html).toContain(`href="${form}"`);
    expect(casePage.html).toContain('Record compliance: unpaid work');

    const bad = await send(actors.probation, form, date('compliedOn', '2999-01-01'));
    expect(bad.status).toBe(400);
    expect(errorSummary(bad.html)).toContain('href="#compliedOn-day"');

    const good = await send(actors.probation, form, {
      ...date('compliedOn', sentenceDate),
      hoursDone: '100',
    });
    expect(good.status).toBe(303);
    const read: Json = await j.get(actors.probation, `/v1/orders/${orderId}`);
    expect(read.order.otherRequirements[0]).toMatchObject({
      compliedOn: sentenceDate,
      hoursDone: 100,
    });
    expect((await page(actors.probation, `/cases/${orderId}`)).html).not.toContain(`href="${form}"`);
  });
});

describe('every declared form', () => {
  it('shows its page to a role allowed to use it', async () => {
    const ids: Record<string, string> = { orderId, requirementId: drrId };
    const review = await t.db
      .selectFrom('reviews')
      .select('id')
      .where('requirement_id', '=', drrId)
      .executeTakeFirst();
    if (review) ids.reviewId = review.id;
    // The first actor of each role: the DRR's provider, not the MHTR's.
    const byRole = Object.fromEntries(
      Object.values(actors)
        .reverse()
        .map((a) => [a.role, a]),
    ) as Record<string, Actor>;
    const shown: string[] = [];
    for (const form of forms) {
      const role = commandOf(form).roles[0]!;
      const before = form.after === 'pathway' || commandOf(form).target === 'order-via-requirement';
      const at = before ? preSentence : ids;
      const path = pagePathOf(form).replace(/:(\w+)/g, (_, name: string) => at[name] ?? randomUUID());
      shown.push(`${form.operationId} ${(await page(byRole[role]!, path)).status}`);
    }
    expect(shown).toEqual(forms.map((f) => `${f.operationId} 200`));
  });
});

describe('the worklist', () => {
  it('names the person each task is for, linked to their case, and writes its dates as GOV.UK does', async () => {
    const { html } = await page(actors.probation, '/');
    const table = /<table[\s\S]*?data-qa="worklist"[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
    const rows = [...table.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((m) => m[1]!);
    const ours = rows.filter((r) => r.includes(`href="/cases/${orderId}">Alex Example</a>`));
    expect(ours.length).toBeGreaterThan(0);
    expect(table).toContain('>Person<');
    expect(table).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('shows 50 tasks a page, overdue first, with the counts of all of them and GOV.UK pagination; a page past the last is not found', async () => {
    const rowsOf = (html: string) =>
      [...html.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].filter((m) =>
        m[1]!.includes('<td'),
      );
    const count = (html: string, qa: string) => Number(new RegExp(`data-qa="${qa}">(\\d+)<`).exec(html)?.[1]);
    const before = (await page(actors.probation, '/')).html;
    const [overdue, due] = [count(before, 'overdue-count'), count(before, 'due-count')];
    const added = Array.from({ length: 60 }, (_, i) => ({
      aggregate_id: randomUUID(),
      kind: 'ORDER_END',
      subject_id: `paging-${i}`,
      order_id: orderId,
      requirement_id: null,
      role: actors.probation.role,
      org: actors.probation.org,
      // 10 overdue, then 50 due in years to come (after every real task).
      due_at: new Date(Date.now() + (i < 10 ? -1 : 1) * (400 + i) * 86_400_000).toISOString(),
      description: `Paging task ${i}`,
    }));
    await t.db.insertInto('deadlines').values(added).execute();
    try {
      const first = (await page(actors.probation, '/')).html;
      expect([count(first, 'overdue-count'), count(first, 'due-count')]).toEqual([overdue + 10, due + 50]);
      const all = overdue + due + 60;
      expect(rowsOf(first)).toHaveLength(50);
      expect(first).toContain(`(tasks 1 to 50 of ${all})`);
      // Overdue first: the oldest of the added overdue tasks (i = 9, 409 days ago) before any task that is due.
      const texts = rowsOf(first).map((m) => m[1]!);
      const firstDue = texts.findIndex((r) => r.includes('Due</strong>'));
      expect(texts.slice(0, firstDue === -1 ? undefined : firstDue).join()).toContain('Paging task 9');
      expect(first).toMatch(/<nav class="govuk-pagination"[^>]*aria-label="Worklist pages"/);
      expect(first).toContain('href="/?page=2"');
      const pages = Math.ceil(all / 50);
      const last = await page(actors.probation, `/?page=${pages}`);
      expect(last.status).toBe(200);
      expect(rowsOf(last.html)).toHaveLength(all - (pages - 1) * 50);
      expect(last.html).toContain('Paging task 59');
      const previous = pages - 1 === 1 ? '/' : `/?page=${pages - 1}`;
      expect(last.html).toMatch(new RegExp(`href="${previous.replace('?', '\\?')}" rel="prev"`));
      expect((await page(actors.probation, `/?page=${pages + 1}`)).status).toBe(404);
      expect((await page(actors.probation, '/?page=0')).status).toBe(404);
      expect((await page(actors.probation, '/?page=two')).status).toBe(404);
    } finally {
      await t.db.deleteFrom('deadlines').where('subject_id', 'like', 'paging-%').execute();
    }
  });

  it('shows each of the tasks due at the same time once, whichever page they fall on', async () => {
    const dueAt = new Date(Date.now() + 3_000 * 86_400_000).toISOString(); // after every other task
    const tied = Array.from({ length: 120 }, (_, i) => ({
      aggregate_id: randomUUID(),
      kind: 'ORDER_END',
      subject_id: `tied-${i}`,
      order_id: orderId,
      requirement_id: null,
      role: actors.probation.role,
      org: actors.probation.org,
      due_at: dueAt,
      description: `Tied task ${i}.`,
    }));
    await t.db.insertInto('deadlines').values(tied).execute();
    try {
      const shown: string[] = [];
      for (let n = 1; ; n++) {
        const { status, html } = await page(actors.probation, n === 1 ? '/' : `/?page=${n}`);
        if (status === 404) break;
        shown.push(...[...html.matchAll(/Tied task (\d+)\./g)].map((m) => m[1]!));
      }
      expect(shown.toSorted((a, b) => Number(a) - Number(b))).toEqual(tied.map((_, i) => String(i)));
    } finally {
      await t.db.deleteFrom('deadlines').where('subject_id', 'like', 'tied-%').execute();
    }
  });
});

describe('enforcement’s decision to take no further action', () => {
  it('is linked on an open referral; a reason left out is an error summary; then the referral is closed', async () => {
    await missedSession(j, drrId, `${addDays(sentenceDate, 6)}T10:00:00.000Z`);
    const incidentId = await pendingIncident(j, orderId, []);
    await j.post(actors.probation, `/v1/orders/${orderId}/incidents/${incidentId}/decision`, {
      decision: 'UNACCEPTABLE',
    });
    const referral: Json = await j.post(actors.probation, `/v1/orders/${orderId}/enforcement-referrals`, {
      incidentId,
    });
    const referralId = (referral.referralId ?? referral.id) as string;
    const form = `/cases/${orderId}/enforcement-referrals/${referralId}/no-further-action`;
    expect((await page(actors.enforcement, `/cases/${orderId}`)).html).toContain(`href="${form}"`);

    const bad = await send(actors.enforcement, form, {});
    expect(bad.status).toBe(400);
    expect(errorSummary(bad.html)).toContain('href="#reason"');

    const good = await send(actors.enforcement, form, { reason: 'The person has re-engaged with treatment' });
    expect(good.status).toBe(303);
    expect(good.location).toBe(`/cases/${orderId}?done=recordNoFurtherAction`);
    const read: Json = await j.get(actors.probation, `/v1/orders/${orderId}`);
    expect(read.compliance.referrals).toEqual([
      expect.objectContaining({ referralId, status: 'NO_FURTHER_ACTION' }),
    ]);
    const after = await page(actors.enforcement, `/cases/${orderId}?done=recordNoFurtherAction`);
    expect(after.html).toContain('No further action: the referral is closed');
    expect(after.html).not.toContain(`href="${form}"`);
  });
});

// Last: its events are written straight into the table, behind the order's workflow's back (a command on the
// order after them fails to persist).
describe('the case’s timeline, a page at a time', () => {
  it('shows the latest events first, then earlier ones by a link, to the case’s first event; a bad position is not found', async () => {
    for (let i = 1; i <= TIMELINE_PAGE + 5; i++)
      await t.db
        .insertInto('events')
        .values({
          id: randomUUID(),
          order_id: orderId,
          requirement_id: null,
          type: 'WarningGiven',
          payload: JSON.stringify({ type: 'WarningGiven' }),
          actor_sub: 'fixture',
          actor_role: 'probation',
          actor_org: `fixture-${i}`,
          occurred_at: new Date().toISOString(),
        })
        .execute();
    const bylines = (html: string) =>
      [...html.matchAll(/moj-timeline__byline">by ([^<]+)</g)].map((m) => m[1]!);
    const earlier = (html: string) =>
      /href="(\/cases\/[^"]+\?before=\d+)#timeline">Earlier events/.exec(html)?.[1];

    const first = await page(actors.probation, `/cases/${orderId}`);
    expect(bylines(first.html)).toHaveLength(TIMELINE_PAGE);
    expect(bylines(first.html)[0]).toBe(`Probation (fixture-${TIMELINE_PAGE + 5})`);
    expect(first.html).not.toContain('>Latest events<');
    const titles: string[] = [];
    let next = earlier(first.html);
    while (next) {
      const older = await page(actors.probation, next);
      expect(older.status).toBe(200);
      expect(older.html).toContain(`href="/cases/${orderId}#timeline">Latest events`);
      titles.push(...[...older.html.matchAll(/moj-timeline__title">([^<]+)</g)].map((m) => m[1]!));
      next = earlier(older.html);
    }
    const { count } = await t.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('order_id', '=', orderId)
      .executeTakeFirstOrThrow();
    expect(titles).toHaveLength(Number(count) - TIMELINE_PAGE);
    expect(titles.at(-1)).toBe('Case identified');

    expect((await page(actors.probation, `/cases/${orderId}?before=x1`)).status).toBe(404);
  });
});
