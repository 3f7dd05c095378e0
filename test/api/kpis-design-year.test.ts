import fc from 'fast-check';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { DIMENSIONS, type Figure, computeFigures } from '../../api/kpis/figures';
import { finestFacts } from '../../api/kpis/period-facts';
import { COMPLETED_ENDINGS, KPIS, NEUTRAL_ENDINGS, type FactId } from '../../api/kpis/registry';
import { factOptions, kpiReport, periodOf } from '../../api/kpis/report';
import type { Principal } from '../../api/env';
import { designYear } from '../../bench/data/design-year';
import type { OrderLife } from '../../bench/data/records';
import { loadOrders } from '../../bench/ingest/load';
import { daysBetween, londonDate, workingDaysBetween } from '../../domain/calendar';
import { DEFAULT_CONFIG } from '../../domain/config';
import { useTestDatabase } from '../support/database';

// The KPI code (SQL over the stored events and projections) against a direct fold of the design year's
// events in memory, written from the definitions alone: every figure, with no suppression (threshold 1).
const t = useTestDatabase();
const lives: OrderLife[] = [...designYear({ scale: 0.004 })];
const commissioner: Principal = { sub: 'c', role: 'commissioner', org: 'NATIONAL', clientId: 'NATIONAL/c' };

beforeAll(async () => {
  const client = new pg.Client({ connectionString: t.url });
  await client.connect();
  try {
    await loadOrders(client, lives);
  } finally {
    await client.end();
  }
});

interface Unit {
  fact: FactId;
  category: string | null;
  type: string;
  num: number;
  den: number;
  days?: number;
}

type Payload = Record<string, unknown> & { type: string; at: string };

