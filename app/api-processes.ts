import cluster, { type Worker } from 'node:cluster';

export interface ApiProcesses {
  /** The port they all listen on. */
  port: number;
  /** Their process ids. */
  pids: number[];
  /** Asks each to stop (each drains its requests in flight) and resolves once all have exited. */
  stop(): Promise<void>;
}

const STOP = 'stop';

/**
 * V8 flags for a process serving only the API (each of API_PROCESSES, and `npm run api`, whose script repeats
 * them). A read allocates about 200 KiB (rows, views, the answer): with V8's default 16 MiB semi-space, a
 * scavenge came every 65 reads, copying the requests then in flight and promoting them for a full GC to
 * collect; 32 MiB halves the scavenges and cuts the full GCs by half or more (bench/README.md, issue 15), for
 * up to 48 MiB more of young generation a process. Without V8's memory reducer: about 30 s after a process
 * went quiet it ran full GCs that shrank the heap, and the next burst then cost up to twice the CPU a read for
 * its first 5 s, as in a new process; the heap now stays at its busy size while quiet.
 */
export const API_PROCESS_NODE_FLAGS = ['--max-semi-space-size=32', '--no-memory-reducer'];

/**
 * In the primary: forks `count` processes of `exec` (by default this entry point again), each serving the API
 * on the same port; the primary accepts the connections and hands them out in turn (node:cluster). Resolves
 * once all listen. A process that exits before `stop` (failed, or stopped by a signal of its own) is reported
 * to `onExit`; so is one that fails while stopping.
 */
export async function forkApiProcesses(options: {
  count: number;
  env: Record<string, string | undefined>;
  exec?: string;
  onExit: (code: number | null, signal: string | null) => void;
}): Promise<ApiProcesses> {
  cluster.setupPrimary({
    execArgv: [...process.execArgv, ...API_PROCESS_NODE_FLAGS],
    ...(options.exec ? { exec: options.exec } : {}),
  });
  let stopping = false;
  const workers: Worker[] = Array.from({ length: options.count }, () => cluster.fork(options.env));
  const ports = await Promise.all(
    workers.map(
      (w) =>
        new Promise<number>((resolve, reject) => {
          w.once('listening', (address) => resolve(address.port));
          w.once('exit', (code) =>
            reject(new Error(`an API process exited with ${String(code)} before it listened`)),
          );
        }),
    ),
  ).catch((error: unknown) => {
    for (const w of workers) w.kill();
    throw error;
  });
  for (const w of workers)
    w.on('exit', (code, signal) => {
      if (!stopping || code !== 0) options.onExit(code, signal);
    });
  return {
    port: ports[0]!,
    pids: workers.map((w) => w.process.pid!),
    stop: async () => {
      stopping = true;
      await Promise.all(
        workers.map((w) =>
          w.isDead()
            ? Promise.resolve()
            : new Promise<void>((resolve) => {
                w.once('exit', () => resolve());
                w.send(STOP);
              }),
        ),
      );
    },
  };
}

/** In an API process: runs `stop` once, when the primary asks or on SIGTERM or SIGINT (a terminal's Ctrl-C). */
export function stopWhenAsked(stop: () => Promise<void>): void {
  let asked = false;
  const once = () => {
    if (asked) return;
    asked = true;
    void stop();
  };
  process.on('message', (message) => {
    if (message === STOP) once();
  });
  process.once('SIGTERM', once);
  process.once('SIGINT', once);
}
