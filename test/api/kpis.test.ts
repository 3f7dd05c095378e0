import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Figure } from '../../api/kpis/figures';
import { factOptions, kpiReport, periodOf } from '../../api/kpis/report';
import { KPIS } from '../../api/kpis/registry';
import type { Principal } from '../../api/env';
import { lastDaysWithin, workingDaysAfter } from '../../api/reads/queries/kpis';
import { reportsDb } from '../../db/pool';
import { addDays, addMonths, isBankHoliday, workingDaysBetween } from '../../domain/calendar';
import { DEFAULT_CONFIG } from '../../domain/config';
import { useTestDatabase } from '../support/database';

// A small fixed January 2027, every KPI's answer worked out by hand (threshold 5):
// London (PDU N07LDN, court B01LY00): 20 DRR orders sentenced Tue 5 Jan; 14 inducted in 3 days, 6 in 10;
//   treatment: 12 started Tue 12 Jan (7 days, 5 working days), 6 on Fri 29 Jan (24 days), 2 not started;
//   one more case proposed and assessed but sent to custody; 7 older DRR orders (made 10 Jan 2026) ended in
//   January: 5 completed, 1 revoked for a further offence, 1 on death.
// Manchester (N50MAN, B05MC00): 3 ATR orders sentenced Wed 6 Jan, inducted next day, treatment on 8 Jan.
// Wales (N03CDF, B62CF00): 6 MHTR orders sentenced 5 Jan, inducted next day, no treatment yet.
const t = useTestDatabase();
const commissioner: Principal = {
  sub: 'c-1',
  role: 'commissioner',
  org: 'NATIONAL',
  clientId: 'NATIONAL/c-1',
};
const settings = { config: DEFAULT_CONFIG, threshold: 5 };

const at = (date: string, time = '12:00') => `${date}T${time}:00.000Z`;

async function event(
  orderId: string,
  requirementId: string | null,
  type: string,
  payload: object,
  when: string,
) {
  await t.db
    .insertInto('events')
    .values({
      id: randomUUID(),
      order_id: orderId,
      requirement_id: requirementId,
      type,
      payload: JSON.stringify({ type, at: when, ...payload }),
      actor_sub: 'fixture',
      actor_role: 'court',
      actor_org: 'fixture',
      occurred_at: when,
    })
    .execute();
}

interface Place {
  pdu: string;
  court: string;
}
const LONDON = { pdu: 'N07LDN', court: 'B01LY00' };
const MANCHESTER = { pdu: 'N50MAN', court: 'B05MC00' };
const WALES = { pdu: 'N03CDF', court: 'B62CF00' };

async function orderRow(orderId: string, place: Place, status: string) {
  await t.db
    .insertInto('orders')
    .values({
      id: orderId,
      version: 1,
      status,
      order_type: 'COMMUNITY_ORDER',
      court_code: place.court,
      pdu: place.pdu,
      hearing_date: null,
      sentence_date: null,
      end_date: null,
      opened_at: at('2026-01-01'),
      updated_at: at('2026-01-01'),
      view: JSON.stringify({}),
    })
    .execute();
}

async function requirementRow(
  id: string,
  orderId: string,
  type: string,
  place: Place,
  stage: 'PRE_SENTENCE' | 'SENTENCED',
) {
  await t.db
    .insertInto('requirements')
    .values({
      id,
      order_id: orderId,
      stage,
      version: 1,
      type,
      status: 'X',
      provider_org_id: `PROV-${type}`,
      pdu: place.pdu,
      court_code: place.court,
      period_start: null,
      period_end: null,
      updated_at: at('2026-01-01'),
      view: JSON.stringify({}),
    })
    .execute();
}

