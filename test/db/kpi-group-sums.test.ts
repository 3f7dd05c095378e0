import fc from 'fast-check';
import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import * as groupSums from '../../db/migrations/2026_12_06_0060_kpi_group_sums';
import type { Database } from '../../db/schema';
import { useTestDatabase } from '../support/database';

// kpi_group_sums against a fold of the monthly sums as they stand, each under its requirement's type and
// provider and its order's court and PDU as they stand (counted only while the order's row exists), after
// random writes of all three.
const t = useTestDatabase();

const ORDERS = ['00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000a2'];
const REQUIREMENTS = [
  { id: '00000000-0000-4000-8000-000000000001', order: 0 },
  { id: '00000000-0000-4000-8000-000000000002', order: 0 },
  { id: '00000000-0000-4000-8000-000000000003', order: 1 },
];
const MONTHS = ['2027-01-01', '2027-02-01'];
const FACTS = [
  ['attendance', ''],
  ['drr-substance-results', 'OPIATES'],
  ['drr-substance-results', 'COCAINE'],
] as const;

interface Order {
  court: string;
  pdu: string;
}
interface Requirement {
  type: string;
  provider: string | null;
}
interface Sum {
  num: number;
  den: number;
}
type Write =
  | { kind: 'sum'; month: number; fact: number; requirement: number; sum: Sum | null }
  | { kind: 'requirement'; i: number; row: Requirement | null }
  | { kind: 'order'; i: number; row: Order | null };

const requirement = fc.integer({ min: 0, max: REQUIREMENTS.length - 1 });
const write: fc.Arbitrary<Write> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('sum' as const),
      month: fc.integer({ min: 0, max: MONTHS.length - 1 }),
      fact: fc.integer({ min: 0, max: FACTS.length - 1 }),
      requirement,
      sum: fc.option(
        fc
          .integer({ min: 1, max: 4 })
          .chain((den) => fc.record({ num: fc.integer({ min: 0, max: den }), den: fc.constant(den) })),
        { freq: 4 },
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('requirement' as const),
      i: requirement,
      row: fc.option(
        fc.record({ type: fc.constantFrom('DRR', 'ATR'), provider: fc.constantFrom(null, 'P1', 'P2') }),
        { freq: 4 },
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('order' as const),
      i: fc.integer({ min: 0, max: ORDERS.length - 1 }),
      row: fc.option(
        fc.record({ court: fc.constantFrom('C1', 'C2'), pdu: fc.constantFrom('PDU-1', 'PDU-2') }),
        {
          freq: 4,
        },
      ),
    }),
  },
);

interface Model {
  sums: Map<string, Sum>;
  requirements: Map<number, Requirement>;
  orders: Map<number, Order>;
}

const emptyModel = (): Model => ({ sums: new Map(), requirements: new Map(), orders: new Map() });

/** Writes a row as a projection does (every column, over whatever stood), or deletes it. */
async function apply(db: Kysely<Database>, w: Write): Promise<void> {
  const at = '2027-01-01T00:00:00.000Z';
  if (w.kind === 'sum') {
    const r = REQUIREMENTS[w.requirement]!;
    const [fact, category] = FACTS[w.fact]!;
    const key = { month: MONTHS[w.month]!, fact, category, requirement_id: r.id };
    const { sum } = w;
    if (sum === null)
      await db
        .deleteFrom('kpi_monthly_sums')
        .where('month', '=', key.month)
        .where('fact', '=', fact)
        .where('category', '=', category)
        .where('requirement_id', '=', r.id)
        .execute();
    else
      await db
        .insertInto('kpi_monthly_sums')
        .values({ ...key, order_id: ORDERS[r.order]!, ...sum })
        .onConflict((oc) =>
          oc
            .columns(['month', 'fact', 'requirement_id', 'category'])
            .doUpdateSet({ num: sum.num, den: sum.den }),
        )
        .execute();
  } else if (w.kind === 'requirement') {
    const r = REQUIREMENTS[w.i]!;
    if (w.row === null) await db.deleteFrom('requirements').where('id', '=', r.id).execute();
    else {
      const row = {
        id: r.id,
        order_id: ORDERS[r.order]!,
        stage: 'SENTENCED' as const,
        version: 1,
        type: w.row.type,
        status: 'ACTIVE',
        provider_org_id: w.row.provider,
        pdu: 'PDU-1',
        court_code: 'C1',
        updated_at: at,
        view: JSON.stringify({}),
      };
      await db
        .insertInto('requirements')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ ...row, id: eb.ref('excluded.id') })))
        .execute();
    }
  } else {
    const id = ORDERS[w.i]!;
    if (w.row === null) await db.deleteFrom('orders').where('id', '=', id).execute();
    else {
      const row = {
        id,
        version: 1,
        status: 'ACTIVE',
        court_code: w.row.court,
        pdu: w.row.pdu,
        opened_at: at,
        updated_at: at,
        view: JSON.stringify({}),
      };
      await db
        .insertInto('orders')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ ...row, id: eb.ref('excluded.id') })))
        .execute();
    }
  }
}

