import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema';

/**
 * How long a stored response answers a retry with its key (24 h unless configured). Past it the key counts
 * as never used, and the stored response, which may quote offence or health data, is deleted.
 */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60_000;

/** Deleted a batch at a time, so that no statement outlives the pool's statement timeout. */
const PURGE_BATCH = 1_000;

/** Keys created before this moment, by the database's clock, have expired. */
export function expiryCutoff(windowMs: number) {
  return sql<Date>`now() - make_interval(secs => ${windowMs / 1_000})`;
}

/** Deletes every key, and its stored response, older than the window; answers how many went. */
export async function purgeExpiredIdempotencyKeys(db: Kysely<Database>, windowMs: number): Promise<number> {
  let purged = 0;
  for (;;) {
    const batch = await db
      .deleteFrom('idempotency_keys')
      .where((eb) =>
        eb(
          eb.refTuple('client_id', 'key'),
          'in',
          eb
            .selectFrom('idempotency_keys')
            .select(['client_id', 'key'])
            .where('created_at', '<', expiryCutoff(windowMs))
            .limit(PURGE_BATCH)
            .$asTuple('client_id', 'key'),
        ),
      )
      .executeTakeFirst();
    const deleted = Number(batch.numDeletedRows);
    purged += deleted;
    if (deleted < PURGE_BATCH) return purged;
  }
}
