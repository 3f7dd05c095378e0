import type { Kysely } from 'kysely';
import { purgeExpiredIdempotencyKeys } from '../api/idempotency-window';
import type { Database } from '../db/schema';
import type { Logger } from './logger';

const PURGE_EVERY_MS = 60 * 60_000;

/**
 * Deletes expired Idempotency-Key responses at start and then hourly. Reads already treat an expired key as
 * absent; this removes what it stored, which may quote offence or health data.
 */
export function startIdempotencyPurge(options: { db: Kysely<Database>; log: Logger; windowMs: number }) {
  const { db, log, windowMs } = options;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const loop = () => {
    if (stopped) return;
    running = purgeExpiredIdempotencyKeys(db, windowMs)
      .then((purged) => {
        if (purged > 0) log.info({ purged }, 'expired idempotency keys purged');
      })
      .catch((error: unknown) => {
        // The class and code only: a database error's message can quote the values it choked on.
        log.error(
          {
            err: error instanceof Error ? error.name : 'unknown',
            code: (error as { code?: unknown } | null)?.code,
          },
          'idempotency key purge failed',
        );
      })
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, PURGE_EVERY_MS);
      });
  };
  loop();

  return {
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
