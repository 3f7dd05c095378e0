import { inspect } from 'node:util';
import {
  ApplicationFailure,
  type ProtoFailure,
  defaultFailureConverter,
  defaultPayloadConverter,
  ensureApplicationFailure,
} from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger, type LogEntry } from '@temporalio/worker';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { type OrderBatch, createActivities } from '../../activities';
import {
  BATCH_WRITE_ERROR,
  PERMANENT_DATABASE_ERROR,
  UNRECORDED_DATABASE_ERROR,
} from '../../activities/failed-batches';
import { temporalLogFields } from '../../app/runtime';
import { DESIGN_YEAR } from '../../bench/data/design';
import { generateOrderLife } from '../../bench/data/order-life';
import type { OrderEvent } from '../../domain/order';
import { sentRecord } from '../../domain/records';
import { useTestDatabase } from '../support/database';

const t = useTestDatabase();

type CaseIdentified = Extract<OrderEvent, { type: 'CaseIdentified' }>;

/** The opening batch of the design year's `n`th order, its CaseIdentified event changed by `change`. */
function openingBatch(n: number, change: (event: CaseIdentified) => CaseIdentified): OrderBatch {
  const first = generateOrderLife(DESIGN_YEAR.seed, n, DESIGN_YEAR.orders).events[0]!;
  const event = change(first.record.event as CaseIdentified);
  return { orderId: first.orderId, version: 1, records: [sentRecord({ ...first.record, event })] };
}

/** A date Postgres refuses, quoting it: `date/time field value out of range: "…"` (SQLSTATE 22008). */
const IMPOSSIBLE_DATE = '2026-02-30';
const withImpossibleHearingDate = (e: CaseIdentified) => ({ ...e, hearingDate: IMPOSSIBLE_DATE });
/** jsonb cannot hold U+0000 (SQLSTATE 22P05); Postgres quotes the JSON up to it, the offence, as its context. */
const OFFENCE = 'Theft from a shop';
const withUnstorableOffence = (e: CaseIdentified) => ({
  ...e,
  offences: [{ description: `${OFFENCE}\u0000`, imprisonable: true }],
});
/** A null where Postgres wants a value (SQLSTATE 23502); Postgres quotes the failing row, the person's name in it. */
const FAMILY_NAME = 'Sentinelson';
const withoutCourtCode = (e: CaseIdentified) => ({
  ...e,
  court: { ...e.court, code: null as unknown as string },
  person: { ...e.person, familyName: FAMILY_NAME },
});

/** Runs the order batch as the worker's `attempt` of it; answers what it threw. */
function attemptBatch(batch: OrderBatch, attempt: number, logs: LogEntry[]): Promise<unknown> {
  const activity = new MockActivityEnvironment(
    { attempt },
    { logger: new DefaultLogger('WARN', (entry) => logs.push(entry)) },
  );
  return activity.run(createActivities({ db: t.db }).persistOrderBatch, batch).then(
    () => null,
    (error: unknown) => error,
  );
}

/** The failure the worker reports to Temporal for an attempt that threw `error`, encoded as the SDK does. */
function reportedFailure(error: unknown): ProtoFailure {
  return defaultFailureConverter.errorToFailure(ensureApplicationFailure(error), defaultPayloadConverter);
}

/**
 * What Temporal keeps of a failed attempt (its failure: message, stack, causes) and what the SDK's "Activity
 * failed" log line holds (the error itself, every field of it): the error's failure is asserted to be safe.
 */
function failureOf(thrown: unknown, logs: LogEntry[]) {
  const logged = logs.find((l) => l.message === 'Activity failed')?.meta?.error;
  expect(logged).toBe(thrown);
  const reported = reportedFailure(thrown);
  return { reported, kept: JSON.stringify(reported) + inspect(thrown, { depth: 10 }) };
}

describe('a batch Postgres refuses for good, recorded', () => {
  it('fails for good with its SQLSTATE, never the value Postgres quotes', async () => {
    const logs: LogEntry[] = [];
    const thrown = await attemptBatch(openingBatch(1, withImpossibleHearingDate), 1, logs);
    const { reported, kept } = failureOf(thrown, logs);
    expect(kept).not.toContain(IMPOSSIBLE_DATE);
    expect(reported.message).toContain('SQLSTATE 22008');
    expect(reported.cause).toBeFalsy();
    expect(reported.applicationFailureInfo).toMatchObject({
      type: PERMANENT_DATABASE_ERROR,
      nonRetryable: true,
    });
  }, 60_000);
});