/** A case assessed suitable with consent, proposed, and (unless `custody`) made an order with one requirement. */
async function sentencedCase(
  place: Place,
  type: string,
  sentenced: string,
  opts: { inductedOn?: string; treatmentOn?: string; custody?: boolean } = {},
) {
  const orderId = randomUUID();
  const requirementId = randomUUID();
  await orderRow(orderId, place, opts.custody ? 'CLOSED' : 'ACTIVE');
  await requirementRow(requirementId, orderId, type, place, opts.custody ? 'PRE_SENTENCE' : 'SENTENCED');
  await event(orderId, null, 'AssessmentCompleted', { requirementId, outcome: 'SUITABLE' }, at('2026-12-20'));
  await event(orderId, null, 'ConsentRecorded', { requirementId, status: 'GIVEN' }, at('2026-12-20'));
  await event(
    orderId,
    null,
    'ProposalSubmitted',
    { requirementIds: [requirementId] },
    at(sentenced, '09:00'),
  );
  if (opts.custody) {
    await event(orderId, null, 'SentenceRecorded', { outcome: 'CUSTODY' }, at(sentenced, '15:00'));
    return { orderId, requirementId };
  }
  await event(
    orderId,
    null,
    'OrderMade',
    { sentenceDate: sentenced, impositions: [{ requirementId, type }] },
    at(sentenced, '15:00'),
  );
  if (opts.inductedOn)
    await event(orderId, null, 'InductionCompleted', { completedOn: opts.inductedOn }, at(opts.inductedOn));
  if (opts.treatmentOn) {
    const appointmentId = randomUUID();
    await appointment(orderId, requirementId, appointmentId, opts.treatmentOn, 'ATTENDED_COMPLIED', false);
    await event(
      orderId,
      requirementId,
      'TreatmentStarted',
      { requirementId, appointmentId },
      at(opts.treatmentOn, '18:00'),
    );
  }
  return { orderId, requirementId };
}

async function appointment(
  orderId: string,
  requirementId: string,
  id: string,
  date: string,
  outcome: string,
  enforceable = true,
) {
  await t.db
    .insertInto('appointments')
    .values({
      id,
      requirement_id: requirementId,
      order_id: orderId,
      status: 'OUTCOME_RECORDED',
      start_at: at(date, '10:00'),
      kind: 'ONE_TO_ONE',
      enforceable,
      outcome,
      data: JSON.stringify({}),
    })
    .execute();
}

const london: { orderId: string; requirementId: string }[] = [];

