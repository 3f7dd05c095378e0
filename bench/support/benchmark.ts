import type { BenchResult } from './result';

export interface BenchContext {
  scale: number;
  /** Progress for the person running it (stderr, so the table on stdout stays clean). */
  log: (message: string) => void;
}

/** A registered benchmark: it does its own baseline in the same run and returns its figures. */
export interface Benchmark {
  name: string;
  describe: string;
  run(ctx: BenchContext): Promise<Omit<BenchResult, 'name' | 'scale' | 'startedAt' | 'seconds' | 'machine'>>;
}