describe('a batch whose write fails for now', () => {
  it('is retried, its failure naming its SQLSTATE only', async () => {
    const batch = openingBatch(2, (e) => e);
    const logs: LogEntry[] = [];
    // Its order's batch lock held elsewhere: the write waits past its statement timeout (SQLSTATE 57014).
    const thrown = await t.ownerDb.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(hashtext('order-batches'), hashtext(${batch.orderId}))`.execute(
        trx,
      );
      return attemptBatch(batch, 3, logs);
    });
    const { reported, kept } = failureOf(thrown, logs);
    expect(kept).not.toContain('canceling statement');
    expect(reported.message).toContain('SQLSTATE 57014');
    expect(reported.cause).toBeFalsy();
    expect(reported.applicationFailureInfo).toMatchObject({ type: BATCH_WRITE_ERROR, nonRetryable: false });
    expect(await attemptBatch(batch, 4, [])).toBeNull();
  }, 60_000);

  it('is retried when it fails otherwise, its failure naming the class of the error only', async () => {
    // Without its court the order's rows cannot be addressed: a TypeError in the activity's own code.
    const logs: LogEntry[] = [];
    const thrown = await attemptBatch(
      openingBatch(6, (e) => ({ ...e, court: undefined! })),
      1,
      logs,
    );
    const { reported, kept } = failureOf(thrown, logs);
    expect(kept).not.toContain('Cannot read');
    expect(reported.message).toBe('the batch was not written (TypeError)');
    expect(reported.applicationFailureInfo).toMatchObject({ type: BATCH_WRITE_ERROR, nonRetryable: false });
  }, 60_000);
});

describe('a batch Postgres refuses for good, when its refusal cannot be recorded', () => {
  it.each([
    { n: 3, change: withImpossibleHearingDate, value: IMPOSSIBLE_DATE, sqlstate: '22008', names: '' },
    { n: 4, change: withUnstorableOffence, value: OFFENCE, sqlstate: '22P05', names: '' },
    {
      n: 5,
      change: withoutCourtCode,
      value: FAMILY_NAME,
      sqlstate: '23502',
      names: ', table orders, column court_code',
    },
  ])(
    'fails to be retried with its SQLSTATE, not $value, and is recorded on a later attempt',
    async ({ n, change, value, sqlstate, names }) => {
      const batch = openingBatch(n, change);
      const recorded = () =>
        t.ownerDb.selectFrom('failed_batches').selectAll().where('order_id', '=', batch.orderId!).execute();

      await sql`REVOKE INSERT ON failed_batches FROM cstr_app`.execute(t.ownerDb);
      const logs: LogEntry[] = [];
      const thrown = await attemptBatch(batch, 1, logs);
      await sql`GRANT INSERT ON failed_batches TO cstr_app`.execute(t.ownerDb);
      const { reported, kept } = failureOf(thrown, logs);
      expect(kept).not.toContain(value);
      expect(reported.message).toContain(`(SQLSTATE ${sqlstate}${names})`);
      expect(reported.message).toContain('SQLSTATE 42501');
      expect(reported.cause).toBeFalsy();
      expect(reported.applicationFailureInfo).toMatchObject({
        type: UNRECORDED_DATABASE_ERROR,
        nonRetryable: false,
      });
      // Alerted on with ids and codes only, as the app's log keeps them.
      const alert = logs.find((l) => l.meta?.alert === 'failed-batch-unrecorded');
      expect(temporalLogFields(alert?.meta)).toMatchObject({
        orderId: batch.orderId,
        sqlstate,
        recordSqlstate: '42501',
      });
      expect(JSON.stringify([alert?.message, alert?.meta])).not.toContain(value);
      expect(await recorded()).toEqual([]);

      const retried = await attemptBatch(batch, 2, []);
      expect(retried).toBeInstanceOf(ApplicationFailure);
      expect(retried).toMatchObject({ type: PERMANENT_DATABASE_ERROR, nonRetryable: true });
      expect(await recorded()).toEqual([expect.objectContaining({ version: 1, attempt: 2 })]);
    },
    60_000,
  );
});
