import fc from 'fast-check';
import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import * as milestones from '../../db/migrations/2026_12_07_0010_kpi_milestones';
import * as renumbered from '../../db/migrations/2026_12_07_0020_kpi_milestones_renumbered_appointment';
import * as reviewSums from '../../db/migrations/2026_12_08_0010_kpi_review_sums';
import * as spanSums from '../../db/migrations/2026_12_09_0010_kpi_span_sums';
import * as firstMonthSpans from '../../db/migrations/2026_12_09_0011_kpi_first_month_spans';
import * as spanTriggersNarrowed from '../../db/migrations/2026_12_10_0010_kpi_span_triggers_narrowed';
import type { Database } from '../../db/schema';
import { useTestDatabase } from '../support/database';

// The KPI milestones and the days kept per group and month (2026_12_07_0010_kpi_milestones) against a fold
// from scratch of the rows as they stand: each requirement's, order's and review's milestone computed from its
// events now, posted under its current group, and the days of those milestones counted per group and month.
const t = useTestDatabase();

const ORDERS = ['00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000a2'];
const REQUIREMENTS = [
  { id: '00000000-0000-4000-8000-000000000001', order: 0 },
  { id: '00000000-0000-4000-8000-000000000002', order: 0 },
  { id: '00000000-0000-4000-8000-000000000003', order: 1 },
];
const REVIEWS = [
  { id: '00000000-0000-4000-8000-0000000000c1', requirement: 0 },
  { id: '00000000-0000-4000-8000-0000000000c2', requirement: 2 },
];
/** Appointment i is of requirement i % 3: a requirement's first session is its appointment r or r + 3 (or none). */
const APPOINTMENTS = 6;
const appointmentId = (i: number) => `00000000-0000-4000-8000-a0000000000${i}`;
const DAYS = ['2027-01-04', '2027-01-08', '2027-01-29', '2027-02-01', '2027-03-15'];
const ORDER_TYPES = [
  'OrderMade',
  'SentenceRecorded',
  'InductionCompleted',
  'OrderEnded',
  'ProposalSubmitted',
  'WarningGiven',
];
const REQUIREMENT_TYPES = ['AssessmentCompleted', 'ConsentRecorded'];
const REVIEW_TYPES = [
  'ReviewScheduled',
  'ReviewHeld',
  'ReviewAdjourned',
  'ReviewReportSubmitted',
  'ReviewReportOverdue',
];

type Write =
  | { kind: 'order-event'; order: number; type: string; day: string; detail: boolean }
  | { kind: 'requirement-event'; requirement: number; type: string; day: string; detail: boolean }
  | { kind: 'treatment-started'; requirement: number; session: 0 | 1 | null; day: string; recorded: boolean }
  | { kind: 'review-event'; review: number; type: string; day: string }
  | { kind: 'appointment'; i: number; day: string; status: string }
  | { kind: 'renumber-appointment'; from: number; to: number }
  | { kind: 'delete-appointment'; i: number }
  | { kind: 'review'; review: number; withdrawn: boolean }
  | { kind: 'requirement'; requirement: number; type: string; provider: string | null; stage: string }
  | { kind: 'order'; order: number; court: string; pdu: string }
  | { kind: 'delete'; table: 'reviews' | 'requirements' | 'orders'; i: number }
  | { kind: 'compact' };

