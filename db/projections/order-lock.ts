import { CompiledQuery, type Kysely } from 'kysely';
import { prepareOnEachConnection } from '../prepared';
import type { Database } from '../schema';

/**
 * Holds the order's batch lock until the transaction ends (`$1` the order's id): its own batches and its
 * requirements' take it first, so that they write one at a time. Each writes rows of the other's (the order's
 * projection its requirements' rows; a requirement's row, through the KPI triggers, its order's milestone and
 * units) in its own order, which deadlocked when two were under way. Keyed by the order's id hashed, under a
 * class of its own (two orders whose ids hash alike only wait on each other).
 */
const LOCK_ORDER = `SELECT pg_advisory_xact_lock(hashtext('order-batches'), hashtext($1))`;
prepareOnEachConnection(LOCK_ORDER);

export async function lockOrderBatches(db: Kysely<Database>, orderId: string): Promise<void> {
  await db.executeQuery(CompiledQuery.raw(LOCK_ORDER, [orderId]));
}