/** Every KPI unit of the period, from the events of the year alone. */
function foldYear(from: string, to: string): Unit[] {
  const inPeriod = (date: string) => date >= from && date < to;
  const units: Unit[] = [];
  const ATTENDED = new Set(['ATTENDED_COMPLIED', 'ATTENDED_LATE_COMPLIED', 'ATTENDED_FAILED_TO_COMPLY']);
  const ABSENT = new Set(['FAILED_TO_ATTEND', 'SENT_HOME_BEHAVIOUR']);
  for (const life of lives) {
    const order = life.events.filter((e) => e.requirementId === null).map((e) => e.record.event as Payload);
    const typeOf = new Map<string, string>();
    for (const e of order)
      if (e.type === 'AssessmentRequested')
        typeOf.set(e.requirementId as string, e.requirementType as string);
    const made = order.find((e) => e.type === 'OrderMade');
    const imposedIds = ((made?.impositions ?? []) as { requirementId: string }[]).map((i) => i.requirementId);
    const orderType = [...new Set(imposedIds.map((id) => typeOf.get(id)!))].sort().join('+');
    const add = (u: Omit<Unit, 'type'>, requirementId: string | null) =>
      units.push({ ...u, type: requirementId === null ? orderType : typeOf.get(requirementId)! });
    const sentenced = made?.sentenceDate as string | undefined;

    const proposed = new Set<string>();
    for (const e of order)
      if (e.type === 'ProposalSubmitted' && inPeriod(londonDate(e.at)))
        for (const id of e.requirementIds as string[]) proposed.add(id);
    for (const id of proposed) add({ fact: 'proposed', category: null, num: 1, den: 0 }, id);

    const decidedInPeriod =
      (sentenced !== undefined && inPeriod(sentenced)) ||
      order.some(
        (e) => e.type === 'SentenceRecorded' && e.outcome !== 'ADJOURNED' && inPeriod(londonDate(e.at)),
      );
    if (decidedInPeriod) {
      const assessed = new Map<string, unknown>();
      const consent = new Map<string, unknown>();
      for (const e of order) {
        if (e.type === 'AssessmentCompleted') assessed.set(e.requirementId as string, e.outcome);
        if (e.type === 'ConsentRecorded') consent.set(e.requirementId as string, e.status);
      }
      for (const [id, outcome] of assessed)
        if (outcome === 'SUITABLE' && consent.get(id) === 'GIVEN')
          add(
            { fact: 'suitable-consented', category: null, num: imposedIds.includes(id) ? 1 : 0, den: 1 },
            id,
          );
    }

    if (sentenced !== undefined && inPeriod(sentenced)) {
      add({ fact: 'orders-made', category: null, num: 1, den: 0 }, null);
      const inducted = order.find((e) => e.type === 'InductionCompleted')?.completedOn as string | undefined;
      if (inducted !== undefined)
        add(
          { fact: 'induction-days', category: null, num: 0, den: 0, days: daysBetween(sentenced, inducted) },
          null,
        );
      const within =
        inducted !== undefined && daysBetween(sentenced, inducted) <= DEFAULT_CONFIG.inductionWithinDays;
      add({ fact: 'induction-within-5-days', category: null, num: within ? 1 : 0, den: 1 }, null);
      for (const id of imposedIds) {
        add({ fact: 'imposed', category: null, num: 1, den: 0 }, id);
        const events = life.events
          .filter((e) => e.requirementId === id)
          .map((e) => e.record.event as Payload);
        const started = events.find((e) => e.type === 'TreatmentStarted');
        const booked =
          started &&
          events.find((e) => e.type === 'AppointmentBooked' && e.appointmentId === started.appointmentId);
        const on = started ? londonDate((booked?.start as string | undefined) ?? started.at) : undefined;
        if (on !== undefined)
          add(
            { fact: 'treatment-days', category: null, num: 0, den: 0, days: daysBetween(sentenced, on) },
            id,
          );
        const wd =
          on !== undefined &&
          workingDaysBetween(sentenced, on, { extraBankHolidays: DEFAULT_CONFIG.extraBankHolidays }) <=
            DEFAULT_CONFIG.firstAppointmentWithinWorkingDays;
        add({ fact: 'treatment-within-10-working-days', category: null, num: wd ? 1 : 0, den: 1 }, id);
        const weeks = on !== undefined && daysBetween(sentenced, on) <= 21;
        add({ fact: 'treatment-within-3-weeks', category: null, num: weeks ? 1 : 0, den: 1 }, id);
      }
    }

    const ended = order.find((e) => e.type === 'OrderEnded');
    if (sentenced !== undefined && sentenced < to && !(ended && (ended.endedOn as string) < from)) {
      const warnings = order.filter((e) => e.type === 'WarningGiven' && inPeriod(e.givenOn as string)).length;
      add({ fact: 'warnings', category: null, num: warnings, den: 1 }, null);
    }
    for (const e of order) {
      if (e.type === 'IncidentDecided' && inPeriod(e.decidedOn as string))
        add({ fact: 'absences', category: e.decision as string, num: 1, den: 0 }, e.requirementId as string);
      if (e.type === 'ReferredToEnforcementOfficer' && inPeriod(e.referredOn as string))
        add({ fact: 'enforcement-referrals', category: null, num: 1, den: 0 }, null);
      if (
        e.type === 'BreachDealtWith' &&
        ['PROVED', 'ADMITTED'].includes(e.finding as string) &&
        inPeriod(e.decidedOn as string)
      )
        add(
          { fact: 'breaches-proved', category: (e.disposal as string | null) ?? 'NONE', num: 1, den: 0 },
          null,
        );
      if (e.type === 'OrderEnded' && inPeriod(e.endedOn as string)) {
        const reason = e.reason as string;
        add({ fact: 'order-endings', category: reason, num: 1, den: 0 }, null);
        if (!(NEUTRAL_ENDINGS as readonly string[]).includes(reason))
          add(
            {
              fact: 'completions',
              category: null,
              num: (COMPLETED_ENDINGS as readonly string[]).includes(reason) ? 1 : 0,
              den: 1,
            },
            null,
          );
      }
    }

    for (const id of life.requirementIds) {
      const events = life.events.filter((e) => e.requirementId === id).map((e) => e.record.event as Payload);
      const withdrawn = { tests: new Set<string>(), reviews: new Set<string>() };
      for (const e of events) {
        const w = e.withdrawn as { testIds: string[]; reviewIds: string[] } | undefined;
        for (const x of w?.testIds ?? []) withdrawn.tests.add(x);
        for (const x of w?.reviewIds ?? []) withdrawn.reviews.add(x);
      }
      const outcomes = new Map<string, string>();
      for (const e of events)
        if (e.type === 'OutcomeRecorded') outcomes.set(e.appointmentId as string, e.outcome as string);
      for (const e of events) {
        if (
          e.type === 'AppointmentBooked' &&
          e.enforceable === true &&
          inPeriod(londonDate(e.start as string))
        ) {
          const outcome = outcomes.get(e.appointmentId as string);
          if (outcome !== undefined && (ATTENDED.has(outcome) || ABSENT.has(outcome)))
            add({ fact: 'attendance', category: null, num: ATTENDED.has(outcome) ? 1 : 0, den: 1 }, id);
        }
        if (
          e.type === 'TestDirected' &&
          inPeriod(londonDate(e.dueAt as string)) &&
          !withdrawn.tests.has(e.testId as string)
        ) {
          const sample = events.findLast((s) => s.type === 'SampleRecorded' && s.testId === e.testId);
          add({ fact: 'drr-tests', category: null, num: sample?.status === 'COLLECTED' ? 1 : 0, den: 1 }, id);
          const result = events.findLast((r) => r.type === 'TestResultRecorded' && r.testId === e.testId);
          for (const s of (result?.substances ?? []) as { substance: string; result: string }[])
            if (['NEGATIVE', 'POSITIVE', 'POSITIVE_PRESCRIBED'].includes(s.result))
              add(
                {
                  fact: 'drr-substance-results',
                  category: s.substance,
                  num: s.result === 'NEGATIVE' ? 1 : 0,
                  den: 1,
                },
                id,
              );
        }
        if (
          e.type === 'ReviewScheduled' &&
          inPeriod(e.date as string) &&
          !withdrawn.reviews.has(e.reviewId as string)
        ) {
          const of = (type: string) => events.filter((x) => x.type === type && x.reviewId === e.reviewId);
          const held =
            of('ReviewHeld').some((x) => londonDate(x.at) <= (e.date as string)) &&
            of('ReviewAdjourned').length === 0;
          add({ fact: 'drr-reviews-on-schedule', category: null, num: held ? 1 : 0, den: 1 }, id);
          const inTime = of('ReviewReportSubmitted').length > 0 && of('ReviewReportOverdue').length === 0;
          add({ fact: 'drr-reports-in-time', category: null, num: inTime ? 1 : 0, den: 1 }, id);
        }
      }
    }
  }
  return units;
}

