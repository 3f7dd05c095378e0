import fc from 'fast-check';
import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import * as monthlySums from '../../db/migrations/2026_12_06_0050_kpi_monthly_sums';
import type { Database } from '../../db/schema';
import { londonDate } from '../../domain/calendar';
import { useTestDatabase } from '../support/database';

// kpi_monthly_sums against a fold of the appointment and drug test rows as they stand, written from the KPI
// definitions alone (api/kpis/registry.ts: attendance, DRR tests achieved, results by substance).
const t = useTestDatabase();

const REQUIREMENTS = [
  { id: '00000000-0000-4000-8000-000000000001', order: '00000000-0000-4000-8000-0000000000a1' },
  { id: '00000000-0000-4000-8000-000000000002', order: '00000000-0000-4000-8000-0000000000a1' },
  { id: '00000000-0000-4000-8000-000000000003', order: '00000000-0000-4000-8000-0000000000a2' },
];
const rowId = (kind: 'a' | 't', i: number) =>
  `00000000-0000-4000-8000-${kind === 'a' ? 'a' : 'b'}${String(i).padStart(11, '0')}`;
// Either side of London month ends, in winter (GMT) and summer (BST) time.
const INSTANTS = [
  '2027-01-31T23:59:00.000Z',
  '2027-02-01T00:00:00.000Z',
  '2027-03-31T22:59:00.000Z',
  '2027-03-31T23:00:00.000Z',
  '2027-04-15T10:00:00.000Z',
];
const OUTCOMES = [
  null,
  'ATTENDED_COMPLIED',
  'ATTENDED_LATE_COMPLIED',
  'ATTENDED_FAILED_TO_COMPLY',
  'FAILED_TO_ATTEND',
  'SENT_HOME_BEHAVIOUR',
  'CANCELLED_BY_SERVICE',
];
const RESULTS = ['NEGATIVE', 'POSITIVE', 'POSITIVE_PRESCRIBED', 'PENDING'];

interface Appointment {
  requirement: number;
  startAt: string;
  enforceable: boolean;
  outcome: string | null;
}
interface DrugTest {
  requirement: number;
  dueAt: string;
  status: string;
  sampleStatus: string | null;
  substances: { substance: string; result: string }[];
}
type Write =
  | { kind: 'appointment'; i: number; row: Appointment }
  | { kind: 'test'; i: number; row: DrugTest }
  | { kind: 'change-appointment'; i: number; change: Partial<Appointment> }
  | { kind: 'change-test'; i: number; change: Partial<DrugTest> }
  | { kind: 'delete'; table: 'appointments' | 'drug_tests'; i: number };

const id = fc.integer({ min: 0, max: 2 });
const appointment = {
  requirement: fc.integer({ min: 0, max: REQUIREMENTS.length - 1 }),
  startAt: fc.constantFrom(...INSTANTS),
  enforceable: fc.boolean(),
  outcome: fc.constantFrom(...OUTCOMES),
};
const drugTest = {
  requirement: appointment.requirement,
  dueAt: appointment.startAt,
  status: fc.constantFrom('SCHEDULED', 'RESULTED', 'NOT_OBTAINED', 'WITHDRAWN'),
  sampleStatus: fc.constantFrom(null, 'COLLECTED', 'NOT_PROVIDED'),
  substances: fc.uniqueArray(
    fc.record({
      substance: fc.constantFrom('OPIATES', 'COCAINE', 'CANNABIS'),
      result: fc.constantFrom(...RESULTS),
    }),
    { selector: (s) => s.substance, maxLength: 3 },
  ),
};
/** One field of a row changed, the rest as they stand. */
const oneOf = <T extends object>(fields: { [K in keyof T]: fc.Arbitrary<T[K]> }) =>
  fc.oneof(
    ...Object.entries(fields).map(([field, value]) =>
      (value as fc.Arbitrary<unknown>).map((v) => ({ [field]: v }) as Partial<T>),
    ),
  );
