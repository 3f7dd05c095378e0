import type { Kysely, Transaction } from 'kysely';
import type { EventRecord } from '../../domain/records';
import type { Database } from '../schema';

type Db = Kysely<Database> | Transaction<Database>;

/** Appends events; an event already stored (a retried write) is skipped. Returns how many were new. */
export async function appendEvents(
  db: Db,
  ids: { orderId: string; requirementId: string | null },
  records: readonly EventRecord[],
): Promise<number> {
  if (records.length === 0) return 0;
  const result = await db
    .insertInto('events')
    .values(
      records.map((r) => ({
        id: r.id,
        order_id: ids.orderId,
        requirement_id: ids.requirementId,
        type: r.event.type,
        payload: JSON.stringify(r.event),
        actor_sub: r.actor.sub,
        actor_role: r.actor.role,
        actor_org: r.actor.org,
        occurred_at: r.occurredAt,
      })),
    )
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n);
}
