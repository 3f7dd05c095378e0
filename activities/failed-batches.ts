import { ApplicationFailure, Context, log } from '@temporalio/activity';
import type { Kysely } from 'kysely';
import { DatabaseError } from 'pg';
import type { Database } from '../db/schema';

/**
 * SQLSTATE classes no retry can cure: data exception (22), integrity constraint violation (23), syntax error
 * or access rule violation (42). Anything else (connection, timeout, serialization, lock) may pass.
 */
const PERMANENT_CLASSES = new Set(['22', '23', '42']);

/** Past this many attempts a batch that keeps failing is alerted on: about 10 minutes of retries. */
export const ALERT_AFTER_ATTEMPTS = 15;

export const PERMANENT_DATABASE_ERROR = 'PermanentDatabaseError';

function sqlstateOf(error: unknown): string | null {
  return error instanceof DatabaseError ? (error.code ?? null) : null;
}

export interface BatchIds {
  orderId: string;
  requirementId: string | null;
  version: number;
  eventIds: string[];
}

async function recordFailure(db: Kysely<Database>, ids: BatchIds, sqlstate: string, attempt: number) {
  await db
    .insertInto('failed_batches')
    .values({
      order_id: ids.orderId,
      requirement_id: ids.requirementId,
      version: ids.version,
      event_ids: ids.eventIds,
      sqlstate,
      attempt,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/**
 * Runs one batch's write. A permanent database error is recorded in failed_batches and logged (ids only),
 * then fails the activity for good; where it cannot be recorded, its own error is thrown, to be retried. A
 * transient one is retried by Temporal, with an alert once the attempts pass ALERT_AFTER_ATTEMPTS.
 */
export async function writeOrRecordFailure<T>(
  db: Kysely<Database>,
  ids: BatchIds,
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const sqlstate = sqlstateOf(error);
    const { attempt } = Context.current().info;
    const fields = {
      orderId: ids.orderId,
      requirementId: ids.requirementId ?? undefined,
      version: ids.version,
      firstEventId: ids.eventIds[0],
      sqlstate: sqlstate ?? undefined,
      attempt,
    };
    if (sqlstate && PERMANENT_CLASSES.has(sqlstate.slice(0, 2))) {
      try {
        await recordFailure(db, ids, sqlstate, attempt);
      } catch (recordError) {
        log.error('a batch refused for good could not be recorded; the activity retries it', {
          ...fields,
          recordSqlstate: sqlstateOf(recordError) ?? undefined,
          alert: 'failed-batch-unrecorded',
        });
        throw error;
      }
      log.error('a batch was refused by Postgres for good; the case needs an operator', {
        ...fields,
        alert: 'failed-batch',
      });
      throw ApplicationFailure.create({
        type: PERMANENT_DATABASE_ERROR,
        message: `Postgres refused the batch (SQLSTATE ${sqlstate})`,
        nonRetryable: true,
      });
    }
    if (attempt >= ALERT_AFTER_ATTEMPTS)
      log.error('a batch keeps failing to persist', { ...fields, alert: 'batch-retrying' });
    throw error;
  }
}
