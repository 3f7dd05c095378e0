/** Adds up the time spent in the timed parts of a loop, in nanoseconds, leaving the rest out. */
export class Stopwatch {
  private ns = 0;

  time<T>(work: () => T): T {
    const started = process.hrtime.bigint();
    try {
      return work();
    } finally {
      this.ns += Number(process.hrtime.bigint() - started);
    }
  }

  async timeAsync<T>(work: () => Promise<T>): Promise<T> {
    const started = process.hrtime.bigint();
    try {
      return await work();
    } finally {
      this.ns += Number(process.hrtime.bigint() - started);
    }
  }

  add(ns: number): void {
    this.ns += ns;
  }

  get seconds(): number {
    return this.ns / 1e9;
  }
}
