import { domainBenchmark } from './domain/benchmark';
import { ingestBenchmark } from './ingest/benchmark';
import { readBenchmark } from './read/benchmark';
import type { Benchmark } from './support/benchmark';
import { writeBenchmark } from './write/benchmark';

/** The benchmarks `npm run bench` knows, in the order it runs them (worker: not yet built). */
export const BENCHMARKS: readonly Benchmark[] = [
  domainBenchmark,
  ingestBenchmark,
  readBenchmark,
  writeBenchmark,
];