beforeAll(async () => {
  for (let i = 0; i < 20; i++)
    london.push(
      await sentencedCase(LONDON, 'DRR', '2027-01-05', {
        inductedOn: i < 14 ? '2027-01-08' : '2027-01-15',
        ...(i < 12 ? { treatmentOn: '2027-01-12' } : i < 18 ? { treatmentOn: '2027-01-29' } : {}),
      }),
    );
  await sentencedCase(LONDON, 'DRR', '2027-01-05', { custody: true });
  for (let i = 0; i < 3; i++)
    await sentencedCase(MANCHESTER, 'ATR', '2027-01-06', {
      inductedOn: '2027-01-07',
      treatmentOn: '2027-01-08',
    });
  for (let i = 0; i < 6; i++) await sentencedCase(WALES, 'MHTR', '2027-01-05', { inductedOn: '2027-01-06' });

  // Older orders ending in January (in force during it, so counted for warnings per 100 orders).
  for (const reason of [...Array(5).fill('COMPLETED_END_DATE'), 'REVOKED_FURTHER_OFFENCE', 'DECEASED']) {
    const orderId = randomUUID();
    await orderRow(orderId, LONDON, 'ENDED');
    await requirementRow(randomUUID(), orderId, 'DRR', LONDON, 'SENTENCED');
    await event(
      orderId,
      null,
      'OrderMade',
      { sentenceDate: '2026-01-10', impositions: [] },
      at('2026-01-10'),
    );
    await event(orderId, null, 'OrderEnded', { endedOn: '2027-01-09', reason }, at('2027-01-09'));
  }

  // Attendance: 25 attended, 3 failed to attend, 2 sent home for behaviour; left out: 2 cancelled by the
  // service, 1 not enforceable, 1 in February.
  const outcomes: string[] = [
    ...Array(25).fill('ATTENDED_COMPLIED'),
    ...Array(3).fill('FAILED_TO_ATTEND'),
    ...Array(2).fill('SENT_HOME_BEHAVIOUR'),
    ...Array(2).fill('CANCELLED_BY_SERVICE'),
  ];
  for (const [i, outcome] of outcomes.entries()) {
    const { orderId, requirementId } = london[i % 20]!;
    await appointment(orderId, requirementId, randomUUID(), '2027-01-20', outcome);
  }
  await appointment(
    london[0]!.orderId,
    london[0]!.requirementId,
    randomUUID(),
    '2027-02-02',
    'FAILED_TO_ATTEND',
  );

  // Absences decided: 4 acceptable and 6 unacceptable in January, 1 in February.
  for (const [i, decision] of [...Array(4).fill('ACCEPTABLE'), ...Array(6).fill('UNACCEPTABLE')].entries()) {
    const { orderId, requirementId } = london[i]!;
    await event(
      orderId,
      null,
      'IncidentDecided',
      { requirementId, decision, decidedOn: '2027-01-21' },
      at('2027-01-21'),
    );
  }
  await event(
    london[0]!.orderId,
    null,
    'IncidentDecided',
    { requirementId: london[0]!.requirementId, decision: 'ACCEPTABLE', decidedOn: '2027-02-01' },
    at('2027-02-01'),
  );

  // 5 warnings, 2 referrals; breaches: 5 proved (fine), 2 admitted (end date extended), 1 not proved.
  for (let i = 0; i < 5; i++)
    await event(london[i]!.orderId, null, 'WarningGiven', { givenOn: '2027-01-22' }, at('2027-01-22'));
  for (let i = 0; i < 2; i++)
    await event(
      london[i]!.orderId,
      null,
      'ReferredToEnforcementOfficer',
      { referredOn: '2027-01-25' },
      at('2027-01-25'),
    );
  const breaches = [
    ...Array(5).fill(['PROVED', 'FINE']),
    ...Array(2).fill(['ADMITTED', 'EXTEND_END_DATE']),
    ['NOT_PROVED', null],
  ] as [string, string | null][];
  for (const [i, [finding, disposal]] of breaches.entries())
    await event(
      london[i]!.orderId,
      null,
      'BreachDealtWith',
      { finding, disposal, decidedOn: '2027-01-27' },
      at('2027-01-27'),
    );

  // DRR tests due in January: 14 collected, 6 not provided, 1 withdrawn. Opiates negative in 9 of the 14,
  // cocaine negative in 12 (2 more pending).
  for (let i = 0; i < 21; i++) {
    const { orderId, requirementId } = london[i % 20]!;
    const collected = i < 14;
    await t.db
      .insertInto('drug_tests')
      .values({
        id: randomUUID(),
        requirement_id: requirementId,
        order_id: orderId,
        status: i === 20 ? 'WITHDRAWN' : collected ? 'RESULTED' : 'NOT_OBTAINED',
        due_at: at('2027-01-18'),
        outcome: null,
        data: JSON.stringify({
          sampleStatus: collected || i === 20 ? 'COLLECTED' : 'NOT_PROVIDED',
          substances: collected
            ? [
                { substance: 'OPIATES', result: i < 9 ? 'NEGATIVE' : 'POSITIVE' },
                { substance: 'COCAINE', result: i < 12 ? 'NEGATIVE' : 'PENDING' },
              ]
            : [],
        }),
      })
      .execute();
  }

  // DRR reviews on 26 January: 7 held that day with reports in time; 5 adjourned, reports overdue; 1 withdrawn.
  for (let i = 0; i < 13; i++) {
    const { orderId, requirementId } = london[i]!;
    const reviewId = randomUUID();
    await t.db
      .insertInto('reviews')
      .values({
        id: reviewId,
        requirement_id: requirementId,
        order_id: orderId,
        status: i === 12 ? 'WITHDRAWN' : i < 7 ? 'HELD' : 'SCHEDULED',
        review_date: '2027-01-26',
        mode: 'HEARING',
        data: JSON.stringify({}),
      })
      .execute();
    await event(
      orderId,
      requirementId,
      'ReviewScheduled',
      { requirementId, reviewId, date: '2027-01-26' },
      at('2026-12-26'),
    );
    if (i < 7) {
      await event(
        orderId,
        requirementId,
        'ReviewReportSubmitted',
        { requirementId, reviewId },
        at('2027-01-21'),
      );
      await event(
        orderId,
        requirementId,
        'ReviewHeld',
        { requirementId, reviewId },
        at('2027-01-26', '11:00'),
      );
    } else if (i < 12) {
      await event(
        orderId,
        requirementId,
        'ReviewReportOverdue',
        { requirementId, reviewId },
        at('2027-01-23'),
      );
      await event(
        orderId,
        requirementId,
        'ReviewAdjourned',
        { requirementId, reviewId, date: '2027-02-09' },
        at('2027-01-26'),
      );
    }
  }
});

const report = async (by?: 'type' | 'pdu' | 'region' | 'provider', p: Principal = commissioner) =>
  (await kpiReport(t.db, p, { period: '2027-01', ...(by ? { by } : {}) }, settings)).value;

