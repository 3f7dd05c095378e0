import type { MemoryFigures } from './protocol';
import { type Opened, nothingOpened, openOrders } from './open-orders';
import type { BenchTemporal } from './temporal';
import { WorkerChild } from './worker-child';

const TASK_QUEUE = 'bench-worker';
/** Enough for every open workflow to stay cached, at any scale up to 2. */
export const MAX_CACHED_WORKFLOWS = 40_000;
/** How long the idle worker polls before its baseline RSS is read. */
export const IDLE_POLL_MS = 5_000;
export const SETTLE_MS = 2_000;
/**
 * How long the worker is left with nothing to do after the last stage before its memory is read once more:
 * past V8's memory reducer (which starts 8 s after an isolate goes quiet), so the workflow thread's isolate,
 * which nothing else can ask to collect, has collected what its last starts left.
 */
export const QUIET_MS = 30_000;
/**
 * Past the first stage, opening stops once the worker's RSS passes this (twice the 1.5 GiB target): far
 * enough past the target to project from, short of the workflow thread's 4 GiB heap, where the worker dies
 * and takes minutes doing so.
 */
export const RSS_CEILING_BYTES = 3 * 1024 ** 3;

/** The worker's memory with so many orders (and their workflows) open. */
export interface MemoryPoint {
  orders: number;
  workflows: number;
  memory: MemoryFigures;
}

export interface RssFigures {
  /** No workflow open, after polling IDLE_POLL_MS: the baseline. */
  idle: MemoryFigures;
  /** Read SETTLE_MS after each stage completed. */
  stages: MemoryPoint[];
  /** Read after every batch of starts, as the stages went. */
  curve: MemoryPoint[];
  /** Read QUIET_MS after the last stage, when every stage completed. */
  quiet: MemoryPoint | null;
  /** Why the worker process ended before the last stage completed, if it did. */
  died: string | null;
  /** Opening stopped at RSS_CEILING_BYTES before the last stage completed. */
  stoppedAtCeiling: boolean;
  opened: Opened;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Settles, then reads the worker's memory three times a quarter-second apart: the median reading by RSS. */
async function settledMemory(child: WorkerChild): Promise<MemoryFigures> {
  await sleep(SETTLE_MS);
  const readings: MemoryFigures[] = [];
  for (let n = 0; n < 3; n++) {
    readings.push(await child.memory());
    await sleep(250);
  }
  return readings.sort((a, b) => a.rss - b.rss)[1]!;
}

/**
 * A worker alone in its process (every workflow kept cached): its memory idle, then after each stage of
 * open orders. If the worker process dies on the way (out of memory), the figures stop there.
 */
export async function measureOpenOrders(options: {
  temporal: BenchTemporal;
  databaseUrl: string;
  stages: readonly (readonly number[])[];
  log: (m: string) => void;
}): Promise<RssFigures> {
  const { temporal, log } = options;
  const child = await WorkerChild.start({
    address: temporal.address,
    namespace: temporal.namespace,
    taskQueue: TASK_QUEUE,
    codePath: temporal.codePath,
    databaseUrl: options.databaseUrl,
    maxCachedWorkflows: MAX_CACHED_WORKFLOWS,
  });
  try {
    await sleep(IDLE_POLL_MS);
    const figures: RssFigures = {
      idle: await settledMemory(child),
      stages: [],
      curve: [],
      quiet: null,
      died: null,
      stoppedAtCeiling: false,
      opened: nothingOpened(),
    };
    const { opened } = figures;
    log(`worker: idle, RSS ${mib(figures.idle.rss)} MiB`);
    const point = (memory: MemoryFigures): MemoryPoint => ({
      orders: opened.orders,
      workflows: opened.workflows,
      memory,
    });
    const stop = new AbortController();
    const afterBatch = async () => {
      const reading = point(await child.memory());
      figures.curve.push(reading);
      log(
        `worker: ${opened.orders} orders open (${opened.workflows} workflows, ${(opened.workflows / opened.startSeconds).toFixed(0)}/s), RSS ${mib(reading.memory.rss)} MiB`,
      );
      if (figures.stages.length > 0 && reading.memory.rss > RSS_CEILING_BYTES) {
        figures.stoppedAtCeiling = true;
        stop.abort();
      }
    };
    try {
      for (const indices of options.stages) {
        if ((figures.stages.at(-1)?.memory.rss ?? 0) > RSS_CEILING_BYTES) {
          figures.stoppedAtCeiling = true;
          break;
        }
        const opening = openOrders({
          client: temporal.client,
          taskQueue: TASK_QUEUE,
          indices,
          opened,
          afterBatch,
          signal: stop.signal,
        });
        await Promise.race([opening, child.died]).catch((error: unknown) => {
          stop.abort();
          throw error;
        });
        figures.stages.push(point(await settledMemory(child)));
        log(
          `worker: ${opened.orders} orders open, settled: RSS ${mib(figures.stages.at(-1)!.memory.rss)} MiB`,
        );
      }
      if (!figures.stoppedAtCeiling) {
        await sleep(QUIET_MS);
        figures.quiet = point(await settledMemory(child));
        log(`worker: ${opened.orders} orders open, quiet: RSS ${mib(figures.quiet.memory.rss)} MiB`);
      }
    } catch (error) {
      if (figures.stoppedAtCeiling && !child.hasExited()) {
        log(`worker: stopped opening at ${opened.orders} orders: RSS past ${mib(RSS_CEILING_BYTES)} MiB`);
        return figures;
      }
      if (!child.hasExited()) throw error;
      figures.died = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
      log(`worker: the worker process died with ${opened.orders} orders open: ${figures.died}`);
    }
    return figures;
  } finally {
    await child.stop();
  }
}

export const mib = (bytes: number) => (bytes / (1024 * 1024)).toFixed(0);
