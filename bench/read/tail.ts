import { readFileSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import type { RequestTimeline } from '../load/job';
import { type Interval, epochNow, length, split, within } from '../support/intervals';
import type { ServerTrace } from './trace';

// The slowest requests of a read phase laid beside what the serving processes and Postgres did meanwhile
// (BENCH_READ_TRACE=<dir>; the servers' side is `trace.ts`).

/** What Postgres did in the background: checkpoints and autovacuum workers, sampled every 100 ms. */
export interface PostgresBackground {
  checkpoint: Interval[];
  autovacuum: [what: string, ...Interval][];
  /** The machine's dirty page cache waiting for writeback or being written (MiB), at most, while watched. */
  dirtyMiB: number;
}

/** Dirty and Writeback of /proc/meminfo, in MiB: what the kernel has yet to write to disk, machine-wide. */
function dirtyMiB(): number {
  const info = readFileSync('/proc/meminfo', 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(info)?.[1] ?? 0);
  return (kib('Dirty') + kib('Writeback')) / 1024;
}

const POLL_MS = 100;

/** Samples pg_stat_activity until stopped: when the checkpointer was writing, and each autovacuum worker's task. */
export function watchPostgres(pool: pg.Pool): () => Promise<PostgresBackground> {
  const open = new Map<string, number>();
  const seen: PostgresBackground = { checkpoint: [], autovacuum: [], dirtyMiB: dirtyMiB() };
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