const day = fc.constantFrom(...DAYS);
const write: fc.Arbitrary<Write> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('order-event' as const),
      order: fc.integer({ min: 0, max: ORDERS.length - 1 }),
      type: fc.constantFrom(...ORDER_TYPES),
      day,
      detail: fc.boolean(),
    }),
  },
  // Warnings, given (mostly) on a day, as often as the order events between them.
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('order-event' as const),
      order: fc.integer({ min: 0, max: ORDERS.length - 1 }),
      type: fc.constant('WarningGiven'),
      day,
      detail: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('requirement-event' as const),
      requirement: fc.integer({ min: 0, max: REQUIREMENTS.length - 1 }),
      type: fc.constantFrom(...REQUIREMENT_TYPES),
      day,
      detail: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('treatment-started' as const),
      requirement: fc.integer({ min: 0, max: REQUIREMENTS.length - 1 }),
      session: fc.option(fc.constantFrom(0 as const, 1 as const), { freq: 5 }),
      day,
      recorded: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('review-event' as const),
      review: fc.integer({ min: 0, max: REVIEWS.length - 1 }),
      // Most often the event a review's milestone starts from.
      type: fc.oneof(fc.constant('ReviewScheduled'), fc.constantFrom(...REVIEW_TYPES)),
      day,
    }),
  },
  // Booked, then moved or given an outcome (or both) as the projection rewrites it.
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('appointment' as const),
      i: fc.integer({ min: 0, max: APPOINTMENTS - 1 }),
      day,
      status: fc.constantFrom('SCHEDULED', 'ATTENDED', 'WITHDRAWN'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('renumber-appointment' as const),
      from: fc.integer({ min: 0, max: APPOINTMENTS - 1 }),
      to: fc.integer({ min: 0, max: APPOINTMENTS - 1 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('delete-appointment' as const),
      i: fc.integer({ min: 0, max: APPOINTMENTS - 1 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('review' as const),
      review: fc.integer({ min: 0, max: REVIEWS.length - 1 }),
      withdrawn: fc.boolean(),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('requirement' as const),
      requirement: fc.integer({ min: 0, max: REQUIREMENTS.length - 1 }),
      type: fc.constantFrom('DRR', 'ATR'),
      provider: fc.constantFrom(null, 'P1', 'P2'),
      stage: fc.constantFrom('PRE_SENTENCE', 'SENTENCED'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('order' as const),
      order: fc.integer({ min: 0, max: ORDERS.length - 1 }),
      court: fc.constantFrom('C1', 'C2'),
      pdu: fc.constantFrom('PDU-1', 'PDU-2'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('delete' as const),
      table: fc.constantFrom('reviews' as const, 'requirements' as const, 'orders' as const),
      i: fc.integer({ min: 0, max: 2 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'compact' as const }) },
);

const requirementsOf = (order: number) => REQUIREMENTS.filter((r) => r.order === order).map((r) => r.id);

function orderPayload(w: Extract<Write, { kind: 'order-event' }>): object {
  switch (w.type) {
    case 'OrderMade':
      // Some orders impose only their first requirement.
      return {
        sentenceDate: w.day,
        impositions: requirementsOf(w.order)
          .slice(0, w.detail ? undefined : 1)
          .map((requirementId) => ({ requirementId })),
      };
    case 'SentenceRecorded':
      return { outcome: w.detail ? 'ORDER_MADE' : 'ADJOURNED' };
    case 'InductionCompleted':
      return { completedOn: w.day };
    case 'OrderEnded':
      return { endedOn: w.day, reason: 'COMPLETED_END_DATE' };
    case 'WarningGiven':
      return w.detail ? { givenOn: w.day } : {};
    default:
      return { requirementIds: requirementsOf(w.order).slice(0, w.detail ? undefined : 1) };
  }
}

function requirementPayload(w: Extract<Write, { kind: 'requirement-event' }>): object {
  const requirementId = REQUIREMENTS[w.requirement]!.id;
  switch (w.type) {
    case 'AssessmentCompleted':
      return { requirementId, outcome: w.detail ? 'SUITABLE' : 'UNSUITABLE' };
    default:
      return { requirementId, status: w.detail ? 'GIVEN' : 'REFUSED' };
  }
}

let seq = 5000;
async function addEvent(
  db: Kysely<Database>,
  order: string,
  requirement: string | null,
  type: string,
  day: string,
  payload: object,
): Promise<void> {
  // Events of a requirement are on its stream; an order's, on the order's. `day` as kpi_events files it.
  await sql`
    INSERT INTO kpi_events (seq, order_id, requirement_id, type, day, occurred_at, payload)
    SELECT s, ${order}, ${requirement}, ${type}, kpi_event_day(${type}, p, at), at, p
    FROM (VALUES (${seq++}::bigint, ${JSON.stringify(payload)}::jsonb, ${`${day}T10:00:00Z`}::timestamptz)) AS v(s, p, at)`.execute(
    db,
  );
}

/** Writes as the event store, the projections and a report's compaction do. */
async function apply(db: Kysely<Database>, w: Write): Promise<void> {
  switch (w.kind) {
    case 'order-event':
      return addEvent(db, ORDERS[w.order]!, null, w.type, w.day, orderPayload(w));
    case 'requirement-event': {
      // Assessments and consents are the order's events, naming the requirement.
      const r = REQUIREMENTS[w.requirement]!;
      return addEvent(db, ORDERS[r.order]!, null, w.type, w.day, requirementPayload(w));
    }
    case 'treatment-started': {
      // On the requirement's stream; its session none where treatment is residential. Recorded: the session's
      // appointment written attended with the event, as the projection does (else written before, later or never).
      const r = REQUIREMENTS[w.requirement]!;
      const i = w.session === null ? null : w.requirement + REQUIREMENTS.length * w.session;
      if (i !== null && w.recorded)
        await apply(db, { kind: 'appointment', i, day: w.day, status: 'ATTENDED' });
      return addEvent(db, ORDERS[r.order]!, r.id, 'TreatmentStarted', w.day, {
        appointmentId: i === null ? null : appointmentId(i),
      });
    }
    case 'review-event': {
      const review = REVIEWS[w.review]!;
      const r = REQUIREMENTS[review.requirement]!;
      const payload =
        w.type === 'ReviewScheduled' ? { reviewId: review.id, date: w.day } : { reviewId: review.id };
      return addEvent(db, ORDERS[r.order]!, r.id, w.type, w.day, payload);
    }
    case 'appointment': {
      const r = REQUIREMENTS[w.i % REQUIREMENTS.length]!;
      await sql`
        INSERT INTO appointments (id, requirement_id, order_id, status, start_at, kind, enforceable, outcome, data)
        VALUES (${appointmentId(w.i)}, ${r.id}, ${ORDERS[r.order]}, ${w.status}, ${`${w.day}T23:30:00Z`},
          'ONE_TO_ONE', true, NULL, '{}')
        ON CONFLICT (id) DO UPDATE SET start_at = excluded.start_at, status = excluded.status
        WHERE (appointments.start_at, appointments.status) IS DISTINCT FROM (excluded.start_at, excluded.status)`.execute(
        db,
      );
      return;
    }
    case 'renumber-appointment':
      // The row a first session names becomes another appointment's (or the id a session names is taken).
      await sql`
        UPDATE appointments SET id = ${appointmentId(w.to)} WHERE id = ${appointmentId(w.from)}
          AND NOT EXISTS (SELECT FROM appointments WHERE id = ${appointmentId(w.to)})`.execute(db);
      return;
    case 'delete-appointment':
      await sql`DELETE FROM appointments WHERE id = ${appointmentId(w.i)}`.execute(db);
      return;
    case 'review': {
      const review = REVIEWS[w.review]!;
      const r = REQUIREMENTS[review.requirement]!;
      await sql`
        INSERT INTO reviews (id, requirement_id, order_id, status, data, review_date, mode)
        VALUES (${review.id}, ${r.id}, ${ORDERS[r.order]}, ${w.withdrawn ? 'WITHDRAWN' : 'SCHEDULED'}, '{}',
          '2027-01-29', 'IN_PERSON')
        ON CONFLICT (id) DO UPDATE SET status = excluded.status`.execute(db);
      return;
    }
    case 'requirement': {
      const r = REQUIREMENTS[w.requirement]!;
      await sql`
        INSERT INTO requirements (id, order_id, stage, version, type, status, provider_org_id, pdu, court_code,
          updated_at, view)
        VALUES (${r.id}, ${ORDERS[r.order]}, ${w.stage}, 1, ${w.type}, 'ACTIVE', ${w.provider}, 'PDU-1', 'C1', now(), '{}')
        ON CONFLICT (id) DO UPDATE SET stage = excluded.stage, type = excluded.type,
          provider_org_id = excluded.provider_org_id`.execute(db);
      return;
    }
    case 'order':
      await sql`
        INSERT INTO orders (id, version, status, court_code, pdu, opened_at, updated_at, view)
        VALUES (${ORDERS[w.order]}, 1, 'ACTIVE', ${w.court}, ${w.pdu}, now(), now(), '{}')
        ON CONFLICT (id) DO UPDATE SET court_code = excluded.court_code, pdu = excluded.pdu`.execute(db);
      return;
    case 'delete': {
      // Not a write of the app's (it deletes no row), but a trigger's to follow.
      const ids = {
        reviews: REVIEWS.map((v) => v.id),
        requirements: REQUIREMENTS.map((r) => r.id),
        orders: ORDERS,
      };
      await sql`DELETE FROM ${sql.table(w.table)} WHERE id = ${ids[w.table][w.i % ids[w.table].length]}`.execute(
        db,
      );
      return;
    }
    case 'compact':
      // A few at a time: folded or pending, a delta counts once.
      await sql`SELECT kpi_compact_group_day_deltas(2)`.execute(db);
  }
}

const MILESTONE = sql.raw(`concat_ws('|', owner, kind, order_id, requirement_id, sentenced, reached_on,
  started_appointment, ended_on, decided, proposed, suitable_consented, scheduled, counted, on_schedule, in_time,
  posted, p_type, p_provider, p_court, p_pdu)`);

/** Every requirement's, order's and review's milestone as it would be computed from its events now. */
const FOLDED_MILESTONES = sql`
  SELECT (m).owner, (m).kind, (m).order_id, (m).requirement_id, (m).sentenced, (m).reached_on,
    (m).started_appointment, (m).ended_on, (m).decided, (m).proposed, (m).suitable_consented, (m).scheduled,
    (m).counted, (m).on_schedule, (m).in_time, COALESCE(g.present, false) AS posted, g.type AS p_type, g.provider AS p_provider,
    g.court AS p_court, g.pdu AS p_pdu
  FROM (
    SELECT kpi_milestone_of(c.kind, c.owner::uuid, c.order_id::uuid, c.requirement_id::uuid) AS m
    FROM (VALUES ${sql.join([
      ...ORDERS.map((o) => sql`('order', ${o}, ${o}, NULL)`),
      ...REQUIREMENTS.map((r) => sql`('requirement', ${r.id}, ${ORDERS[r.order]}, ${r.id})`),
      ...REVIEWS.map((v) => {
        const r = REQUIREMENTS[v.requirement]!;
        return sql`('review', ${v.id}, ${ORDERS[r.order]}, ${r.id})`;
      }),
    ])}) AS c(kind, owner, order_id, requirement_id)
  ) f
  LEFT JOIN LATERAL kpi_group_of((m).requirement_id, (m).order_id) g ON true
  WHERE (m).owner IS NOT NULL`;

async function keptMilestones(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ m: string }>`SELECT ${MILESTONE} AS m FROM kpi_milestones ORDER BY 1`.execute(
    db,
  );
  return rows.map((r) => r.m);
}

async function foldedMilestones(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ m: string }>`
    SELECT ${MILESTONE} AS m FROM (${FOLDED_MILESTONES}) f ORDER BY 1`.execute(db);
  return rows.map((r) => r.m);
}

const FAN_OUT = (alias: string) =>
  sql.raw(`(VALUES ('all', NULL), ('type', ${alias}.type), ('provider', ${alias}.provider),
  ('court', ${alias}.court), ('pdu', ${alias}.pdu)) AS g(dimension, value)`);

/** What a report reads: the folded counts and the pending deltas, per month, fact, group and days value. */
async function keptDays(db: Kysely<Database>): Promise<Record<string, number>> {
  const { rows } = await sql<{ key: string; n: number }>`
    SELECT concat_ws('|', month, fact, dimension, value, days) AS key, sum(n)::int AS n
    FROM (
      SELECT month, fact, dimension, value, days, n FROM kpi_group_days
      UNION ALL
      SELECT d.month, d.fact, g.dimension, COALESCE(g.value, ''), d.days, d.n
      FROM kpi_group_day_deltas d CROSS JOIN LATERAL ${FAN_OUT('d')}
    ) k
    GROUP BY month, fact, dimension, value, days HAVING sum(n) <> 0`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.key, r.n]));
}

