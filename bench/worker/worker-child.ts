import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { WORKER_MALLOC_ENV } from '../../app/worker';
import type { FromWorkerProcess, MemoryFigures, ToWorkerProcess, WorkerProcessConfig } from './protocol';

const SCRIPT = path.join(__dirname, 'worker-process.ts');
const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;

type Answer<T extends FromWorkerProcess['type']> = Extract<FromWorkerProcess, { type: T }>;

/** The bench process's side of one worker process (bench/worker/worker-process.ts). */
export class WorkerChild {
  private waiting: ((message: FromWorkerProcess) => void) | null = null;
  private stopping = false;
  private lastFailure: string | null = null;
  private readonly exited: Promise<void>;
  /** Rejects if the process exits unasked (a worker that dies mid-run fails the benchmark at once). */
  readonly died: Promise<never>;

  private constructor(private readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    this.died = new Promise((_, reject) =>
      child.once('exit', (code, signal) => {
        if (!this.stopping) reject(new Error(this.exitReason(code, signal)));
      }),
    );
    this.died.catch(() => undefined);
    child.on('message', (message: FromWorkerProcess) => {
      if (message.type === 'failed') this.lastFailure = message.message;
      const take = this.waiting;
      this.waiting = null;
      take?.(message);
    });
    child.once('exit', (code, signal) => {
      const take = this.waiting;
      this.waiting = null;
      take?.({ type: 'failed', message: this.exitReason(code, signal) });
    });
  }

  /**
   * Spawns a worker process and resolves once its worker polls. Its stdout goes to stderr. Its environment is
   * this process's with `env` over it: by default the image's malloc settings, as the app's worker runs.
   */
  static async start(
    config: WorkerProcessConfig,
    env: Record<string, string> = WORKER_MALLOC_ENV,
  ): Promise<WorkerChild> {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--expose-gc', SCRIPT, JSON.stringify(config)],
      { stdio: ['ignore', 2, 'inherit', 'ipc'], env: { ...process.env, ...env } },
    );
    const handle = new WorkerChild(child);
    try {
      await handle.next('ready', READY_TIMEOUT_MS);
      return handle;
    } catch (error) {
      handle.kill();
      throw error;
    }
  }

  memory(): Promise<MemoryFigures> {
    return this.ask({ type: 'memory' }, 'memory');
  }

  /** Writes a heap snapshot of the worker process to `path` (after a full collection). */
  async heapSnapshot(path: string): Promise<string> {
    return (await this.ask({ type: 'heap-snapshot', path }, 'heap-snapshot')).path;
  }

  /** Milliseconds per replay of the history in `historyPath`, `times` over in one replay worker. */
  async replay(historyPath: string, times: number): Promise<number[]> {
    return (await this.ask({ type: 'replay', historyPath, times }, 'replay')).ms;
  }

  /** Shuts the worker down and waits for the process to exit (killed if it does not in time). */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.hasExited()) return;
    this.child.send({ type: 'stop' } satisfies ToWorkerProcess);
    const timer = setTimeout(() => this.kill(), STOP_TIMEOUT_MS);
    await this.exited;
    clearTimeout(timer);
  }

  private exitReason(code: number | null, signal: NodeJS.Signals | null): string {
    return `worker process exited (${signal ?? code}): ${this.lastFailure ?? 'no message; see its stderr'}`;
  }

  /** The worker process's id (to read its /proc entries). */
  get pid(): number {
    return this.child.pid!;
  }

  hasExited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  kill(): void {
    this.stopping = true;
    if (!this.hasExited()) this.child.kill('SIGKILL');
  }

  private async ask<T extends FromWorkerProcess['type']>(
    message: ToWorkerProcess,
    type: T,
  ): Promise<Answer<T>> {
    const answer = this.next(type, READY_TIMEOUT_MS);
    this.child.send(message);
    return answer;
  }

  private next<T extends FromWorkerProcess['type']>(type: T, timeoutMs: number): Promise<Answer<T>> {
    if (this.waiting) throw new Error('one question at a time');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = null;
        reject(new Error(`worker process: no ${type} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting = (message) => {
        clearTimeout(timer);
        if (message.type === type) resolve(message as Answer<T>);
        else reject(new Error(message.type === 'failed' ? message.message : `unexpected ${message.type}`));
      };
    });
  }
}
