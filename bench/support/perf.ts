import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

export interface PerfRecording {
  /** Stops recording and waits for perf to write its file. */
  stop(): Promise<void>;
}

/**
 * `perf record -g` of the given processes (every thread) into `file` until stopped: only time on a CPU is
 * sampled. JavaScript frames are named only if the processes were started with `--perf-basic-prof`
 * (`NODE_OPTIONS=--perf-basic-prof-only-functions`).
 */
export async function recordPerf(file: string, pids: readonly number[]): Promise<PerfRecording> {
  const perf: ChildProcess = spawn('perf', ['record', '-F', '499', '-g', '-p', pids.join(','), '-o', file], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // perf attaches to the processes' threads before it samples.
  await new Promise((resolve) => setTimeout(resolve, 500));
  return {
    stop: async () => {
      perf.kill('SIGINT');
      await once(perf, 'exit');
    },
  };
}