/** The same counts from scratch: the days of every folded milestone with both dates, under its group. */
async function foldedDays(db: Kysely<Database>): Promise<Record<string, number>> {
  const { rows } = await sql<{ key: string; n: number }>`
    WITH units AS (
      SELECT date_trunc('month', sentenced)::date AS month,
        CASE kind WHEN 'order' THEN 'induction-days' ELSE 'treatment-days' END AS fact,
        reached_on - sentenced AS days, p_type AS type, p_provider AS provider, p_court AS court, p_pdu AS pdu
      FROM (${FOLDED_MILESTONES}) f
      WHERE posted AND kind <> 'review' AND sentenced IS NOT NULL AND reached_on IS NOT NULL
    )
    SELECT concat_ws('|', month, fact, dimension, COALESCE(value, ''), days) AS key, count(*)::int AS n
    FROM units u CROSS JOIN LATERAL ${FAN_OUT('u')}
    GROUP BY month, fact, dimension, COALESCE(value, ''), days`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.key, r.n]));
}

const REVIEW_FACTS = sql`('drr-reviews-on-schedule', 'drr-reports-in-time')`;

/** The reviews' units a report reads with the kept sums (2026_12_08_0010_kpi_review_sums), folded and pending. */
async function keptReviews(db: Kysely<Database>): Promise<Record<string, string>> {
  const { rows } = await sql<{ key: string; sums: string }>`
    SELECT concat_ws('|', month, fact, dimension, value) AS key, concat_ws('/', sum(num), sum(den)) AS sums
    FROM (
      SELECT month, fact, dimension, value, num, den FROM kpi_group_sums WHERE fact IN ${REVIEW_FACTS}
      UNION ALL
      SELECT d.month, d.fact, g.dimension, COALESCE(g.value, ''), d.num, d.den
      FROM kpi_group_deltas d CROSS JOIN LATERAL ${FAN_OUT('d')} WHERE d.fact IN ${REVIEW_FACTS}
    ) k
    GROUP BY month, fact, dimension, value HAVING sum(num) <> 0 OR sum(den) <> 0`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.key, r.sums]));
}

