import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Instant } from '../../domain/calendar';

export interface BatchJob {
  kind: 'orders' | 'events-only';
  /** The orders, as the year file holds them: parsing is part of the load. */
  lines: string[];
  /** Load each order as it stood at this instant (null: its whole life). */
  cutAt: Instant | null;
  commit: boolean;
}

export interface BatchDone {
  events: number;
  buildSeconds: number;
  /** The rows each table must hold for these orders (verify.ts countExpected). */
  expected: Record<string, number>;
}

type Reply = { ok: true; done: BatchDone } | { ok: false; error: string };

/** Worker threads do not inherit tsx's hooks: the thread registers them, then loads its TypeScript. */
const BOOT = `require('tsx/cjs'); require(${JSON.stringify(path.join(__dirname, 'load-thread.ts'))});`;

/**
 * Worker threads, each with its own connection, each loading a batch of orders in its own transaction: one
 * thread builds rows while another's batch is in Postgres. Orders are independent, so batches never conflict.
 */
export class ParallelLoader {
  private readonly idle: Worker[];
  private readonly waiting: ((worker: Worker) => void)[] = [];
  private readonly running = new Set<Promise<void>>();
  private failure: Error | null = null;
  totals = { events: 0, buildSeconds: 0, expected: {} as Record<string, number> };

  constructor(url: string, threads: number) {
    this.idle = Array.from({ length: threads }, () => new Worker(BOOT, { eval: true, workerData: { url } }));
  }

  /** Hands the batch to the next free thread; resolves once one has taken it (not once it is loaded). */
  async submit(job: BatchJob): Promise<void> {
    if (this.failure) throw this.failure;
    const worker = this.idle.pop() ?? (await new Promise<Worker>((r) => this.waiting.push(r)));
    const done = this.send(worker, job).then((reply) => {
      if (!reply.ok) this.failure ??= new Error(reply.error);
      else this.add(reply.done);
      const next = this.waiting.shift();
      if (next) next(worker);
      else this.idle.push(worker);
    });
    this.running.add(done);
    void done.finally(() => this.running.delete(done));
  }

  /** Waits for every submitted batch; throws the first failure. */
  async drain(): Promise<void> {
    await Promise.all(this.running);
    if (this.failure) throw this.failure;
  }

  /** Forgets the totals so far (after a warm-up). */
  reset(): void {
    this.totals = { events: 0, buildSeconds: 0, expected: {} };
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.running);
    await Promise.all(this.idle.map((w) => w.terminate()));
  }

  private send(worker: Worker, job: BatchJob): Promise<Reply> {
    return new Promise((resolve) => {
      // The thread itself failed, not a batch (e.g. loading its modules: a source edited since the run began).
      const failed = (error: Error) => resolve({ ok: false, error: error.stack ?? String(error) });
      worker.once('error', failed);
      worker.once('message', (reply: Reply) => {
        worker.off('error', failed);
        resolve(reply);
      });
      worker.postMessage(job);
    });
  }

  private add(done: BatchDone): void {
    this.totals.events += done.events;
    this.totals.buildSeconds += done.buildSeconds;
    for (const [table, n] of Object.entries(done.expected))
      this.totals.expected[table] = (this.totals.expected[table] ?? 0) + n;
  }
}
