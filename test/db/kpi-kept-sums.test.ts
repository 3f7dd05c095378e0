import fc from 'fast-check';
import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import * as keptSums from '../../db/migrations/2026_12_06_0070_kpi_kept_sums';
import * as milestones from '../../db/migrations/2026_12_07_0010_kpi_milestones';
import * as renumbered from '../../db/migrations/2026_12_07_0020_kpi_milestones_renumbered_appointment';
import * as spanSums from '../../db/migrations/2026_12_09_0010_kpi_span_sums';
import * as firstMonthSpans from '../../db/migrations/2026_12_09_0011_kpi_first_month_spans';
import * as spanTriggersNarrowed from '../../db/migrations/2026_12_10_0010_kpi_span_triggers_narrowed';
import type { Database } from '../../db/schema';
import { useTestDatabase } from '../support/database';

// The additive KPI facts kept per group and month (2026_12_06_0070_kpi_kept_sums) against a fold from scratch
// of the rows as they stand: each appointment's and each KPI event's units, grouped by the requirement's and
// the order's current type, provider, court and PDU, as the report's statement groups its units.
const t = useTestDatabase();

const ORDERS = ['00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000a2'];
const REQUIREMENTS = [
  { id: '00000000-0000-4000-8000-000000000001', order: 0 },
  { id: '00000000-0000-4000-8000-000000000002', order: 0 },
  { id: '00000000-0000-4000-8000-000000000003', order: 1 },
];
const appointmentId = (i: number) => `00000000-0000-4000-8000-a0000000000${i}`;
const OUTCOMES = [null, 'ATTENDED_COMPLIED', 'FAILED_TO_ATTEND', 'CANCELLED_BY_SERVICE'];
const DAYS = ['2027-01-31', '2027-02-01', '2027-03-15'];

type Write =
  | { kind: 'appointment'; i: number; requirement: number; day: string; outcome: string | null }
  | { kind: 'delete-appointment'; i: number }
  | { kind: 'event'; order: number; requirement: number | null; type: string; day: string; detail: string }
  | { kind: 'requirement'; requirement: number; type: string; provider: string | null; stage: string }
  | { kind: 'order'; order: number; court: string; pdu: string }
  | { kind: 'compact' };

const requirement = fc.integer({ min: 0, max: REQUIREMENTS.length - 1 });
const order = fc.integer({ min: 0, max: ORDERS.length - 1 });
const day = fc.constantFrom(...DAYS);
const write: fc.Arbitrary<Write> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('appointment' as const),
      i: fc.integer({ min: 0, max: 3 }),
      requirement,
      day,
      outcome: fc.constantFrom(...OUTCOMES),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('delete-appointment' as const),
      i: fc.integer({ min: 0, max: 3 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('event' as const),
      order,
      requirement: fc.option(requirement, { nil: null }),
      type: fc.constantFrom(
        'OrderMade',
        'IncidentDecided',
        'ReferredToEnforcementOfficer',
        'BreachDealtWith',
        'OrderEnded',
      ),
      day,
      detail: fc.constantFrom('A', 'B'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('requirement' as const),
      requirement,
      type: fc.constantFrom('DRR', 'ATR'),
      provider: fc.constantFrom(null, 'P1', 'P2'),
      stage: fc.constantFrom('PRE_SENTENCE', 'SENTENCED'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('order' as const),
      order,
      court: fc.constantFrom('C1', 'C2'),
      pdu: fc.constantFrom('PDU-1', 'PDU-2'),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'compact' as const }) },
);

let seq = 1000;
const payloadOf = (w: Extract<Write, { kind: 'event' }>) => {
  const requirementId = w.requirement === null ? null : REQUIREMENTS[w.requirement]!.id;
  switch (w.type) {
    case 'OrderMade':
      return {
        sentenceDate: w.day,
        impositions: REQUIREMENTS.filter((r) => ORDERS[r.order] === ORDERS[w.order]).map((r) => ({
          requirementId: r.id,
        })),
      };
    case 'IncidentDecided':
      return { decidedOn: w.day, requirementId, decision: w.detail === 'A' ? 'ACCEPTABLE' : 'UNACCEPTABLE' };
    case 'ReferredToEnforcementOfficer':
      return { referredOn: w.day };
    case 'BreachDealtWith':
      return { decidedOn: w.day, finding: w.detail === 'A' ? 'PROVED' : 'NOT_PROVED', disposal: 'FINE' };
    default:
      return { endedOn: w.day, reason: w.detail === 'A' ? 'COMPLETED_END_DATE' : 'REVOKED_BREACH' };
  }
};