/** The same from scratch: every folded review milestone that counts, in the month of its date, under its group. */
async function foldedReviews(db: Kysely<Database>): Promise<Record<string, string>> {
  const { rows } = await sql<{ key: string; sums: string }>`
    WITH units AS (
      SELECT date_trunc('month', scheduled)::date AS month, f.fact, f.met::int AS num,
        p_type AS type, p_provider AS provider, p_court AS court, p_pdu AS pdu
      FROM (${FOLDED_MILESTONES}) r CROSS JOIN LATERAL (VALUES ('drr-reviews-on-schedule', on_schedule),
        ('drr-reports-in-time', in_time)) AS f(fact, met)
      WHERE posted AND kind = 'review' AND counted
    )
    SELECT concat_ws('|', month, fact, dimension, COALESCE(value, '')) AS key,
      concat_ws('/', sum(num), count(*)) AS sums
    FROM units u CROSS JOIN LATERAL ${FAN_OUT('u')}
    GROUP BY month, fact, dimension, COALESCE(value, '')`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.key, r.sums]));
}

/** Every period of whole months around the writes' days: [from, to). */
const PERIODS = sql.join(
  ['2026-12-01', '2027-01-01', '2027-02-01', '2027-03-01', '2027-04-01'].flatMap((from, i, months) =>
    months.slice(i + 1).map((to) => sql`(${from}::date, ${to}::date)`),
  ),
);

