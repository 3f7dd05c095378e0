import { ApplicationFailure, Context, log } from '@temporalio/activity';
import type { Kysely } from 'kysely';
import { DatabaseError } from 'pg';
import { errorFacts } from '../db/error-facts';
import type { Database } from '../db/schema';

/**
 * SQLSTATE classes no retry can cure: data exception (22), integrity constraint violation (23), syntax error
 * or access rule violation (42). Anything else (connection, timeout, serialization, lock) may pass.
 */
const PERMANENT_CLASSES = new Set(['22', '23', '42']);

/** Past this many attempts a batch that keeps failing is alerted on: about 10 minutes of retries. */
export const ALERT_AFTER_ATTEMPTS = 15;

/** The failure a batch refused for good fails its activity with, once it is recorded in failed_batches. */
export const PERMANENT_DATABASE_ERROR = 'PermanentDatabaseError';
/** The failure of a batch refused for good whose refusal could not be recorded: retried until it is. */
export const UNRECORDED_DATABASE_ERROR = 'UnrecordedDatabaseError';
/** The failure of a batch whose write failed otherwise (a transient database error, or any other): retried. */
export const BATCH_WRITE_ERROR = 'BatchWriteError';

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

/** What an error may say of itself: its SQLSTATE and the schema objects it names, or its class and code. */
function safeDescription(error: unknown): string {
  if (error instanceof DatabaseError) {
    const names = [
      error.table && `table ${error.table}`,
      error.column && `column ${error.column}`,
      error.constraint && `constraint ${error.constraint}`,
    ];
    return [`SQLSTATE ${error.code}`, ...names].filter(Boolean).join(', ');
  }
  const { errorClass, code } = errorFacts(error);
  return code === undefined ? errorClass : `${errorClass} ${code}`;
}

type BatchFailureType =
  typeof PERMANENT_DATABASE_ERROR | typeof UNRECORDED_DATABASE_ERROR | typeof BATCH_WRITE_ERROR;

/**
 * The failure a batch's write ends its attempt with; only a recorded refusal is not retried. Temporal keeps an
 * attempt's failure (message, stack and cause) in the workflow's history for years, and the SDK logs it: a
 * Postgres error's message, detail and context may quote the refused values, so of the errors only their
 * `safeDescription` is kept.
 */
function batchFailure(type: BatchFailureType, error: unknown, recordError?: unknown): ApplicationFailure {
  const unrecorded = recordError === undefined ? '' : `; nor recorded (${safeDescription(recordError)})`;
  return ApplicationFailure.create({
    type,
    message: `the batch was not written (${safeDescription(error)})${unrecorded}`,
    nonRetryable: type === PERMANENT_DATABASE_ERROR,
  });
}

/**
 * Runs one batch's write. A permanent database error is recorded in failed_batches and logged (ids only),
 * then fails the activity for good; where it cannot be recorded, the activity fails to be retried. A transient
 * one is retried by Temporal, with an alert once the attempts pass ALERT_AFTER_ATTEMPTS. Every failure it
 * throws is a `batchFailure`: the error itself never leaves it.
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
        throw batchFailure(UNRECORDED_DATABASE_ERROR, error, recordError);
      }
      log.error('a batch was refused by Postgres for good; the case needs an operator', {
        ...fields,
        alert: 'failed-batch',
      });
      throw batchFailure(PERMANENT_DATABASE_ERROR, error);
    }
    if (attempt >= ALERT_AFTER_ATTEMPTS)
      log.error('a batch keeps failing to persist', { ...fields, alert: 'batch-retrying' });
    throw batchFailure(BATCH_WRITE_ERROR, error);
  }
}
