import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import { DEFAULT_CONFIG } from '../../domain/config';
import { type Recipients, deadlineOrg } from '../../domain/notifications';
import { orderDeadlines, orderView } from '../../domain/order';
import { requirementDeadlines, requirementView } from '../../domain/requirement';
import { replaceDeadlines } from '../../db/projections/deadlines';
import { projectOrder } from '../../db/projections/order';
import { projectRequirement } from '../../db/projections/requirement';
import type { Database } from '../../db/schema';
import { foldStreams, streamsOf } from '../data/fold';
import type { OrderLife } from '../data/records';

/** Which event type creates a row of which table. */
const CREATED_BY: Record<string, string> = {
  RequirementImposed: 'requirements',
  AppointmentBooked: 'appointments',
  TestDirected: 'drug_tests',
  ReviewScheduled: 'reviews',
  IncidentRecorded: 'incidents',
  WarningGiven: 'enforcement_actions',
  ReferredToEnforcementOfficer: 'enforcement_actions',
  InformationLaid: 'enforcement_actions',
};

/** Adds the rows an order must leave in each table (deadlines aside: they depend on the end state). */
export function countExpected(life: OrderLife, into: Record<string, number>): void {
  into.orders = (into.orders ?? 0) + 1;
  into.events = (into.events ?? 0) + life.events.length;
  for (const e of life.events) {
    const table = CREATED_BY[e.record.event.type];
    if (table) into[table] = (into[table] ?? 0) + 1;
  }
}

export async function storedCounts(client: pg.Pool | pg.ClientBase): Promise<Record<string, number>> {
  const tables = Object.values(CREATED_BY).concat('orders', 'events');
  const counts: Record<string, number> = {};
  for (const table of new Set(tables)) {
    const result = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
    counts[table] = Number(result.rows[0]?.n ?? 0);
  }
  return counts;
}

const PROJECTION_TABLES = [
  'orders',
  'requirements',
  'requirement_disclosures',
  'appointments',
  'drug_tests',
  'reviews',
  'incidents',
  'enforcement_actions',
  'deadlines',
];

async function snapshot(db: Kysely<Database>, orderId: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of PROJECTION_TABLES) {
    const key = table === 'orders' ? 'id' : 'order_id';
    const rows = await db
      .selectFrom(table as 'orders')
      .selectAll()
      .where(key as 'id', '=', orderId)
      .execute();
    out[table] = JSON.stringify(rows.map((r) => JSON.stringify(r)).sort());
  }
  return out;
}

/**
 * Writes the checked orders again with db/projections (the code the persist activity runs), in a transaction
 * that is rolled back, and compares every row with what the bulk load wrote.
 */
export async function matchesRealProjections(
  pool: pg.Pool,
  lives: readonly OrderLife[],
): Promise<{ ok: true } | { ok: false; orderId: string; table: string }> {
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  for (const life of lives) {
    const loaded = await snapshot(db, life.orderId);
    if (loaded.orders === '[]' || loaded.appointments === '[]')
      return { ok: false, orderId: life.orderId, table: 'orders' };
    const rewritten = await db
      .transaction()
      .execute(async (trx) => {
        for (const table of PROJECTION_TABLES)
          await trx
            .deleteFrom(table as 'orders')
            .where((table === 'orders' ? 'id' : 'order_id') as 'id', '=', life.orderId)
            .execute();
        const streams = streamsOf(life);
        const folded = foldStreams(streams);
        const lastAt = new Map<string | null, string>();
        for (const e of life.events) lastAt.set(e.requirementId, e.record.occurredAt);
        const view = orderView(folded.order, DEFAULT_CONFIG);
        const c = view.case!;
        const base = { orderId: life.orderId, pdu: c.probationDeliveryUnit, courtCode: c.court.code };
        await projectOrder(trx, view, streams.order.length, lastAt.get(null)!);
        const orderTo: Recipients = { ...base, requirementId: null, providerOrgId: null };
        const od = orderDeadlines(folded.order, DEFAULT_CONFIG).map((d) => ({
          ...d,
          org: deadlineOrg(d, orderTo),
        }));
        await replaceDeadlines(
          trx,
          life.orderId,
          od.filter((d) => d.org !== ''),
        );
        for (const [id, state] of folded.requirements) {
          const rv = requirementView(state, DEFAULT_CONFIG);
          const scope = { pdu: c.probationDeliveryUnit, courtCode: c.court.code };
          await projectRequirement(
            trx,
            rv,
            scope,
            streams.requirements.get(id)?.length ?? 0,
            lastAt.get(id)!,
          );
          const to: Recipients = {
            ...base,
            requirementId: id,
            providerOrgId: rv.status === 'NOT_IMPOSED' ? null : rv.providerOrgId,
          };
          const rd = requirementDeadlines(state, DEFAULT_CONFIG).map((d) => ({
            ...d,
            org: deadlineOrg(d, to),
          }));
          await replaceDeadlines(
            trx,
            id,
            rd.filter((d) => d.org !== ''),
          );
        }
        const result = await snapshot(trx, life.orderId);
        throw new RolledBack(result);
      })
      .catch((error: unknown) => {
        if (error instanceof RolledBack) return error.rows;
        throw error;
      });
    const table = PROJECTION_TABLES.find((t) => loaded[t] !== rewritten[t]);
    if (table) return { ok: false, orderId: life.orderId, table };
  }
  return { ok: true };
}

/** Thrown to roll the comparison's transaction back, carrying what it read. */
class RolledBack extends Error {
  constructor(readonly rows: Record<string, string>) {
    super('rolled back');
  }
}
