import { readFile } from 'node:fs/promises';
import v8 from 'node:v8';
import {
  DefaultLogger,
  NativeConnection,
  Runtime,
  Worker,
  makeTelemetryFilterString,
} from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import type { Kysely } from 'kysely';
import { createActivities } from '../../activities';
import { workflowDataConverter } from '../../app/worker';
import { createDb } from '../../db/pool';
import type { Database } from '../../db/schema';
import type { FromWorkerProcess, MemoryFigures, ToWorkerProcess, WorkerProcessConfig } from './protocol';

// A worker alone in its process, so that its RSS is its own: spawned by bench/worker/worker-child.ts with
// `node --import tsx --expose-gc`, configured by its first argument, driven over IPC.

const config = JSON.parse(process.argv[2] ?? '') as WorkerProcessConfig;

function send(message: FromWorkerProcess): Promise<void> {
  return new Promise((resolve) => process.send?.(message, () => resolve()) ?? resolve());
}

interface ThreadReport {
  javascriptHeap: { usedMemory: number; totalMemory: number };
}

/** After two full collections of the main isolate (the workflow thread's isolate collects on its own). */
async function memory(): Promise<MemoryFigures> {
  if (!globalThis.gc) throw new Error('the worker process needs --expose-gc');
  globalThis.gc();
  globalThis.gc();
  await new Promise((resolve) => setImmediate(resolve));
  const { rss, heapUsed, external } = process.memoryUsage();
  // The diagnostic report is the one public view of another thread's heap (Node 20).
  const threads = (process.report.getReport() as { workers: ThreadReport[] }).workers;
  return {
    rss,
    heapUsed,
    external,
    threadHeapUsed: threads.reduce((sum, t) => sum + t.javascriptHeap.usedMemory, 0),
    threadHeapTotal: threads.reduce((sum, t) => sum + t.javascriptHeap.totalMemory, 0),
    heapLimit: v8.getHeapStatistics().heap_size_limit,
  };
}

/** Replays one history `times` over in one replay worker; the first includes creating that worker. */
async function replay(db: Kysely<Database>, historyPath: string, times: number): Promise<number[]> {
  const history = temporal.api.history.v1.History.decode(await readFile(historyPath));
  const ms: number[] = [];
  function* histories() {
    for (let n = 0; n < times; n++) yield { workflowId: 'replayed', history };
  }
  const results = Worker.runReplayHistories(
    { workflowBundle: { codePath: config.codePath }, dataConverter: workflowDataConverter(db) },
    histories(),
  );
  for (;;) {
    const started = performance.now();
    const next = await results.next();
    if (next.done) break;
    if (next.value.error) throw next.value.error;
    ms.push(performance.now() - started);
  }
  return ms;
}

async function main(): Promise<void> {
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } },
  });
  const db = createDb({ url: config.databaseUrl });
  const connection = await NativeConnection.connect({ address: config.address });
  const worker = await Worker.create({
    connection,
    namespace: config.namespace,
    taskQueue: config.taskQueue,
    workflowBundle: { codePath: config.codePath },
    activities: createActivities({ db }),
    dataConverter: workflowDataConverter(db),
    maxCachedWorkflows: config.maxCachedWorkflows,
    debugMode: config.workflowsInProcess ?? false,
  });
  const running = worker.run();
  const answer = async (message: ToWorkerProcess): Promise<void> => {
    if (message.type === 'memory') await send({ type: 'memory', ...(await memory()) });
    else if (message.type === 'replay')
      await send({ type: 'replay', ms: await replay(db, message.historyPath, message.times) });
    else if (message.type === 'heap-snapshot') {
      globalThis.gc?.();
      await send({ type: 'heap-snapshot', path: v8.writeHeapSnapshot(message.path) });
    } else worker.shutdown();
  };
  process.on('message', (message: ToWorkerProcess) => {
    answer(message).catch((error: unknown) => send({ type: 'failed', message: String(error) }));
  });
  await send({ type: 'ready' });
  try {
    await running;
  } finally {
    await connection.close();
    await db.destroy();
  }
  process.exit(0);
}

main().catch(async (error: unknown) => {
  await send({
    type: 'failed',
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  process.exit(1);
});