const write: fc.Arbitrary<Write> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('appointment' as const), i: id, row: fc.record(appointment) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('test' as const), i: id, row: fc.record(drugTest) }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('change-appointment' as const),
      i: id,
      change: oneOf<Appointment>(appointment),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('change-test' as const),
      i: id,
      change: oneOf<DrugTest>(drugTest),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('delete' as const),
      table: fc.constantFrom('appointments' as const, 'drug_tests' as const),
      i: id,
    }),
  },
);

/**
 * Writes a row as a projection does (every column, over whatever stood), changes one field of a row (if there
 * is one), or deletes it.
 */
async function apply(db: Kysely<Database>, model: Model, w: Write): Promise<void> {
  const { kind } = w;
  if (kind === 'change-appointment' || kind === 'change-test') {
    const current = kind === 'change-appointment' ? model.appointments.get(w.i) : model.tests.get(w.i);
    if (current)
      await apply(db, model, {
        kind: kind === 'change-appointment' ? 'appointment' : 'test',
        i: w.i,
        row: { ...current, ...w.change },
      } as Write);
  } else if (kind === 'delete') {
    await db
      .deleteFrom(w.table)
      .where('id', '=', rowId(w.table === 'appointments' ? 'a' : 't', w.i))
      .execute();
  } else if (kind === 'appointment') {
    const r = REQUIREMENTS[w.row.requirement]!;
    const row = {
      id: rowId('a', w.i),
      requirement_id: r.id,
      order_id: r.order,
      status: w.row.outcome ? 'OUTCOME_RECORDED' : 'BOOKED',
      start_at: w.row.startAt,
      kind: 'ONE_TO_ONE',
      enforceable: w.row.enforceable,
      outcome: w.row.outcome,
      data: JSON.stringify({}),
    };
    await db
      .insertInto('appointments')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ ...row, id: eb.ref('excluded.id') })))
      .execute();
  } else {
    const r = REQUIREMENTS[w.row.requirement]!;
    const row = {
      id: rowId('t', w.i),
      requirement_id: r.id,
      order_id: r.order,
      status: w.row.status,
      due_at: w.row.dueAt,
      outcome: null,
      data: JSON.stringify({ sampleStatus: w.row.sampleStatus, substances: w.row.substances }),
    };
    await db
      .insertInto('drug_tests')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ ...row, id: eb.ref('excluded.id') })))
      .execute();
  }
}

/** Every row of the model written by one INSERT a table, as a bulk load writes them. */
async function insertAll(db: Kysely<Database>, model: Model): Promise<void> {
  const appointments = [...model.appointments].map(([i, a]) => ({
    id: rowId('a', i),
    requirement_id: REQUIREMENTS[a.requirement]!.id,
    order_id: REQUIREMENTS[a.requirement]!.order,
    status: a.outcome ? 'OUTCOME_RECORDED' : 'BOOKED',
    start_at: a.startAt,
    kind: 'ONE_TO_ONE',
    enforceable: a.enforceable,
    outcome: a.outcome,
    data: JSON.stringify({}),
  }));
  const tests = [...model.tests].map(([i, d]) => ({
    id: rowId('t', i),
    requirement_id: REQUIREMENTS[d.requirement]!.id,
    order_id: REQUIREMENTS[d.requirement]!.order,
    status: d.status,
    due_at: d.dueAt,
    outcome: null,
    data: JSON.stringify({ sampleStatus: d.sampleStatus, substances: d.substances }),
  }));
  if (appointments.length > 0) await db.insertInto('appointments').values(appointments).execute();
  if (tests.length > 0) await db.insertInto('drug_tests').values(tests).execute();
}

/** The ids of a model's rows that match, never empty (an id no row has stands in). */
const ids = <T>(kind: 'a' | 't', rows: Map<number, T>, match: (i: number) => boolean) => [
  rowId(kind, 99),
  ...[...rows.keys()].filter(match).map((i) => rowId(kind, i)),
];

