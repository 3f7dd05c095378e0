import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { Kysely, PostgresDialect } from 'kysely';
import { createActivities } from '../../activities';
import { createPool } from '../../db/pool';
import type { Database } from '../../db/schema';
import { sentRecord } from '../../domain/records';
import { parseArgs } from '../support/args';
import { cpuMs, postgresCpu, postgresCpuBetween } from '../support/cpu';
import { startBenchDatabase } from '../support/postgres';
import { DESIGN_YEAR, ordersAt } from '../data/design';
import { generateOrderLife } from '../data/order-life';

// The persist activity alone, as the write path runs it once per Update: the design year's first orders,
// every event sent as its own batch in the order the workflows would send them (each aggregate's batches one
// at a time), with `IN_FLIGHT` aggregates' batches under way at once, each in the SDK's own activity context
// (as a worker runs it: a failing batch reports its own error). Per batch: the round trips it made
// (statements, BEGIN and COMMIT included), its time, and the CPU of this process and of Postgres.
//
//   npx tsx bench/write/persist.ts --scale 0.003     (the year's first orders at that scale: 0.003 is 100)

const IN_FLIGHT = 8;

type Batch = { aggregate: string; run: () => Promise<unknown> };

async function main() {
  const { scale } = parseArgs(process.argv.slice(2));
  const database = await startBenchDatabase('persist');
  const pool = createPool({ url: database.url });
  let statements = 0;
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: typeof query }).query = (...args: unknown[]) => {
      statements += 1;
      return query(...args);
    };
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const activities = createActivities({ db });
  // The SDK's own warning of a failed activity would say the error again: the run reports it once.
  const activity = new MockActivityEnvironment({}, { logger: new DefaultLogger('ERROR') });
  try {
    // Each aggregate's batches in order; aggregates interleaved as the year's events are.
    const queues = new Map<string, Batch[]>();
    const orders = ordersAt(scale);
    for (let index = 0; index < orders; index++) {
      const life = generateOrderLife(DESIGN_YEAR.seed, index, DESIGN_YEAR.orders);
      const versions = new Map<string, number>();
      for (const e of life.events) {
        const aggregate = e.requirementId ?? e.orderId;
        const version = (versions.get(aggregate) ?? 0) + 1;
        versions.set(aggregate, version);
        const run =
          e.requirementId === null
            ? () =>
                activity.run(activities.persistOrderBatch, {
                  orderId: e.orderId,
                  version,
                  records: [sentRecord(e.record)],
                })
            : () =>
                activity.run(activities.persistRequirementBatch, {
                  orderId: e.orderId,
                  requirementId: e.requirementId,
                  version,
                  records: [sentRecord(e.record)],
                });
        const queue = queues.get(aggregate) ?? [];
        queue.push({ aggregate, run });
        queues.set(aggregate, queue);
      }
    }
    const pending = [...queues.values()];
    const total = pending.reduce((n, q) => n + q.length, 0);
    const times: number[] = [];
    const started = performance.now();
    const cpuBefore = cpuMs();
    const pgBefore = postgresCpu(database.dataDir);
    const statementsBefore = statements;
    // The first batch to fail ends the run once the batches under way have ended, and is what it reports.
    const failures: unknown[] = [];
    const worker = async () => {
      while (failures.length === 0) {
        const queue = pending.shift();
        if (!queue) return;
        for (const batch of queue) {
          const t = performance.now();
          try {
            await batch.run();
          } catch (error) {
            failures.push(error);
            return;
          }
          times.push(performance.now() - t);
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    if (failures.length > 0) throw failures[0];
    const wall = performance.now() - started;
    const cpu = cpuMs() - cpuBefore;
    const pgCpu = postgresCpuBetween(pgBefore, postgresCpu(database.dataDir));
    times.sort((a, b) => a - b);
    const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
    const f = (n: number) => n.toFixed(2);
    process.stdout.write(
      `${orders} orders, ${total} batches, ${IN_FLIGHT} aggregates at once, ${(wall / 1000).toFixed(1)} s\n` +
        `round trips a batch: ${f((statements - statementsBefore) / total)}\n` +
        `ms a batch: p50 ${f(at(0.5))}, p99 ${f(at(0.99))}, mean ${f(times.reduce((s, x) => s + x, 0) / total)}\n` +
        `CPU a batch: this process ${f(cpu / total)} ms, Postgres ${f(pgCpu / total)} ms\n`,
    );
  } finally {
    await db.destroy();
    await database.stop();
  }
}

void main();
