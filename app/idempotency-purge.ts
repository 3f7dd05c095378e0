import type { Kysely } from 'kysely';
import { purgeExpiredIdempotencyKeys } from '../api/idempotency-window';
import type { Database } from '../db/schema';
import type { Logger } from './logger';
import { repeat } from './repeat';

const PURGE_EVERY_MS = 60 * 60_000;
/** A pass that failed (the database busy or away) is tried again soon, not an hour later. */
const RETRY_FAILED_PASS_MS = 60_000;

/**
 * Deletes expired Idempotency-Key responses at start and then hourly (a minute after a failed pass). Reads
 * already treat an expired key as absent; this removes what it stored, which may quote offence or health data.
 */
export function startIdempotencyPurge(options: { db: Kysely<Database>; log: Logger; windowMs: number }) {
  const { db, log, windowMs } = options;
  return repeat(
    async () => {
      const purged = await purgeExpiredIdempotencyKeys(db, windowMs);
      if (purged > 0) log.info({ purged }, 'expired idempotency keys purged');
      return PURGE_EVERY_MS;
    },
    { log, failure: 'idempotency key purge failed', retryMs: RETRY_FAILED_PASS_MS },
  );
}