interface Model {
  appointments: Map<number, Appointment>;
  tests: Map<number, DrugTest>;
}

function applyToModel(model: Model, w: Write): void {
  if (w.kind === 'delete') (w.table === 'appointments' ? model.appointments : model.tests).delete(w.i);
  else if (w.kind === 'appointment') model.appointments.set(w.i, w.row);
  else if (w.kind === 'test') model.tests.set(w.i, w.row);
  else if (w.kind === 'change-appointment') {
    const a = model.appointments.get(w.i);
    if (a) model.appointments.set(w.i, { ...a, ...w.change });
  } else {
    const d = model.tests.get(w.i);
    if (d) model.tests.set(w.i, { ...d, ...w.change });
  }
}

const ATTENDED = ['ATTENDED_COMPLIED', 'ATTENDED_LATE_COMPLIED', 'ATTENDED_FAILED_TO_COMPLY'];
const ABSENT = ['FAILED_TO_ATTEND', 'SENT_HOME_BEHAVIOUR'];

/** The sums the definitions give for the rows as they stand: `month|fact|category|requirement|order` → num/den. */
function fold(model: Model): Record<string, { num: number; den: number }> {
  const sums: Record<string, { num: number; den: number }> = {};
  const add = (at: string, fact: string, category: string, req: number, num: boolean) => {
    const key = [
      `${londonDate(at).slice(0, 8)}01`,
      fact,
      category,
      REQUIREMENTS[req]!.id,
      REQUIREMENTS[req]!.order,
    ];
    const s = (sums[key.join('|')] ??= { num: 0, den: 0 });
    s.num += num ? 1 : 0;
    s.den += 1;
  };
  for (const a of model.appointments.values())
    if (a.enforceable && a.outcome && [...ATTENDED, ...ABSENT].includes(a.outcome))
      add(a.startAt, 'attendance', '', a.requirement, ATTENDED.includes(a.outcome));
  for (const d of model.tests.values()) {
    if (d.status === 'WITHDRAWN') continue;
    add(d.dueAt, 'drr-tests', '', d.requirement, d.sampleStatus === 'COLLECTED');
    for (const s of d.substances)
      if (s.result !== 'PENDING')
        add(d.dueAt, 'drr-substance-results', s.substance, d.requirement, s.result === 'NEGATIVE');
  }
  return sums;
}

async function storedSums(db: Kysely<Database>): Promise<Record<string, { num: number; den: number }>> {
  const { rows } = await sql<{ key: string; num: number; den: number }>`
    SELECT concat_ws('|', month::text, fact, category, requirement_id, order_id) AS key, num, den
    FROM kpi_monthly_sums`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.key, { num: r.num, den: r.den }]));
}

const emptyModel = (): Model => ({ appointments: new Map(), tests: new Map() });

