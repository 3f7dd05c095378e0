import { parseArgs } from 'node:util';
import { SNAPSHOT_AT } from '../data/snapshot';
import { startBenchDatabase } from '../support/postgres';
import { nothingOpened, openOrders } from './open-orders';
import type { MemoryFigures } from './protocol';
import { IDLE_POLL_MS, MAX_CACHED_WORKFLOWS, SETTLE_MS } from './rss';
import { spreadSample } from './sample';
import { startBenchTemporal } from './temporal';
import { WorkerChild } from './worker-child';

// What a cached workflow holds: the worker bench's open orders (the same sample as `--scale 0.01`: 100
// orders) opened on a worker whose workflows run in its own thread; the worker's heap written to a snapshot
// idle and with the orders open (open them in Chrome's DevTools, Memory tab, or compare them with
// bench/worker/heap-diff.ts), and its heap per workflow printed.
//   npx tsx bench/worker/heap-snapshot.ts [--orders 100] [--out bench/results/worker.heapsnapshot]

const { values } = parseArgs({
  options: { orders: { type: 'string', default: '100' }, out: { type: 'string' } },
});
const orders = Number(values.orders);
const out = values.out ?? 'bench/results/worker.heapsnapshot';
const log = (m: string) => console.error(m);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mib = (bytes: number) => (bytes / 1024 ** 2).toFixed(1);

async function settled(child: WorkerChild): Promise<MemoryFigures> {
  await sleep(SETTLE_MS);
  return child.memory();
}

async function main(): Promise<void> {
  const db = await startBenchDatabase('heap');
  const temporal = await startBenchTemporal(SNAPSHOT_AT, log);
  const child = await WorkerChild.start({
    address: temporal.address,
    namespace: temporal.namespace,
    taskQueue: 'bench-heap',
    codePath: temporal.codePath,
    databaseUrl: db.url,
    maxCachedWorkflows: MAX_CACHED_WORKFLOWS,
    workflowsInProcess: true,
  });
  try {
    await sleep(IDLE_POLL_MS);
    const idle = await settled(child);
    const idleSnapshot = await child.heapSnapshot(out.replace(/(\.heapsnapshot)?$/, '.idle.heapsnapshot'));
    const opened = nothingOpened();
    const sample = spreadSample(Math.min(20, orders), orders);
    await openOrders({
      client: temporal.client,
      taskQueue: 'bench-heap',
      indices: [...sample.first, ...sample.rest],
      opened,
      afterBatch: () => Promise.resolve(),
      signal: new AbortController().signal,
    });
    const open = await settled(child);
    const per = (key: 'rss' | 'heapUsed') =>
      ((open[key] - idle[key]) / opened.workflows / 1024 ** 2).toFixed(3);
    console.log(
      `${opened.orders} orders, ${opened.workflows} workflows cached: heap used ${mib(idle.heapUsed)} → ${mib(open.heapUsed)} MiB (${per('heapUsed')} MiB a workflow), RSS ${mib(idle.rss)} → ${mib(open.rss)} MiB (${per('rss')} MiB a workflow)`,
    );
    const openSnapshot = await child.heapSnapshot(out);
    console.log(`heap snapshots: ${idleSnapshot} (idle), ${openSnapshot} (open)`);
    console.log(`npx tsx bench/worker/heap-diff.ts ${idleSnapshot} ${openSnapshot} ${opened.workflows}`);
  } finally {
    await child.stop();
    await temporal.close();
    await db.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
