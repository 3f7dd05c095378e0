import type { Kysely } from 'kysely';
import type { EventRecord } from '../../domain/records';
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
