import { readFileSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import type { RequestTimeline } from '../load/job';
import { postgresPids } from '../support/cpu';
import { type Interval, epochNow, length, split, within } from '../support/intervals';
import { type SchedSample, type ServerTrace, threadSched } from './trace';

// The slowest requests of a read phase laid beside what the serving processes and Postgres did meanwhile
// (BENCH_READ_TRACE=<dir>; the servers' side is `trace.ts`).

/** What Postgres did in the background: checkpoints and autovacuum workers, sampled every 100 ms. */
export interface PostgresBackground {
  checkpoint: Interval[];
  autovacuum: [what: string, ...Interval][];
  /** The machine's dirty page cache waiting for writeback or being written (MiB), at most, while watched. */
  dirtyMiB: number;
  /** Every 100 ms, Postgres's processes summed: [epoch ms, time on a CPU, time waiting for one (ms, cumulative)]. */
  sched: [at: number, onCpu: number, waiting: number][];
}

/** Dirty and Writeback of /proc/meminfo, in MiB: what the kernel has yet to write to disk, machine-wide. */
function dirtyMiB(): number {
  const info = readFileSync('/proc/meminfo', 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(info)?.[1] ?? 0);
  return (kib('Dirty') + kib('Writeback')) / 1024;
}

const POLL_MS = 100;

/**
 * Postgres's processes' time on a CPU and waiting for one (ms), summed since watching began: each process's
 * growth since the last sample (one that has exited adds nothing more, rather than taking its time back).
 */
function postgresSched(pids: readonly string[]) {
  const last = new Map<string, [number, number]>();
  const total: [number, number] = [0, 0];
  return (): [at: number, onCpu: number, waiting: number] => {
    for (const pid of pids) {
      const now = threadSched(`/proc/${pid}/schedstat`);
      const before = last.get(pid);
      if (now[0] === 0) continue;
      if (before) {
        total[0] += now[0] - before[0];
        total[1] += now[1] - before[1];
      }
      last.set(pid, now);
    }
    return [epochNow(), total[0], total[1]];
  };
}

/**
 * Samples pg_stat_activity until stopped: when the checkpointer was writing, and each autovacuum worker's task;
 * and how long Postgres's processes (of `dataDir`, as they were when watching began) ran and waited for a CPU.
 */
export function watchPostgres(pool: pg.Pool, dataDir: string): () => Promise<PostgresBackground> {
  const open = new Map<string, number>();
  const sched = postgresSched(postgresPids(dataDir));
  const seen: PostgresBackground = {
    checkpoint: [],
    autovacuum: [],
    dirtyMiB: dirtyMiB(),
    sched: [sched()],
  };
  let last = epochNow();
  let stopped = false;
  const close = (key: string, at: number) => {
    const from = open.get(key)!;
    open.delete(key);
    if (key === 'checkpoint') seen.checkpoint.push([from, at]);
    else seen.autovacuum.push([key, from, at]);
  };
  const poll = async () => {
    const { rows } = await pool.query<{ key: string }>(
      `SELECT CASE WHEN backend_type = 'checkpointer' THEN 'checkpoint' ELSE query END AS key
       FROM pg_stat_activity
       WHERE backend_type = 'autovacuum worker'
          OR (backend_type = 'checkpointer' AND wait_event IS DISTINCT FROM 'CheckpointerMain')`,
    );
    seen.dirtyMiB = Math.max(seen.dirtyMiB, dirtyMiB());
    seen.sched.push(sched());
    const now = epochNow();
    const keys = new Set(rows.map((r) => r.key));
    for (const key of keys) if (!open.has(key)) open.set(key, last);
    for (const key of [...open.keys()]) if (!keys.has(key)) close(key, now);
    last = now;
  };
  const loop = (async () => {
    while (!stopped) {
      await poll();
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    for (const key of [...open.keys()]) close(key, epochNow());
    return seen;
  };
}

/** The traces the servers of `pids` wrote to `dir` as they stopped. */
export async function serverTraces(dir: string, pids: readonly number[]): Promise<ServerTrace[]> {
  const files = (await readdir(dir)).filter((f) => pids.some((pid) => f.endsWith(`-${pid}.json`)));
  return Promise.all(
    files.map(async (f) => JSON.parse(await readFile(path.join(dir, f), 'utf8')) as ServerTrace),
  );
}

/** One slow request's time (ms), due to answered, by what its server process and Postgres did meanwhile. */
export interface ReadTail {
  latency: number;
  /** The load generator sent it late. */
  generatorLag: number;
  scavenge: number;
  markCompact: number;
  /** The event loop blocked outside GC pauses. */
  loopBlocked: number;
  readStatements: number;
  accessLog: number;
  rest: number;
  /** Postgres meanwhile: checkpointing, an autovacuum worker at work. */
  checkpoint: number;
  autovacuum: number;
  /** Requests of the serving processes overlapping it. */
  inFlight: number;
}

/**
 * The slowest `share` of a phase's requests, each split into the first of: the generator's lag, GC pauses,
 * a blocked event loop, statements in flight (reads, then the access log's INSERTs), the rest; with what
 * Postgres did in the background meanwhile.
 */
export function slowest(
  timeline: readonly RequestTimeline[],
  traces: readonly ServerTrace[],
  background: PostgresBackground,
  share = 0.01,
): ReadTail[] {
  const pick = <K extends string>(xs: [K, ...Interval][], kinds: readonly K[]): Interval[] =>
    xs.filter((x) => kinds.includes(x[0])).map((x) => [x[1], x[2]] as const);
  const gc = traces.flatMap((t) => t.gc);
  const statements = traces.flatMap((t) => t.statements);
  const requests = traces.flatMap((t) => t.requests);
  const autovacuum = background.autovacuum.map((x) => [x[1], x[2]] as const);
  const sorted = [...timeline].sort((a, b) => b.answered - b.due - (a.answered - a.due));
  return sorted.slice(0, Math.max(1, Math.ceil(timeline.length * share))).map((c) => {
    const parts = split(c.due, c.answered, [
      ['lag', [[c.due, c.sent] as const]],
      ['scavenge', pick(gc, ['scavenge'])],
      ['markCompact', pick(gc, ['mark-compact', 'incremental', 'weak'])],
      ['loopBlocked', traces.flatMap((t) => t.loopBlocked)],
      ['read', pick(statements, ['read'])],
      ['log', pick(statements, ['access log'])],
    ]);
    return {
      latency: c.answered - c.due,
      generatorLag: parts.lag,
      scavenge: parts.scavenge,
      markCompact: parts.markCompact,
      loopBlocked: parts.loopBlocked,
      readStatements: parts.read,
      accessLog: parts.log,
      rest: parts.rest,
      checkpoint: length(within(background.checkpoint, c.due, c.answered)),
      autovacuum: length(within(autovacuum, c.due, c.answered)),
      inFlight: requests.filter(([a, b]) => a < c.answered && b > c.due).length,
    };
  });
}

const COLUMNS: [keyof ReadTail, string][] = [
  ['latency', 'latency'],
  ['generatorLag', 'generator lag'],
  ['scavenge', 'scavenge'],
  ['markCompact', 'full GC'],
  ['loopBlocked', 'loop blocked'],
  ['readStatements', 'read SQL'],
  ['accessLog', 'access-log INSERT'],
  ['rest', 'rest'],
  ['checkpoint', 'checkpoint'],
  ['autovacuum', 'autovacuum'],
  ['inFlight', 'in flight'],
];

/** The slowest requests as a Markdown table, each then their mean. */
export function tailTable(label: string, tails: readonly ReadTail[]): string {
  const mean = Object.fromEntries(
    COLUMNS.map(([k]) => [k, tails.reduce((s, t) => s + t[k], 0) / Math.max(1, tails.length)]),
  ) as unknown as ReadTail;
  const row = (name: string, t: ReadTail) =>
    `| ${name} | ${COLUMNS.map(([k]) => t[k].toFixed(1)).join(' | ')} |`;
  return [
    `${label}: the slowest ${tails.length} (ms)`,
    `| request | ${COLUMNS.map(([, h]) => h).join(' | ')} |`,
    `| --- | ${COLUMNS.map(() => '---:').join(' | ')} |`,
    ...tails.map((t, i) => row(String(i + 1), t)),
    row('mean', mean),
  ].join('\n');
}

/** How much a cumulative counter of `samples` (column `k`) grew over [start, end], from the samples around it. */
function grew<S extends readonly number[]>(
  samples: readonly S[],
  k: number,
  start: number,
  end: number,
): number {
  let before = samples[0];
  let after = samples.at(-1);
  for (const x of samples) {
    if (x[0]! <= start) before = x;
    if (x[0]! >= end) {
      after = x;
      break;
    }
  }
  return before && after ? after[k]! - before[k]! : 0;
}

/**
 * One stretch of a phase holding some of its slowest requests (their due-to-answered intervals merged), with
 * whose time it was: the serving processes' main threads on a CPU (our JavaScript and GC) or runnable and
 * waiting for one (the cores held by other processes), their processes' CPU on every thread, and the same
 * for Postgres's processes (summed, so more than the stretch when several ran or waited at once).
 */
export interface Stall {
  start: number;
  wall: number;
  slowRequests: number;
  mainOnCpu: number;
  mainWaiting: number;
  processCpu: number;
  postgresOnCpu: number;
  postgresWaiting: number;
}

function stallOf(traces: readonly ServerTrace[], background: PostgresBackground, start: number, end: number) {
  const sum = (f: (s: SchedSample[]) => number) => traces.reduce((n, t) => n + f(t.sched), 0);
  return {
    start,
    wall: end - start,
    slowRequests: 0,
    mainOnCpu: sum((s) => grew(s, 1, start, end)),
    mainWaiting: sum((s) => grew(s, 2, start, end)),
    processCpu: sum((s) => grew(s, 3, start, end)),
    postgresOnCpu: grew(background.sched, 1, start, end),
    postgresWaiting: grew(background.sched, 2, start, end),
  };
}

/** The stretches holding the slowest `share` of a phase, and the whole phase as the last row, for comparison. */
export function stalls(
  timeline: readonly RequestTimeline[],
  traces: readonly ServerTrace[],
  background: PostgresBackground,
  share = 0.01,
): Stall[] {
  const sorted = [...timeline].sort((a, b) => b.answered - b.due - (a.answered - a.due));
  const slow = sorted.slice(0, Math.max(1, Math.ceil(timeline.length * share)));
  const windows = within(
    slow.map((c) => [c.due, c.answered] as const),
    -Infinity,
    Infinity,
  );
  const rows = windows.map(([a, b]) => ({
    ...stallOf(traces, background, a, b),
    slowRequests: slow.filter((c) => c.due >= a && c.answered <= b).length,
  }));
  const first = Math.min(...timeline.map((c) => c.due));
  const last = Math.max(...timeline.map((c) => c.answered));
  return [...rows, { ...stallOf(traces, background, first, last), slowRequests: 0 }];
}

/** The stalls as a Markdown table (start in seconds into the phase; the last row the whole phase). */
export function stallTable(label: string, rows: readonly Stall[]): string {
  const first = rows.at(-1)?.start ?? 0;
  const ms = (x: number) => x.toFixed(0);
  return [
    `${label}: the stretches holding the slowest 1%, whose time (ms; the last row the whole phase)`,
    "| at (s) | wall | slow requests | main threads on a CPU | main threads waiting for a CPU | processes' CPU | Postgres on a CPU | Postgres waiting for a CPU |",
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r, i) =>
        `| ${i === rows.length - 1 ? 'phase' : ((r.start - first) / 1000).toFixed(1)} | ${ms(r.wall)} | ${r.slowRequests} | ${ms(r.mainOnCpu)} | ${ms(r.mainWaiting)} | ${ms(r.processCpu)} | ${ms(r.postgresOnCpu)} | ${ms(r.postgresWaiting)} |`,
    ),
  ].join('\n');
}