describe('the appointment and drug test sums per requirement and month', () => {
  it('equal a fold of the rows after any mix of inserts, rewrites, moves and deletes, alone or in one transaction', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ together: fc.boolean(), writes: fc.array(write, { maxLength: 4 }) }), {
          minLength: 1,
          maxLength: 6,
        }),
        async (batches) => {
          const model = emptyModel();
          // From nothing, whatever a failed run before left.
          await t.db.deleteFrom('kpi_monthly_sums').execute();
          try {
            for (const { together, writes } of batches) {
              if (together)
                await t.db.transaction().execute(async (tx) => {
                  for (const w of writes) {
                    await apply(tx, model, w);
                    applyToModel(model, w);
                  }
                });
              else
                for (const w of writes) {
                  await apply(t.db, model, w);
                  applyToModel(model, w);
                }
              expect(await storedSums(t.db)).toEqual(fold(model));
            }
          } finally {
            await t.db.deleteFrom('appointments').execute();
            await t.db.deleteFrom('drug_tests').execute();
          }
          expect(await storedSums(t.db)).toEqual({});
        },
      ),
      { numRuns: 50 },
    );
  });

  it('equal a fold of the rows after many are inserted by one statement and some deleted by another', async () => {
    const rows = fc.record({
      appointments: fc.array(fc.record(appointment), { maxLength: 12 }),
      tests: fc.array(fc.record(drugTest), { maxLength: 12 }),
      kept: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
    });
    await fc.assert(
      fc.asyncProperty(rows, async ({ appointments, tests, kept }) => {
        const model = emptyModel();
        appointments.forEach((a, i) => model.appointments.set(i, a));
        tests.forEach((d, i) => model.tests.set(i, d));
        await t.db.deleteFrom('kpi_monthly_sums').execute();
        try {
          await insertAll(t.db, model);
          expect(await storedSums(t.db)).toEqual(fold(model));
          const gone = (i: number) => !kept[i];
          await t.db
            .deleteFrom('appointments')
            .where('id', 'in', ids('a', model.appointments, gone))
            .execute();
          await t.db
            .deleteFrom('drug_tests')
            .where('id', 'in', ids('t', model.tests, gone))
            .execute();
          for (const i of model.appointments.keys()) if (gone(i)) model.appointments.delete(i);
          for (const i of model.tests.keys()) if (gone(i)) model.tests.delete(i);
          expect(await storedSums(t.db)).toEqual(fold(model));
        } finally {
          await t.db.deleteFrom('appointments').execute();
          await t.db.deleteFrom('drug_tests').execute();
        }
        expect(await storedSums(t.db)).toEqual({});
      }),
      { numRuns: 30 },
    );
  });

  it('take a statement of many rows into each sum once (a bulk load upserts a requirement-month once)', async () => {
    const order = REQUIREMENTS[0]!.order;
    await sql`
      INSERT INTO orders (id, version, status, court_code, pdu, opened_at, updated_at, view)
      VALUES (${order}, 1, 'ACTIVE', 'C1', 'PDU-1', now(), now(), '{}')`.execute(t.db);
    const model = emptyModel();
    for (let i = 0; i < 9; i++)
      model.appointments.set(i, {
        requirement: 0,
        startAt: INSTANTS[4]!,
        enforceable: true,
        outcome: i % 3 === 0 ? 'FAILED_TO_ATTEND' : 'ATTENDED_COMPLIED',
      });
    const deltas = async () =>
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM kpi_group_deltas`.execute(t.db)).rows[0]!.n;
    try {
      const before = await deltas();
      await insertAll(t.db, model);
      expect(await storedSums(t.db)).toEqual(fold(model));
      expect(await deltas()).toBe(before + 1);
    } finally {
      await t.db.deleteFrom('appointments').execute();
      await t.db.deleteFrom('orders').where('id', '=', order).execute();
    }
  });

  it('are left alone by a rewrite that changes nothing they count (the projections rewrite every row)', async () => {
    const w: Write = {
      kind: 'appointment',
      i: 0,
      row: { requirement: 0, startAt: INSTANTS[4]!, enforceable: true, outcome: 'ATTENDED_COMPLIED' },
    };
    await apply(t.db, emptyModel(), w);
    const before = await sql<{ xmin: string }>`SELECT xmin::text FROM kpi_monthly_sums`.execute(t.db);
    await apply(t.db, emptyModel(), w);
    const after = await sql<{ xmin: string }>`SELECT xmin::text FROM kpi_monthly_sums`.execute(t.db);
    expect(after.rows).toEqual(before.rows);
    await t.db.deleteFrom('appointments').execute();
  });

  it('are filled by their migration from the rows already written', async () => {
    const model = emptyModel();
    const writes = fc.sample(write, { numRuns: 40, seed: 17 });
    for (const w of writes) {
      await apply(t.db, model, w);
      applyToModel(model, w);
    }
    const owner = t.ownerDb as unknown as Kysely<unknown>;
    await monthlySums.down(owner);
    await monthlySums.up(owner);
    expect(Object.keys(fold(model)).length).toBeGreaterThan(3);
    expect(await storedSums(t.db)).toEqual(fold(model));
  });
});