/**
 * What a report reads of the month spans (2026_12_09_0010_kpi_span_sums, 0011_kpi_first_month_spans), folded
 * and pending, for every period.
 */
async function keptSpans(db: Kysely<Database>): Promise<Record<string, string>> {
  const { rows } = await sql<{ key: string; sums: string }>`
    SELECT concat_ws('|', p.f, p.t, fact, dimension, value) AS key, concat_ws('/', sum(num), sum(den)) AS sums
    FROM (VALUES ${PERIODS}) AS p(f, t) JOIN (
      SELECT fact, since, until, previous, dimension, value, num, den FROM kpi_span_sums
      UNION ALL
      SELECT d.fact, d.since, d.until, d.previous, g.dimension, COALESCE(g.value, ''), d.num, d.den
      FROM kpi_span_deltas d CROSS JOIN LATERAL ${FAN_OUT('d')}
    ) k ON k.since < p.t AND k.until >= p.f AND k.previous < p.f
    GROUP BY p.f, p.t, fact, dimension, value HAVING sum(num) <> 0 OR sum(den) <> 0`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.key, r.sums]));
}

/**
 * The same from scratch, by the facts' definitions: each requirement proposed in the period once, each
 * suitable and consented one whose order's case was decided in it once (imposed if sentenced in it), each order
 * in force in it with its warnings given in it.
 */