const pick = (
  figures: Figure[],
  kpi: string,
  group: string | null = null,
  category: string | null = null,
) => {
  const f = figures.find((x) => x.kpi === kpi && x.group === group && x.category === category);
  if (!f) throw new Error(`no figure ${kpi} ${group} ${category}`);
  const { numerator, denominator, value, suppressed } = f;
  return { numerator, denominator, value, suppressed };
};
const shown = (numerator: number | null, denominator: number | null, value: number | null) => ({
  numerator,
  denominator,
  value,
  suppressed: false,
});
const SUPPRESSED = { numerator: null, denominator: null, value: null, suppressed: true };

describe('the KPIs of a small fixed month, against answers worked out by hand', () => {
  it('counts proposals, impositions and orders, and the share of suitable consenting people given a CSTR', async () => {
    const { figures } = await report();
    expect(pick(figures, 'cstrs-proposed')).toEqual(shown(30, null, 30));
    expect(pick(figures, 'cstrs-imposed')).toEqual(shown(29, null, 29));
    expect(pick(figures, 'orders-made')).toEqual(shown(29, null, 29));
    // 29 of 30 imposed: the one not imposed is a count of 1, so the numerator (and the rate) are suppressed.
    expect(pick(figures, 'suitable-consented-imposed')).toEqual({ ...SUPPRESSED, denominator: 30 });
  });

  it('measures sentence to induction and to the first session attended: median, 90th percentile, within targets', async () => {
    const { figures } = await report();
    // Induction days: 1 ×9, 3 ×14, 10 ×6 (29): nearest rank 15 and 27.
    expect(pick(figures, 'sentence-to-induction-median-days')).toEqual(shown(null, 29, 3));
    expect(pick(figures, 'sentence-to-induction-p90-days')).toEqual(shown(null, 29, 10));
    expect(pick(figures, 'induction-within-5-days')).toEqual(shown(23, 29, 79.3));
    // Treatment days: 2 ×3, 7 ×12, 24 ×6 (21 started): nearest rank 11 and 19.
    expect(pick(figures, 'sentence-to-treatment-median-days')).toEqual(shown(null, 21, 7));
    expect(pick(figures, 'sentence-to-treatment-p90-days')).toEqual(shown(null, 21, 24));
    expect(pick(figures, 'treatment-within-10-working-days')).toEqual(shown(15, 29, 51.7));
    expect(pick(figures, 'in-treatment-within-3-weeks')).toEqual(shown(15, 29, 51.7));
  });

  it('measures attendance, absences and enforcement', async () => {
    const { figures } = await report();
    expect(pick(figures, 'attendance-rate')).toEqual(shown(25, 30, 83.3));
    expect(pick(figures, 'absences-decided', null, 'ACCEPTABLE')).toEqual(SUPPRESSED);
    expect(pick(figures, 'absences-decided', null, 'UNACCEPTABLE')).toEqual(shown(6, null, 6));
    // 5 warnings over 36 orders in force (29 new, 7 ending in January).
    expect(pick(figures, 'warnings-per-100-orders')).toEqual(shown(5, 36, 13.9));
    expect(pick(figures, 'enforcement-referrals')).toEqual(SUPPRESSED);
    expect(pick(figures, 'breaches-proved')).toEqual(shown(7, null, 7));
  });

  it('hides a part of a total when another part is small (secondary suppression)', async () => {
    const { figures } = await report();
    // Breaches proved 7 = fine 5 + end date extended 2: the 2 is suppressed, so the 5 must be too.
    expect(pick(figures, 'breach-outcomes', null, 'EXTEND_END_DATE')).toEqual(SUPPRESSED);
    expect(pick(figures, 'breach-outcomes', null, 'FINE')).toEqual(SUPPRESSED);
    // Endings 7 = completed 5 + further offence 1 + deceased 1: two small parts hide each other.
    expect(pick(figures, 'order-endings', null, 'COMPLETED_END_DATE')).toEqual(shown(5, 7, 71.4));
    expect(pick(figures, 'order-endings', null, 'DECEASED')).toEqual({ ...SUPPRESSED, denominator: 7 });
    // Completion: 5 of 6 (death left out); the 1 not completed would show, so the rate is suppressed.
    expect(pick(figures, 'completion-rate')).toEqual({ ...SUPPRESSED, denominator: 6 });
  });

  it('measures DRR testing against the schedule, results by substance, and reviews', async () => {
    const { figures } = await report();
    expect(pick(figures, 'drr-tests-achieved')).toEqual(shown(14, 20, 70));
    expect(pick(figures, 'drr-negative-share', null, 'OPIATES')).toEqual(shown(9, 14, 64.3));
    expect(pick(figures, 'drr-negative-share', null, 'COCAINE')).toEqual(shown(12, 12, 100));
    expect(pick(figures, 'drr-reviews-held-on-schedule')).toEqual(shown(7, 12, 58.3));
    expect(pick(figures, 'drr-review-reports-in-time')).toEqual(shown(7, 12, 58.3));
  });

  it('breaks figures down by PDU and region, suppressing the small group and the next smallest', async () => {
    for (const [by, london, manchester, wales] of [
      ['pdu', 'N07LDN', 'N50MAN', 'N03CDF'],
      ['region', 'Y56', 'Y62', 'WALES'],
    ] as const) {
      const { figures } = await report(by);
      expect(pick(figures, 'orders-made')).toEqual(shown(29, null, 29));
      expect(pick(figures, 'orders-made', london)).toEqual(shown(20, null, 20));
      expect(pick(figures, 'orders-made', manchester)).toEqual(SUPPRESSED);
      // 6 is not small, but with 3 hidden it would give it away: 29 − 20 − 6.
      expect(pick(figures, 'orders-made', wales)).toEqual(SUPPRESSED);
      // Rates whose denominator is that count are hidden with it.
      expect(pick(figures, 'induction-within-5-days', london)).toEqual(shown(14, 20, 70));
      expect(pick(figures, 'induction-within-5-days', wales)).toEqual(SUPPRESSED);
      expect(pick(figures, 'warnings-per-100-orders', london)).toEqual(shown(5, 27, 18.5));
    }
  });

  it('breaks requirement figures down by type, and order figures by the order’s types', async () => {
    const { figures } = await report('type');
    expect(pick(figures, 'cstrs-imposed', 'DRR')).toEqual(shown(20, null, 20));
    expect(pick(figures, 'cstrs-imposed', 'ATR')).toEqual(SUPPRESSED);
    expect(pick(figures, 'orders-made', 'DRR')).toEqual(shown(20, null, 20));
    // DRR 12 of 20, ATR 3 of 3 (small), MHTR 0 of 6: with ATR hidden, DRR's 12 would give it away (15 − 12 − 0).
    expect(pick(figures, 'treatment-within-10-working-days', 'DRR')).toEqual({
      ...SUPPRESSED,
      denominator: 20,
    });
    expect(pick(figures, 'treatment-within-10-working-days')).toEqual(shown(15, 29, 51.7));
  });

  it('gives order figures no provider breakdown, only their total', async () => {
    const { figures } = await report('provider');
    expect(figures.filter((f) => f.kpi === 'orders-made').map((f) => f.group)).toEqual([null]);
    expect(pick(figures, 'cstrs-imposed', 'PROV-DRR')).toEqual(shown(20, null, 20));
  });

  it('confines a regional commissioner to its region', async () => {
    const londoner: Principal = { ...commissioner, org: 'Y56', clientId: 'Y56/c-1' };
    const { figures, area } = await report(undefined, londoner);
    expect(area).toBe('Y56');
    expect(pick(figures, 'orders-made')).toEqual(shown(20, null, 20));
    await expect(
      kpiReport(t.db, londoner, { period: '2027-01', region: 'Y62' }, settings),
    ).rejects.toMatchObject({
      status: 403,
    });
  });

  it('defines every KPI once, and computes a figure for each', async () => {
    const { figures, definitions } = await report();
    expect(new Set(KPIS.map((k) => k.id)).size).toBe(KPIS.length);
    expect(definitions.map((d) => d.id)).toEqual(KPIS.map((k) => k.id));
    for (const k of KPIS)
      expect(
        figures.some((f) => f.kpi === k.id),
        k.id,
      ).toBe(true);
  });
});

