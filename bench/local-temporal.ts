/**
 * Benchmarks the stand-in Temporal server under the real SDK (run by hand: `npx tsx bench/local-temporal.ts`).
 * Prints the environment start-up time, 1,000 sequential updates on one workflow and 1,000 short workflows,
 * then 1,000 workflows of one activity each on a stand-in keeping its state in a directory (every answer
 * waits for its fsync).
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { ensureLocalTemporalBuilt } from '../local-temporal/build';
import { createConformanceActivities } from '../test/local-temporal/workflows/activities';
import { add, finish } from '../test/local-temporal/workflows/messages';

const COUNT = Number(process.env.BENCH_COUNT ?? 1000);

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await fn();
  const ms = performance.now() - start;
  console.log(`${label}: ${(ms / 1000).toFixed(2)} s`);
  return result;
}

/** Runs COUNT of `one` (given 0 … COUNT − 1), twenty at a time. */
async function twentyAtATime(one: (n: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < COUNT; i += 20) await Promise.all(Array.from({ length: 20 }, (_, j) => one(i + j)));
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const executable = await ensureLocalTemporalBuilt();
  const { code } = await timed('bundle workflows', () =>
    bundleWorkflowCode({
      workflowsPath: path.resolve(__dirname, '../test/local-temporal/workflows/index.ts'),
    }),
  );
  const start = () =>
    TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: executable } },
    });
  const env = await timed('environment start-up', start);
  const taskQueue = 'bench';
  const workerOn = (environment: TestWorkflowEnvironment) =>
    Worker.create({
      connection: environment.nativeConnection,
      taskQueue,
      workflowBundle: { code },
      activities: createConformanceActivities().activities,
      maxCachedWorkflows: 100,
    });
  const worker = await workerOn(env);
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start('ledger', { taskQueue, workflowId: 'bench-updates' });
    await timed(`${COUNT} sequential updates on one workflow`, async () => {
      for (let i = 0; i < COUNT; i++) await handle.executeUpdate(add, { args: [1] });
    });
    await handle.signal(finish);
    console.log(`  result ${String(await handle.result())}`);
    await timed(`${COUNT} short workflows (one 1 s timer each), one after another`, async () => {
      for (let i = 0; i < COUNT; i++) {
        await env.client.workflow.execute('sleeper', {
          taskQueue,
          workflowId: `bench-short-${i}`,
          args: [1000],
        });
      }
    });
    await timed(`${COUNT} short workflows, 20 at a time`, async () => {
      await twentyAtATime((n) =>
        env.client.workflow.execute('sleeper', { taskQueue, workflowId: `bench-batch-${n}`, args: [1000] }),
      );
    });
  });
  await env.teardown();

  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'bench-local-temporal-'));
  process.env.LOCAL_TEMPORAL_STATE_DIR = stateDir;
  const durable = await start();
  try {
    await (
      await workerOn(durable)
    ).runUntil(() =>
      timed(`${COUNT} workflows of one activity each, 20 at a time, state in a directory`, () =>
        twentyAtATime((n) =>
          durable.client.workflow.execute('retried', {
            taskQueue,
            workflowId: `bench-activity-${n}`,
            args: [1],
          }),
        ),
      ),
    );
  } finally {
    await durable.teardown();
    const { size } = await stat(path.join(stateDir, 'state.jsonl'));
    console.log(`  state file ${(size / 1024).toFixed(0)} KiB`);
    await rm(stateDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
