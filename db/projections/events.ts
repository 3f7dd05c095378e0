import { CompiledQuery, type Kysely } from 'kysely';
import type { EventRecord } from '../../domain/records';
import { prepareOnEachConnection } from '../prepared';
import type { Database } from '../schema';
import { eventRows } from './rows';

/** Appends events; an event already stored (a retried write) is skipped. Returns how many were new. */
export async function appendEvents(
  db: Kysely<Database>,
  ids: { orderId: string; requirementId: string | null },
  records: readonly EventRecord[],
): Promise<number> {
  if (records.length === 0) return 0;
  const result = await db
    .insertInto('events')
    .values(eventRows(ids, records))
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n);
}

/**
 * The batch's events appended (in its order; those already stored skipped) and every stored event of the
 * aggregate read back, in one statement: the statement sees the table as it was before its own insert, so the
 * rows it added are read from its RETURNING, once each. `$1` the batch's rows as JSON, `$2` the aggregate.
 */
function appendedAndStored(aggregate: string): string {
  return `WITH added AS (
  INSERT INTO events (id, order_id, requirement_id, type, payload, actor_sub, actor_role, actor_org, occurred_at)
  SELECT (e.r->>'id')::uuid, (e.r->>'order_id')::uuid, (e.r->>'requirement_id')::uuid, e.r->>'type',
    (e.r->>'payload')::jsonb, e.r->>'actor_sub', e.r->>'actor_role', e.r->>'actor_org',
    (e.r->>'occurred_at')::timestamptz
  FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(r, n)
  ORDER BY e.n
  ON CONFLICT (id) DO NOTHING
  RETURNING seq, payload
)
SELECT payload FROM (
  SELECT seq, payload FROM events WHERE ${aggregate}
  UNION ALL SELECT seq, payload FROM added
) stored ORDER BY seq`;
}

const ORDER_EVENTS = appendedAndStored('order_id = $2::uuid AND requirement_id IS NULL');
const REQUIREMENT_EVENTS = appendedAndStored('requirement_id = $2::uuid');
prepareOnEachConnection(ORDER_EVENTS);
prepareOnEachConnection(REQUIREMENT_EVENTS);

/**
 * Appends a batch as `appendEvents` does and answers the aggregate's stored events (their payloads), this
 * batch's included, in the order they were stored: one round trip for what was two.
 */
export async function appendAndReadEvents(
  db: Kysely<Database>,
  ids: { orderId: string; requirementId: string | null },
  records: readonly EventRecord[],
): Promise<unknown[]> {
  const [text, aggregate] =
    ids.requirementId === null ? [ORDER_EVENTS, ids.orderId] : [REQUIREMENT_EVENTS, ids.requirementId];
  const batch = JSON.stringify(eventRows(ids, records));
  const result = await db.executeQuery<{ payload: unknown }>(CompiledQuery.raw(text, [batch, aggregate]));
  return result.rows.map((r) => r.payload);
}
