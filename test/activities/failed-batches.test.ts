import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger, type LogEntry } from '@temporalio/worker';
import { sql } from 'kysely';
import { DatabaseError } from 'pg';
import { describe, expect, it } from 'vitest';
import { type OrderBatch, createActivities } from '../../activities';
import { PERMANENT_DATABASE_ERROR } from '../../activities/failed-batches';
import { temporalLogFields } from '../../app/runtime';
import { DESIGN_YEAR } from '../../bench/data/design';
import { generateOrderLife } from '../../bench/data/order-life';
import type { OrderEvent } from '../../domain/order';
import { sentRecord } from '../../domain/records';
import { useTestDatabase } from '../support/database';

const t = useTestDatabase();

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

describe('a batch Postgres refuses for good, when its refusal cannot be recorded', () => {
  it('throws the refusal itself, to be retried, and records it on a later attempt', async () => {
    const first = generateOrderLife(DESIGN_YEAR.seed, 0, DESIGN_YEAR.orders).events[0]!;
    const opened = first.record.event as Extract<OrderEvent, { type: 'CaseIdentified' }>;
    // jsonb cannot hold U+0000: a data exception (SQLSTATE class 22) on every attempt.
    const event = { ...opened, offences: [{ description: 'Theft from a shop\u0000', imprisonable: true }] };
    const batch = { orderId: first.orderId, version: 1, records: [sentRecord({ ...first.record, event })] };
    const recorded = () =>
      t.ownerDb.selectFrom('failed_batches').selectAll().where('order_id', '=', first.orderId).execute();

    await sql`REVOKE INSERT ON failed_batches FROM cstr_app`.execute(t.ownerDb);
    const logs: LogEntry[] = [];
    const refused = await attemptBatch(batch, 1, logs);
    expect(refused).toBeInstanceOf(DatabaseError);
    expect((refused as DatabaseError).code).toMatch(/^22/);
    // Alerted on with ids and codes only, as the app's log keeps them.
    const alert = logs.find((l) => l.meta?.alert === 'failed-batch-unrecorded');
    expect(temporalLogFields(alert?.meta)).toMatchObject({
      orderId: first.orderId,
      sqlstate: (refused as DatabaseError).code,
      recordSqlstate: '42501',
    });
    expect(JSON.stringify([alert?.message, alert?.meta])).not.toContain('Theft');
    expect(await recorded()).toEqual([]);

    await sql`GRANT INSERT ON failed_batches TO cstr_app`.execute(t.ownerDb);
    const retried = await attemptBatch(batch, 2, []);
    expect(retried).toMatchObject({ type: PERMANENT_DATABASE_ERROR, nonRetryable: true });
    expect(await recorded()).toEqual([expect.objectContaining({ version: 1, attempt: 2 })]);
  }, 60_000);
});