/** Writes as the projections, the event store and a report's compaction do. */
async function apply(db: Kysely<Database>, w: Write): Promise<void> {
  switch (w.kind) {
    case 'appointment': {
      const r = REQUIREMENTS[w.requirement]!;
      await sql`
        INSERT INTO appointments (id, requirement_id, order_id, status, start_at, kind, enforceable, outcome, data)
        VALUES (${appointmentId(w.i)}, ${r.id}, ${ORDERS[r.order]}, 'BOOKED', ${`${w.day}T10:00:00Z`}, 'ONE_TO_ONE',
          true, ${w.outcome}, '{}')
        ON CONFLICT (id) DO UPDATE SET requirement_id = excluded.requirement_id, order_id = excluded.order_id,
          start_at = excluded.start_at, outcome = excluded.outcome`.execute(db);
      return;
    }
    case 'delete-appointment':
      await sql`DELETE FROM appointments WHERE id = ${appointmentId(w.i)}`.execute(db);
      return;
    case 'event':
      await sql`
        INSERT INTO kpi_events (seq, order_id, requirement_id, type, day, occurred_at, payload)
        VALUES (${seq++}, ${ORDERS[w.order]}, NULL, ${w.type}, ${w.day}, ${`${w.day}T10:00:00Z`},
          ${JSON.stringify(payloadOf(w))})`.execute(db);
      return;
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
    case 'compact':
      // A few at a time: folded or pending, a delta counts once.
      await sql`SELECT kpi_compact_group_deltas(3)`.execute(db);
  }
}

type Sums = Record<string, { num: number; den: number }>;
const FAN_OUT = (alias: string) =>
  sql.raw(`(VALUES ('all', NULL), ('type', ${alias}.type), ('provider', ${alias}.provider),
  ('court', ${alias}.court), ('pdu', ${alias}.pdu)) AS g(dimension, value)`);

const asSums = (rows: { key: string; num: number; den: number }[]): Sums =>
  Object.fromEntries(rows.map((r) => [r.key, { num: r.num, den: r.den }]));

/** What a report reads: the folded sums and the pending deltas, per month, fact, category and group. */
async function kept(db: Kysely<Database>): Promise<Sums> {
  const { rows } = await sql<{ key: string; num: number; den: number }>`
    SELECT concat_ws('|', month, fact, category, dimension, value) AS key, sum(num)::int AS num, sum(den)::int AS den
    FROM (
      SELECT month, fact, category, dimension, value, num, den FROM kpi_group_sums
      UNION ALL
      SELECT d.month, d.fact, d.category, g.dimension, COALESCE(g.value, ''), d.num, d.den
      FROM kpi_group_deltas d CROSS JOIN LATERAL ${FAN_OUT('d')}
    ) k
    GROUP BY month, fact, category, dimension, value HAVING sum(num) <> 0 OR sum(den) <> 0`.execute(db);
  return asSums(rows);
}

/** The same sums from scratch: every unit of the rows as they stand, under its current group. */
async function folded(db: Kysely<Database>): Promise<Sums> {
  const { rows } = await sql<{ key: string; num: number; den: number }>`
    WITH units AS (
      SELECT u.month, u.fact, u.category, a.requirement_id, a.order_id, u.num, u.den
      FROM appointments a CROSS JOIN LATERAL kpi_appointment_units(a) u
      UNION ALL
      SELECT u.month, u.fact, u.category, u.requirement_id, e.order_id, u.num, u.den
      FROM kpi_events e CROSS JOIN LATERAL kpi_units_of_event(e.type, e.payload, e.requirement_id) u
      WHERE u.month IS NOT NULL
    ),
    grouped AS (
      SELECT u.*, r.provider_org_id AS provider, o.court_code AS court, o.pdu,
        CASE WHEN u.requirement_id IS NULL THEN (
          SELECT string_agg(DISTINCT s.type, '+' ORDER BY s.type) FROM requirements s
          WHERE s.order_id = o.id AND s.stage = 'SENTENCED')
        ELSE r.type END AS type
      FROM units u JOIN orders o ON o.id = u.order_id LEFT JOIN requirements r ON r.id = u.requirement_id
    )
    SELECT concat_ws('|', month, fact, category, dimension, COALESCE(value, '')) AS key,
      sum(num)::int AS num, sum(den)::int AS den
    FROM grouped u CROSS JOIN LATERAL ${FAN_OUT('u')}
    GROUP BY month, fact, category, dimension, COALESCE(value, '')
    HAVING sum(num) <> 0 OR sum(den) <> 0`.execute(db);
  return asSums(rows);
}

