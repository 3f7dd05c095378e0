// The cold query as a function of the run's length, with the CPU it costs the worker process: the worker
// benchmark's DRR (bench/worker/replay.ts) is grown past its first hand-over by reference, and at each length
// given (history events of its second run, the first begun from a reference) it is queried as the benchmark
// does, `--rounds` times (evicted, cold, warm). `flock /tmp/bench.lock npx tsx bench/worker/cold-query.ts
// [--at 13,135,200,390] [--rounds 10] [--perf DIR] [--node-options '...']`: `--perf` records the worker process
// (`perf record -g`, JavaScript frames named by `--perf-basic-prof`) during each length's rounds, to DIR;
// `--node-options` sets the worker process's NODE_OPTIONS. Not one of the benchmarks.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { once } from 'node:events';
import { WORKER_MALLOC_ENV } from '../../app/worker';
import { SNAPSHOT_AT } from '../data/snapshot';
import { startBenchDatabase } from '../support/postgres';
import {
  bookAppointment,
  evict,
  startCacheMissWorker,
  startSubject,
  storeSubjectLife,
  timedQuery,
} from './replay';
import { findReplaySubject } from './replay-subject';
import { startBenchTemporal } from './temporal';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at < 0 ? undefined : process.argv[at + 1];
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const list = (xs: readonly number[]) => xs.map((x) => x.toFixed(0)).join(' ');

/** Milliseconds on a CPU of every live thread of a process (schedstat counts nanoseconds). */
function cpuMs(pid: number): number {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread ended meanwhile (the vm module's watchdog threads come and go)
    }
  }
  return ns / 1e6;
}

function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

interface Cost<T> {
  answer: T;
  wallMs: number;
  workerCpuMs: number;
  benchCpuMs: number;
}

/** Runs `query`, answering its wall time, the worker process's CPU and this process's (the stand-in's). */
async function costOf<T>(workerPid: number, query: () => Promise<T>): Promise<Cost<T>> {
  const [worker, own, started] = [cpuMs(workerPid), ownCpuMs(), performance.now()];
  const answer = await query();
  return {
    answer,
    wallMs: performance.now() - started,
    workerCpuMs: cpuMs(workerPid) - worker,
    benchCpuMs: ownCpuMs() - own,
  };
}

async function main(): Promise<void> {
  const lengths = (option('--at') ?? '13,135,200,390').split(',').map(Number);
  const rounds = Number(option('--rounds') ?? 10);
  const perfDir = option('--perf');
  const nodeOptions = [perfDir ? '--perf-basic-prof' : '', option('--node-options') ?? ''].join(' ').trim();
  const log = (m: string) => console.error(m);
  const db = await startBenchDatabase('cold_query');
  const temporal = await startBenchTemporal(SNAPSHOT_AT, log);
  try {
    const subject = findReplaySubject(new Set());
    await storeSubjectLife(db.url, subject);
    const child = await startCacheMissWorker(temporal, db.url, {
      env: { ...WORKER_MALLOC_ENV, ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) },
    });
    try {
      const { evictors, drr } = await startSubject(temporal.client, subject);
      const firstRunId = (await drr.describe()).runId;
      /** History events of the DRR's second run; -1 while it is in its first. */
      const secondRunLength = async () => {
        const d = await drr.describe();
        return d.runId === firstRunId ? -1 : d.historyLength;
      };
      let booked = 0;
      for (const at of lengths) {
        while ((await secondRunLength()) < at) await bookAppointment(drr, subject, booked++);
        const length = await secondRunLength();
        await evict(evictors);
        await timedQuery(drr);
        let perf: ChildProcess | null = null;
        if (perfDir) {
          const out = `${perfDir}/perf-${length}.data`;
          perf = spawn('perf', ['record', '-F', '999', '-g', '-p', String(child.pid), '-o', out], {
            stdio: 'inherit',
          });
          await new Promise((resolve) => setTimeout(resolve, 1_000));
        }
        const cold: Cost<{ view: string }>[] = [];
        const warm: Cost<{ view: string }>[] = [];
        for (let round = 0; round < rounds; round++) {
          await evict(evictors);
          const c = await costOf(child.pid, () => timedQuery(drr));
          const w = await costOf(child.pid, () => timedQuery(drr));
          if (c.answer.view !== w.answer.view)
            throw new Error('the replayed view differs from the cached one');
          cold.push(c);
          warm.push(w);
        }
        if (perf) {
          perf.kill('SIGINT');
          await once(perf, 'exit');
        }
        const wall = (xs: typeof cold) => xs.map((x) => x.wallMs);
        console.log(
          [
            `run of ${length} history events:`,
            `cold ${median(wall(cold)).toFixed(1)} ms [${list(wall(cold))}],`,
            `worker CPU ${mean(cold.map((x) => x.workerCpuMs)).toFixed(1)} ms,`,
            `bench process CPU ${mean(cold.map((x) => x.benchCpuMs)).toFixed(1)} ms;`,
            `warm ${median(wall(warm)).toFixed(1)} ms [${list(wall(warm))}],`,
            `worker CPU ${mean(warm.map((x) => x.workerCpuMs)).toFixed(1)} ms`,
          ].join(' '),
        );
      }
    } finally {
      await child.stop();
    }
  } finally {
    await temporal.close();
    await db.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
