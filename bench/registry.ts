import { domainBenchmark } from './domain/benchmark';
import { ingestBenchmark } from './ingest/benchmark';
import { kpiBenchmark } from './kpi/benchmark';
import { pagesBenchmark } from './pages/benchmark';
import { readBenchmark } from './read/benchmark';
import type { Benchmark } from './support/benchmark';
import { workerBenchmark } from './worker/benchmark';
import { writeBenchmark } from './write/benchmark';

/** The benchmarks `npm run bench` knows, in the order it runs them. */
export const BENCHMARKS: readonly Benchmark[] = [
  domainBenchmark,
  ingestBenchmark,
  readBenchmark,
  writeBenchmark,
  workerBenchmark,
  kpiBenchmark,
  pagesBenchmark,
];