async function foldedSpans(db: Kysely<Database>): Promise<Record<string, string>> {
  const { rows } = await sql<{ key: string; sums: string }>`
    WITH m AS (${FOLDED_MILESTONES}),
    units AS (
      SELECT p.f, p.t, 'proposed' AS fact, 1 AS num, 0 AS den, r.p_type AS type, r.p_provider AS provider,
        r.p_court AS court, r.p_pdu AS pdu
      FROM (VALUES ${PERIODS}) AS p(f, t) JOIN m r ON r.kind = 'requirement' AND r.posted
        AND r.proposed && daterange(p.f, p.t)
      UNION ALL
      SELECT p.f, p.t, 'suitable-consented', COALESCE(r.sentenced >= p.f AND r.sentenced < p.t, false)::int, 1,
        r.p_type, r.p_provider, r.p_court, r.p_pdu
      FROM (VALUES ${PERIODS}) AS p(f, t) JOIN m r ON r.kind = 'requirement' AND r.posted AND r.suitable_consented
        AND EXISTS (SELECT FROM m o WHERE o.owner = r.order_id AND o.kind = 'order' AND o.decided && daterange(p.f, p.t))
      UNION ALL
      SELECT p.f, p.t, 'warnings', (
          SELECT count(*)::int FROM kpi_events e WHERE e.type = 'WarningGiven' AND e.order_id = o.owner
            AND (e.payload->>'givenOn')::date >= p.f AND (e.payload->>'givenOn')::date < p.t), 1,
        o.p_type, o.p_provider, o.p_court, o.p_pdu
      FROM (VALUES ${PERIODS}) AS p(f, t) JOIN m o ON o.kind = 'order' AND o.posted AND o.sentenced < p.t
        AND (o.ended_on IS NULL OR o.ended_on >= p.f)
    )
    SELECT concat_ws('|', f, t, fact, dimension, COALESCE(value, '')) AS key, concat_ws('/', sum(num), sum(den)) AS sums
    FROM units u CROSS JOIN LATERAL ${FAN_OUT('u')}
    GROUP BY f, t, fact, dimension, COALESCE(value, '')`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.key, r.sums]));
}

/**
 * Back to nothing (as the owner: events are never deleted by the app). The milestones before their events, and
 * the requirements' before the orders': a milestone's spans are taken off under its events and its order's
 * decided days as they stand.
 */
async function clear(): Promise<void> {
  for (const table of ['appointments', 'reviews'] as const) await t.ownerDb.deleteFrom(table).execute();
  await t.ownerDb.deleteFrom('kpi_milestones').where('kind', '<>', 'order').execute();
  for (const table of ['kpi_milestones', 'kpi_events', 'kpi_event_units', 'requirements', 'orders'] as const)
    await t.ownerDb.deleteFrom(table).execute();
  await sql`SELECT kpi_compact_group_day_deltas(), kpi_compact_group_deltas(), kpi_compact_span_deltas()`.execute(
    t.db,
  );
}