/** Back to nothing (as the owner: events are never deleted by the app). */
async function clear(): Promise<void> {
  for (const table of ['appointments', 'kpi_events', 'kpi_event_units', 'requirements', 'orders'] as const)
    await t.ownerDb.deleteFrom(table).execute();
  await sql`SELECT kpi_compact_group_deltas()`.execute(t.db);
}

describe('the additive KPI facts kept per group and month', () => {
  it('equal a fold from scratch after any mix of writes, group changes and compactions, alone or in one transaction', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ together: fc.boolean(), writes: fc.array(write, { maxLength: 5 }) }), {
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
              expect(await kept(t.db)).toEqual(await folded(t.db));
            }
          } finally {
            await clear();
          }
          expect(await kept(t.db)).toEqual({});
        },
      ),
      { numRuns: 25 },
    );
  });

  it('let two writers of one group commit interleaved transactions without waiting on each other', async () => {
    // Two orders in the same court, PDU, type and provider: every unit of either adds to the same groups.
    for (const w of [
      { kind: 'order', order: 0, court: 'C1', pdu: 'PDU-1' },
      { kind: 'order', order: 1, court: 'C1', pdu: 'PDU-1' },
      { kind: 'requirement', requirement: 0, type: 'DRR', provider: 'P1', stage: 'SENTENCED' },
      { kind: 'requirement', requirement: 2, type: 'DRR', provider: 'P1', stage: 'SENTENCED' },
    ] as Write[])
      await apply(t.db, w);
    const writer = (i: number) => ({ requirement: i === 0 ? 0 : 2, order: i === 0 ? 0 : 1 });
    try {
      await t.db.connection().execute((a) =>
        t.db.connection().execute(async (b) => {
          // A lock wait would fail the statement at once rather than hang: a shared row would show here.
          for (const c of [a, b]) await sql`SET lock_timeout = '100ms'`.execute(c);
          await sql`BEGIN`.execute(a);
          await sql`BEGIN`.execute(b);
          for (let step = 0; step < 3; step++)
            for (const [i, c] of [a, b].entries()) {
              const { requirement, order } = writer(i);
              await apply(c, {
                kind: 'appointment',
                i: 3 * i + step,
                requirement,
                day: DAYS[step]!,
                outcome: 'ATTENDED_COMPLIED',
              });
              await apply(c, {
                kind: 'event',
                order,
                requirement: null,
                type: 'OrderEnded',
                day: DAYS[step]!,
                detail: 'A',
              });
            }
          // A group change of one writer's order, and a compaction, while both are open.
          await apply(b, { kind: 'order', order: 1, court: 'C2', pdu: 'PDU-1' });
          await apply(t.db, { kind: 'compact' });
          await sql`COMMIT`.execute(a);
          await apply(b, { kind: 'compact' });
          await sql`COMMIT`.execute(b);
          for (const c of [a, b]) await sql`RESET lock_timeout`.execute(c);
        }),
      );
      const sums = await kept(t.db);
      expect(sums).toEqual(await folded(t.db));
      expect(sums['2027-01-01|attendance||type|DRR']).toEqual({ num: 2, den: 2 });
      expect(sums['2027-03-01|order-endings|COMPLETED_END_DATE|court|C2']).toEqual({ num: 1, den: 0 });
    } finally {
      await clear();
    }
  });

  it('are filled by their migration from the rows already written', async () => {
    for (const w of fc.sample(write, { numRuns: 40, seed: 17 })) await apply(t.db, w);
    const before = await folded(t.db);
    expect(Object.keys(before).length).toBeGreaterThan(10);
    const owner = t.ownerDb as unknown as Kysely<unknown>;
    // The milestones' migrations use the kept sums' group function (and the spans, the milestones' row type):
    // they go down and up around them.
    await spanTriggersNarrowed.down(owner);
    await firstMonthSpans.down(owner);
    await spanSums.down(owner);
    await renumbered.down(owner);
    await milestones.down(owner);
    await keptSums.down(owner);
    await keptSums.up(owner);
    await milestones.up(owner);
    await renumbered.up(owner);
    await spanSums.up(owner);
    await firstMonthSpans.up(owner);
    await spanTriggersNarrowed.up(owner);
    expect(await kept(t.db)).toEqual(before);
    await clear();
  });
});