function applyToModel(model: Model, w: Write): void {
  if (w.kind === 'sum') {
    const key = `${w.month}|${w.fact}|${w.requirement}`;
    if (w.sum === null) model.sums.delete(key);
    else model.sums.set(key, w.sum);
  } else if (w.kind === 'requirement') {
    if (w.row === null) model.requirements.delete(w.i);
    else model.requirements.set(w.i, w.row);
  } else if (w.row === null) model.orders.delete(w.i);
  else model.orders.set(w.i, w.row);
}

/** `month|fact|category|grouping|group` → num/den, from the model's rows alone. */
function fold(model: Model): Record<string, Sum> {
  const out: Record<string, Sum> = {};
  for (const [key, sum] of model.sums) {
    const [month, fact, req] = key.split('|').map(Number) as [number, number, number];
    const order = model.orders.get(REQUIREMENTS[req]!.order);
    if (!order) continue;
    const r = model.requirements.get(req);
    const groups = { type: r?.type ?? '', provider: r?.provider ?? '', court: order.court, pdu: order.pdu };
    for (const [grouping, group] of Object.entries(groups)) {
      const k = [MONTHS[month], ...FACTS[fact]!, grouping, group].join('|');
      const s = (out[k] ??= { num: 0, den: 0 });
      s.num += sum.num;
      s.den += sum.den;
    }
  }
  return out;
}

async function stored(db: Kysely<Database>): Promise<Record<string, Sum>> {
  const { rows } = await sql<{ key: string; num: number; den: number }>`
    SELECT concat_ws('|', month::text, fact, category, grouping, grp) AS key, num, den FROM kpi_group_sums`.execute(
    db,
  );
  return Object.fromEntries(rows.map((r) => [r.key, { num: r.num, den: r.den }]));
}

async function clear(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('kpi_monthly_sums').execute();
  await db.deleteFrom('requirements').execute();
  await db.deleteFrom('orders').execute();
}

describe('the monthly sums by each breakdown group', () => {
  it('equal a fold of the sums under their groups after any mix of writes and moves, alone or in one transaction', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ together: fc.boolean(), writes: fc.array(write, { maxLength: 5 }) }), {
          minLength: 1,
          maxLength: 6,
        }),
        async (batches) => {
          const model = emptyModel();
          await clear(t.db);
          await t.db.deleteFrom('kpi_group_sums').execute();
          try {
            for (const { together, writes } of batches) {
              if (together)
                await t.db.transaction().execute(async (tx) => {
                  for (const w of writes) await apply(tx, w);
                });
              else for (const w of writes) await apply(t.db, w);
              for (const w of writes) applyToModel(model, w);
              expect(await stored(t.db)).toEqual(fold(model));
            }
          } finally {
            await clear(t.db);
          }
          expect(await stored(t.db)).toEqual({});
        },
      ),
      { numRuns: 50 },
    );
  });

  it('are filled by their migration from the rows already written', async () => {
    const model = emptyModel();
    for (const w of fc.sample(write, { numRuns: 40, seed: 60 })) {
      await apply(t.db, w);
      applyToModel(model, w);
    }
    const owner = t.ownerDb as unknown as Kysely<unknown>;
    await groupSums.down(owner);
    await groupSums.up(owner);
    expect(Object.keys(fold(model)).length).toBeGreaterThan(3);
    expect(await stored(t.db)).toEqual(fold(model));
    await clear(t.db);
    expect(await stored(t.db)).toEqual({});
  });
});
