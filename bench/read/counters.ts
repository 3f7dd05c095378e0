import { readFileSync, readdirSync } from 'node:fs';
import type pg from 'pg';

// What a read phase cost beyond CPU time, read before and after it: the database's commits, WAL fsyncs and new
// connections, and the serving processes' scheduling (time waiting for a CPU, context switches).

export interface Counters {
  /** Transactions committed in the bench database (every statement outside one is one). */
  commits: number;
  /** WAL fsyncs, server-wide. */
  syncs: number;
  /** Connections opened to the bench database. */
  sessions: number;
  /** The serving processes' main threads' CPU time, and their other threads' (V8's compiler and GC, libuv's pool) (ms). */
  mainThreadMs: number;
  otherThreadsMs: number;
  /** The serving processes' threads' time runnable but waiting for a CPU (ms; Linux's schedstat). */
  waitingMs: number;
  /** The serving processes' context switches, every thread: given up (waiting) and taken (preempted). */
  voluntary: number;
  involuntary: number;
}

function threads(pid: number): { task: string; main: boolean }[] {
  try {
    return readdirSync(`/proc/${pid}/task`).map((tid) => ({
      task: `/proc/${pid}/task/${tid}`,
      main: tid === String(pid),
    }));
  } catch {
    return [];
  }
}

/** Each of `pids`' threads' schedstat and status summed; a thread gone since is not counted at either end. */
function scheduling(pids: readonly number[]) {
  let mainThreadMs = 0;
  let otherThreadsMs = 0;
  let waitingMs = 0;
  let voluntary = 0;
  let involuntary = 0;
  for (const { task, main } of pids.flatMap(threads)) {
    try {
      const [onCpu, waiting] = readFileSync(`${task}/schedstat`, 'utf8').split(' ').map(Number);
      if (main) mainThreadMs += onCpu! / 1e6;
      else otherThreadsMs += onCpu! / 1e6;
      waitingMs += waiting! / 1e6;
      const status = readFileSync(`${task}/status`, 'utf8');
      voluntary += Number(/^voluntary_ctxt_switches:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      involuntary += Number(/^nonvoluntary_ctxt_switches:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    } catch {
      // The thread ended between listing and reading.
    }
  }
  return { mainThreadMs, otherThreadsMs, waitingMs, voluntary, involuntary };
}

export async function readCounters(pool: pg.Pool, pids: readonly number[]): Promise<Counters> {
  const { rows } = await pool.query<{ commits: string; syncs: string; sessions: string }>(
    `SELECT xact_commit AS commits, sessions,
            (SELECT coalesce(sum(fsyncs), 0) FROM pg_stat_io WHERE object = 'wal') AS syncs
     FROM pg_stat_database WHERE datname = current_database()`,
  );
  const r = rows[0]!;
  return {
    commits: Number(r.commits),
    syncs: Number(r.syncs),
    sessions: Number(r.sessions),
    ...scheduling(pids),
  };
}

/** The counters' growth between two readings, each a read of `reads` (new connections as a count). */
export function describeCounters(before: Counters, after: Counters, reads: number): string {
  const a = (key: keyof Counters, digits = 3) => ((after[key] - before[key]) / reads).toFixed(digits);
  return `${a('commits')} commits, ${a('syncs')} WAL fsyncs, ${after.sessions - before.sessions} new connections; the servers' main threads ran ${a('mainThreadMs')} ms, their other threads ${a('otherThreadsMs')} ms, they waited ${a('waitingMs')} ms for a CPU, switched ${a('voluntary', 2)} + ${a('involuntary', 2)} (preempted) times a read`;
}