describe('the KPI milestones and the days kept per group and month', () => {
  it('equal a fold from scratch after any mix of writes, group changes and compactions, alone or in one transaction', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ together: fc.boolean(), writes: fc.array(write, { maxLength: 10 }) }), {
          minLength: 1,
          maxLength: 6,
        }),
        async (batches) => {
          try {
            for (const { together, writes } of batches) {
              if (together)
                await t.db.transaction().execute(async (tx) => {
                  for (const w of writes) await apply(tx, w);
                });
              else for (const w of writes) await apply(t.db, w);
              expect(await keptMilestones(t.db)).toEqual(await foldedMilestones(t.db));
              expect(await keptDays(t.db)).toEqual(await foldedDays(t.db));
              expect(await keptReviews(t.db)).toEqual(await foldedReviews(t.db));
              expect(await keptSpans(t.db)).toEqual(await foldedSpans(t.db));
            }
          } finally {
            await clear();
          }
          expect(await keptDays(t.db)).toEqual({});
          expect(await keptReviews(t.db)).toEqual({});
          expect(await keptSpans(t.db)).toEqual({});
        },
      ),
      { numRuns: 100 },
    );
  });

  it('count a case sentenced, inducted and started under its group, and move it when the group changes', async () => {
    const [order] = ORDERS;
    for (const w of [
      { kind: 'order', order: 0, court: 'C1', pdu: 'PDU-1' },
      { kind: 'requirement', requirement: 0, type: 'DRR', provider: 'P1', stage: 'SENTENCED' },
      { kind: 'order-event', order: 0, type: 'OrderMade', day: '2027-01-04', detail: false },
      { kind: 'order-event', order: 0, type: 'InductionCompleted', day: '2027-01-08', detail: false },
      // The first session: appointment 0, at 23:30 UTC on 29 January (the London day too, in winter).
      { kind: 'appointment', i: 0, day: '2027-01-29', status: 'SCHEDULED' },
      { kind: 'treatment-started', requirement: 0, session: 0, day: '2027-02-01', recorded: false },
      { kind: 'compact' },
    ] as Write[])
      await apply(t.db, w);
    try {
      const days = await keptDays(t.db);
      expect(days['2027-01-01|induction-days|court|C1|4']).toBe(1);
      expect(days['2027-01-01|treatment-days|type|DRR|25']).toBe(1);
      expect(days['2027-01-01|treatment-days|provider|P1|25']).toBe(1);
      const { rows } = await sql<{ kind: string; sentenced: string; reached_on: string }>`
        SELECT kind, sentenced::text, reached_on::text FROM kpi_milestones WHERE order_id = ${order} ORDER BY kind`.execute(
        t.db,
      );
      expect(rows).toEqual([
        { kind: 'order', sentenced: '2027-01-04', reached_on: '2027-01-08' },
        { kind: 'requirement', sentenced: '2027-01-04', reached_on: '2027-01-29' },
      ]);
      // The session moved to 1 February, the order to court C2.
      await apply(t.db, { kind: 'appointment', i: 0, day: '2027-02-01', status: 'ATTENDED' });
      await apply(t.db, { kind: 'order', order: 0, court: 'C2', pdu: 'PDU-1' });
      const moved = await keptDays(t.db);
      expect(moved['2027-01-01|treatment-days|type|DRR|25']).toBeUndefined();
      expect(moved['2027-01-01|treatment-days|type|DRR|28']).toBe(1);
      expect(moved['2027-01-01|induction-days|court|C1|4']).toBeUndefined();
      expect(moved['2027-01-01|induction-days|court|C2|4']).toBe(1);
    } finally {
      await clear();
    }
  });

  it('let two writers of one group commit interleaved transactions without waiting on each other', async () => {
    // Two orders in the same court and PDU, each with a DRR requirement of provider P1: their days count in
    // the same groups.
    for (const w of [
      { kind: 'order', order: 0, court: 'C1', pdu: 'PDU-1' },
      { kind: 'order', order: 1, court: 'C1', pdu: 'PDU-1' },
      { kind: 'requirement', requirement: 0, type: 'DRR', provider: 'P1', stage: 'SENTENCED' },
      { kind: 'requirement', requirement: 2, type: 'DRR', provider: 'P1', stage: 'SENTENCED' },
    ] as Write[])
      await apply(t.db, w);
    try {
      await t.db.connection().execute((a) =>
        t.db.connection().execute(async (b) => {
          // A lock wait would fail the statement at once rather than hang: a shared row would show here.
          for (const c of [a, b]) await sql`SET lock_timeout = '100ms'`.execute(c);
          await sql`BEGIN`.execute(a);
          await sql`BEGIN`.execute(b);
          for (const [i, c] of [a, b].entries())
            await apply(c, {
              kind: 'order-event',
              order: i,
              type: 'OrderMade',
              day: '2027-01-04',
              detail: true,
            });
          for (const [i, c] of [a, b].entries())
            await apply(c, {
              kind: 'order-event',
              order: i,
              type: 'InductionCompleted',
              day: '2027-01-08',
              detail: true,
            });
          for (const [i, c] of [a, b].entries())
            await apply(c, {
              kind: 'treatment-started',
              requirement: 2 * i,
              session: null,
              day: '2027-01-15',
              recorded: false,
            });
          // A group change of one writer's order, and a compaction, while both are open.
          await apply(b, { kind: 'order', order: 1, court: 'C2', pdu: 'PDU-1' });
          await apply(t.db, { kind: 'compact' });
          await sql`COMMIT`.execute(a);
          await apply(b, { kind: 'compact' });
          await sql`COMMIT`.execute(b);
          for (const c of [a, b]) await sql`RESET lock_timeout`.execute(c);
        }),
      );
      const days = await keptDays(t.db);
      expect(days).toEqual(await foldedDays(t.db));
      expect(days['2027-01-01|induction-days|pdu|PDU-1|4']).toBe(2);
      expect(days['2027-01-01|treatment-days|provider|P1|11']).toBe(2);
      expect(days['2027-01-01|treatment-days|court|C2|11']).toBe(1);
    } finally {
      await clear();
    }
  });

  it('are filled by their migration from the events already written', async () => {
    // Random writes, then a requirement made suitable and consented (which they rarely line up).
    for (const w of [
      ...fc.sample(write, { numRuns: 200, seed: 17 }),
      { kind: 'requirement', requirement: 0, type: 'DRR', provider: 'P1', stage: 'SENTENCED' },
      { kind: 'order', order: 0, court: 'C1', pdu: 'PDU-1' },
      {
        kind: 'requirement-event',
        requirement: 0,
        type: 'AssessmentCompleted',
        day: '2027-01-04',
        detail: true,
      },
      { kind: 'requirement-event', requirement: 0, type: 'ConsentRecorded', day: '2027-01-08', detail: true },
      { kind: 'order-event', order: 0, type: 'SentenceRecorded', day: '2027-02-01', detail: true },
    ] as Write[])
      await apply(t.db, w);
    const before = {
      milestones: await foldedMilestones(t.db),
      days: await foldedDays(t.db),
      reviews: await foldedReviews(t.db),
      spans: await foldedSpans(t.db),
    };
    expect(before.milestones.length).toBeGreaterThan(3);
    expect(Object.keys(before.days).length).toBeGreaterThan(3);
    expect(Object.keys(before.reviews).length).toBeGreaterThan(3);
    for (const fact of ['proposed', 'suitable-consented', 'warnings'])
      expect(
        Object.keys(before.spans).filter((k) => k.includes(`|${fact}|`)),
        fact,
      ).not.toEqual([]);
    const owner = t.ownerDb as unknown as Kysely<unknown>;
    await spanTriggersNarrowed.down(owner);
    await firstMonthSpans.down(owner);
    await spanSums.down(owner);
    await reviewSums.down(owner);
    expect(await keptReviews(t.db)).toEqual({});
    await renumbered.down(owner);
    await milestones.down(owner);
    await milestones.up(owner);
    await renumbered.up(owner);
    await reviewSums.up(owner);
    await spanSums.up(owner);
    await firstMonthSpans.up(owner);
    await spanTriggersNarrowed.up(owner);
    expect(await keptMilestones(t.db)).toEqual(before.milestones);
    expect(await keptDays(t.db)).toEqual(before.days);
    expect(await keptReviews(t.db)).toEqual(before.reviews);
    expect(await keptSpans(t.db)).toEqual(before.spans);
    // The triggers as migrated keep what later writes change.
    for (const w of fc.sample(write, { numRuns: 100, seed: 23 })) await apply(t.db, w);
    expect(await keptSpans(t.db)).toEqual(await foldedSpans(t.db));
    await clear();
  });
});