describe('a case sentenced in the period', () => {
  it('counts once among the suitable and consenting, with an order made and another sentence recorded', async () => {
    // Five orders made in May 2027, each case also given a sentence recorded that day (not an adjournment):
    // five suitable and consenting, five imposed.
    for (let i = 0; i < 5; i++) {
      const { orderId } = await sentencedCase(LONDON, 'DRR', '2027-05-04');
      await event(orderId, null, 'SentenceRecorded', { outcome: 'CUSTODY' }, at('2027-05-04', '16:00'));
    }
    const { figures } = (await kpiReport(t.db, commissioner, { period: '2027-05' }, settings)).value;
    expect(pick(figures, 'suitable-consented-imposed')).toEqual(shown(5, 5, 100));
  });
});

describe('the working days from sentence to treatment', () => {
  it('count the weekdays after the first day up to the second, less the bank holidays among them', async () => {
    const day = fc.integer({ min: 0, max: 3 * 366 }).map((n) => addDays('2026-11-01', n));
    await fc.assert(
      fc.asyncProperty(day, day, async (from, to) => {
        const holidays: string[] = [];
        for (let d = from; d <= to; d = addDays(d, 1)) if (isBankHoliday(d)) holidays.push(d);
        const { rows } = await sql<{ n: number }>`
          SELECT ${workingDaysAfter(sql`${from}::date`, sql`${to}::date`, sql`${holidays}::date[]`)}::int AS n
        `.execute(t.db);
        expect(rows[0]!.n).toBe(Math.max(0, workingDaysBetween(from, to)));
      }),
      { numRuns: 60 },
    );
  });

  it('end, for each day of a period, on the last day within the working days by the domain’s calendar', () => {
    const month = fc
      .integer({ min: 0, max: 35 })
      .map((n) => periodOf(addMonths('2026-11-01', n).slice(0, 7)));
    const announced = fc.uniqueArray(
      fc.integer({ min: 0, max: 3 * 366 }).map((n) => addDays('2026-11-01', n)),
      { maxLength: 6 },
    );
    fc.assert(
      fc.property(month, announced, fc.integer({ min: 0, max: 15 }), (period, extraBankHolidays, within) => {
        const config = { ...DEFAULT_CONFIG, extraBankHolidays, firstAppointmentWithinWorkingDays: within };
        const calendar = { extraBankHolidays };
        const { days, lasts } = lastDaysWithin(period, factOptions(period, config));
        expect(days[0]).toBe(period.from);
        expect(addDays(days.at(-1)!, 1)).toBe(period.to);
        days.forEach((day, i) => {
          expect(workingDaysBetween(day, lasts[i]!, calendar)).toBeLessThanOrEqual(within);
          expect(workingDaysBetween(day, addDays(lasts[i]!, 1), calendar)).toBe(within + 1);
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('a period’s facts, computed once', () => {
  // Last in the file: it writes an event into the fixed month.
  it('are reused by every breakdown of the period until an event is written, and then read again', async () => {
    expect(pick((await report()).figures, 'warnings-per-100-orders')).toEqual(shown(5, 36, 13.9));
    expect(pick((await report('pdu')).figures, 'warnings-per-100-orders')).toEqual(shown(5, 36, 13.9));
    const london = await t.db
      .selectFrom('orders')
      .select('id')
      .where('pdu', '=', LONDON.pdu)
      .executeTakeFirstOrThrow();
    await event(london.id, null, 'WarningGiven', { givenOn: '2027-01-28' }, at('2027-01-28'));
    expect(pick((await report()).figures, 'warnings-per-100-orders')).toEqual(shown(6, 36, 16.7));
    expect(pick((await report('pdu')).figures, 'warnings-per-100-orders')).toEqual(shown(6, 36, 16.7));
  });
});

describe('the pool reports read through', () => {
  it('gives a period’s facts statement the time it needs, where a read’s pool gives it 1.5 s', async () => {
    const reports = reportsDb(t.url);
    let release = () => undefined as void;
    const released = new Promise<void>((r) => (release = r));
    let locked = () => undefined as void;
    const isLocked = new Promise<void>((r) => (locked = r));
    // A statement that takes longer than a read may: the facts wait 2.5 s for a lock on the KPI milestones.
    const holding = t.ownerDb.transaction().execute(async (tx) => {
      await sql`LOCK TABLE kpi_milestones IN ACCESS EXCLUSIVE MODE`.execute(tx);
      locked();
      await released;
    });
    try {
      await isLocked;
      const asRead = kpiReport(t.db, commissioner, { period: '2027-02' }, settings).then(
        () => 'answered',
        (error: { code?: string }) => error.code,
      );
      const asReport = kpiReport(reports, commissioner, { period: '2027-02' }, settings);
      setTimeout(release, 2_500);
      expect(await asRead).toBe('57014');
      expect((await asReport).value.period.label).toBe('2027-02');
    } finally {
      release();
      await holding;
      await reports.destroy();
    }
  });
});