/** The figures the definitions give over the folded units, for the whole area and by type. */
function expectedFigures(units: Unit[]): Map<string, Pick<Figure, 'numerator' | 'denominator' | 'value'>> {
  const out = new Map<string, Pick<Figure, 'numerator' | 'denominator' | 'value'>>();
  const pct = (n: number, d: number) => (d > 0 ? Math.round((1000 * n) / d) / 10 : null);
  for (const kpi of KPIS) {
    const ofFact = units.filter((u) => u.fact === kpi.fact);
    const groups = [null, ...new Set(ofFact.map((u) => u.type))];
    for (const group of groups) {
      const inGroup = ofFact.filter((u) => group === null || u.type === group);
      for (const category of kpi.categories ?? [null]) {
        const us = inGroup.filter((u) => category === null || u.category === category);
        if (us.length === 0) continue;
        const num = us.reduce((a, u) => a + u.num, 0);
        const den = us.reduce((a, u) => a + u.den, 0);
        const days = us.flatMap((u) => (u.days === undefined ? [] : [u.days])).sort((a, b) => a - b);
        const rank = (p: number) => days[Math.max(1, Math.ceil(p * days.length)) - 1] ?? null;
        const all = inGroup.reduce((a, u) => a + u.num, 0);
        const figure = {
          count: { numerator: num, denominator: null, value: num },
          rate: { numerator: num, denominator: den, value: pct(num, den) },
          per100: { numerator: num, denominator: den, value: pct(num, den) },
          share: { numerator: num, denominator: all, value: pct(num, all) },
          median: { numerator: null, denominator: days.length, value: rank(0.5) },
          p90: { numerator: null, denominator: days.length, value: rank(0.9) },
        }[kpi.statistic];
        out.set(`${kpi.id}|${category}|${group}`, figure);
      }
    }
  }
  return out;
}

describe('the KPIs over the design year equal a direct fold of its events', () => {
  for (const period of ['2027-03', '2027-Q2', '2027-Q4'])
    it(`in ${period}, for England and Wales and by type`, async () => {
      const { from, to } = periodOf(period);
      const expected = expectedFigures(foldYear(from, to));
      const report = await kpiReport(
        t.db,
        commissioner,
        { period, by: 'type' },
        { config: DEFAULT_CONFIG, threshold: 1 },
      );
      const actual = new Map(
        report.value.figures.map((f) => [
          `${f.kpi}|${f.category}|${f.group}`,
          { numerator: f.numerator, denominator: f.denominator, value: f.value },
        ]),
      );
      expect(expected.size).toBeGreaterThan(60);
      expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(expected));
      // The year is busy enough to exercise the figures: none of the headline ones is empty.
      for (const kpi of [
        'orders-made',
        'attendance-rate',
        'drr-tests-achieved',
        'sentence-to-treatment-median-days',
      ])
        expect(expected.get(`${kpi}|null|null`)?.value, kpi).toBeGreaterThan(0);
    });
});

describe('an unfiltered report, from its breakdown’s sums', () => {
  it('equals the figures summed from every combination of type, provider, court and PDU', async () => {
    const periods = [
      ...Array.from(
        { length: 15 },
        (_, i) => `${2027 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
      ),
      ...['2027-Q1', '2027-Q2', '2027-Q3', '2027-Q4', '2028-Q1'],
    ];
    const config = DEFAULT_CONFIG;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...periods),
        fc.constantFrom(null, ...DIMENSIONS),
        fc.constantFrom(1, 3, 5),
        async (period, by, threshold) => {
          const report = await kpiReport(
            t.db,
            commissioner,
            { period, ...(by ? { by } : {}) },
            { config, threshold },
          );
          const range = periodOf(period);
          const finest = await finestFacts(t.db, range, factOptions(range, config));
          expect(report.value.figures).toEqual(computeFigures(finest, by, threshold));
        },
      ),
      { numRuns: 16 },
    );
  });
});
