import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { DESIGN_YEAR } from '../../bench/data/design';
import { generateOrderLife } from '../../bench/data/order-life';
import type { OrderLife, YearEvent } from '../../bench/data/records';
import { sentRecord } from '../../domain/records';
import { useTestDatabase } from '../support/database';

// The persist activity's batches of one order (its own and its requirements') written at once.

const t = useTestDatabase();

/** The design year's first order with `n` requirements. */
function orderWithRequirements(n: number): OrderLife {
  for (let index = 0; ; index++) {
    const life = generateOrderLife(DESIGN_YEAR.seed, index, DESIGN_YEAR.orders);
    if (life.requirementIds.length === n) return life;
  }
}

/** Runs one event as its aggregate's batch `version`, as the worker runs the activity. */
function persist(e: YearEvent, version: number): Promise<unknown> {
  const activities = createActivities({ db: t.db });
  const activity = new MockActivityEnvironment({}, { logger: new DefaultLogger('ERROR') });
  return e.requirementId === null
    ? activity.run(activities.persistOrderBatch, {
        orderId: e.orderId,
        version,
        records: [sentRecord(e.record)],
      })
    : activity.run(activities.persistRequirementBatch, {
        orderId: e.orderId,
        requirementId: e.requirementId,
        version,
        records: [sentRecord(e.record)],
      });
}

/** How many sessions of the test's database wait for a lock. */
async function lockWaits(): Promise<number> {
  const { rows } = await sql<{ waiting: number }>`
    SELECT count(*)::int AS waiting FROM pg_stat_activity
    WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(t.ownerDb);
  return rows[0]!.waiting;
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 20));

/** Waits until `n` sessions of the test's database wait for a lock. */
async function untilWaiting(n: number): Promise<void> {
  for (const started = Date.now(); Date.now() - started < 30_000; await pause())
    if ((await lockWaits()) >= n) return;
  throw new Error(`fewer than ${n} sessions waited for a lock`);
}

/** Whether `write` ended before any session of the test's database waited for a lock. */
async function endedWithoutWaiting(write: Promise<unknown>): Promise<boolean> {
  let ended = false;
  const end = () => {
    ended = true;
  };
  void write.then(end, end);
  for (; ; await pause()) {
    if (ended) return true;
    if ((await lockWaits()) > 0) return false;
  }
}

describe("the persist activity, an order's and its requirement's batches at once", () => {
  it('writes both without a deadlock, whichever reaches the requirement row first', async () => {
    // The order's batches up to its induction, each in turn: its milestone and both requirements' rows
    // (before sentence) are kept; the second requirement's own batches are not written yet.
    const life = orderWithRequirements(2);
    const [, second] = life.requirementIds;
    const orderEvents: YearEvent[] = life.events.filter((e) => e.requirementId === null);
    const induction = orderEvents.findIndex((e) => e.record.event.type === 'InductionCompleted');
    for (const [n, e] of orderEvents.slice(0, induction).entries()) await persist(e, n + 1);
    const imposed = life.events.find((e) => e.requirementId === second)!;
    expect(imposed.record.event.type).toBe('RequirementImposed');

    // The requirement's imposition (its row sentenced: its order's group changes) and the order's induction
    // (its milestone refreshed, then its requirements' rows written), the imposition first to reach the
    // requirement's row: held here until both are under way. Each took its locks in the other's order.
    const errors: string[] = [];
    const failed = (error: { code?: string; message?: string }) => {
      errors.push(error.code ?? String(error.message));
    };
    await t.ownerDb.connection().execute(async (holder) => {
      await sql`BEGIN`.execute(holder);
      await sql`SELECT FROM requirements WHERE id = ${second} FOR UPDATE`.execute(holder);
      const requirement = persist(imposed, 1).catch(failed);
      await untilWaiting(1);
      const order = persist(orderEvents[induction]!, induction + 1).catch(failed);
      await untilWaiting(2);
      await sql`COMMIT`.execute(holder);
      await Promise.all([requirement, order]);
    });
    expect(errors).toEqual([]);

    // Both written: the order's milestone posted under the sentenced requirement's type, its induction kept.
    const { rows } = await sql<{ p_type: string; reached_on: unknown }>`
      SELECT p_type, reached_on FROM kpi_milestones WHERE owner = ${life.orderId}`.execute(t.ownerDb);
    const { rows: sentenced } = await sql<{ type: string }>`
      SELECT type FROM requirements WHERE id = ${second} AND stage = 'SENTENCED'`.execute(t.ownerDb);
    expect(rows).toEqual([{ p_type: sentenced[0]!.type, reached_on: expect.anything() }]);
  }, 120_000);
});

describe("the persist activity, an order's batch after one of its requirements is sentenced", () => {
  it("leaves the sentenced requirement's row unlocked and as it was", async () => {
    const life = orderWithRequirements(1);
    const [requirementId] = life.requirementIds;
    const orderEvents: YearEvent[] = life.events.filter((e) => e.requirementId === null);
    const induction = orderEvents.findIndex((e) => e.record.event.type === 'InductionCompleted');
    for (const [n, e] of orderEvents.slice(0, induction).entries()) await persist(e, n + 1);
    const imposed = life.events.find((e) => e.requirementId === requirementId)!;
    await persist(imposed, 1);
    const sentenced = () =>
      t.ownerDb
        .selectFrom('requirements')
        .selectAll()
        .where('id', '=', requirementId!)
        .executeTakeFirstOrThrow();
    const before = await sentenced();
    expect(before).toMatchObject({ stage: 'SENTENCED', version: 1 });

    // The order's induction lists the requirement among its proposed ones, while the row is held as a write
    // of its own would hold it.
    await t.ownerDb.connection().execute(async (holder) => {
      await sql`BEGIN`.execute(holder);
      await sql`SELECT FROM requirements WHERE id = ${requirementId} FOR NO KEY UPDATE`.execute(holder);
      const order = persist(orderEvents[induction]!, induction + 1);
      const unblocked = await endedWithoutWaiting(order);
      await sql`COMMIT`.execute(holder);
      await order;
      expect(unblocked).toBe(true);
    });
    expect(await sentenced()).toEqual(before);
  }, 120_000);
});
