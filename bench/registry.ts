import { domainBenchmark } from './domain/benchmark';
import { ingestBenchmark } from './ingest/benchmark';
import type { Benchmark } from './support/benchmark';

/** The benchmarks `npm run bench` knows, in the order it runs them (read, write, worker: not yet built). */
export const BENCHMARKS: readonly Benchmark[] = [domainBenchmark, ingestBenchmark];
