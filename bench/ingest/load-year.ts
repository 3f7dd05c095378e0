import type { Instant } from '../../domain/calendar';
import { type YearFile, readYearLines } from '../data/year-file';
import { type BatchJob, ParallelLoader } from './parallel-load';

/** Orders per transaction. */
export const ORDERS_PER_BATCH = 100;
/** Loading threads: each builds rows and writes them over its own connection. */
export const LOAD_THREADS = 2;

export interface YearLoad {
  seconds: number;
  events: number;
  buildSeconds: number;
  batches: number;
  expected: Record<string, number>;
}

/** Loads a year file (whole lives, or each order as it stood at `cutAt`) with the parallel loader. */
export async function loadYear(
  url: string,
  year: YearFile,
  options: {
    kind: BatchJob['kind'];
    cutAt?: Instant;
    /** Orders each thread loads and rolls back first, so that the timed load runs on warm code. */
    warmUp?: string[];
    log?: (m: string) => void;
  },
): Promise<YearLoad> {
  const loader = new ParallelLoader(url, LOAD_THREADS);
  try {
    const cut = options.cutAt ?? null;
    if (options.warmUp) {
      for (let t = 0; t < LOAD_THREADS; t++)
        await loader.submit({ kind: options.kind, lines: options.warmUp, cutAt: cut, commit: false });
      await loader.drain();
      loader.reset();
    }
    const started = performance.now();
    let batch: string[] = [];
    let batches = 0;
    const submit = async () => {
      await loader.submit({ kind: options.kind, lines: batch, cutAt: cut, commit: true });
      batch = [];
      if (++batches % 50 === 0) options.log?.(`${options.kind}: ${batches * ORDERS_PER_BATCH} orders`);
    };
    for await (const line of readYearLines(year)) {
      batch.push(line);
      if (batch.length === ORDERS_PER_BATCH) await submit();
    }
    if (batch.length > 0) await submit();
    await loader.drain();
    return { seconds: (performance.now() - started) / 1000, batches, ...loader.totals };
  } finally {
    await loader.close();
  }
}
