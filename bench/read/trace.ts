import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import pg from 'pg';
import { type Interval, epochNow } from '../support/intervals';

// BENCH_READ_TRACE=<dir>: what each server process of the read benchmark (ours and the baseline) did, as
// epoch intervals, written to <dir> as it stops, so that the slowest requests of a phase can be laid beside
// its GC pauses, its stalled event loop and its statements (`tail.ts`).

export type GcKind = 'scavenge' | 'mark-compact' | 'incremental' | 'weak';
export type StatementKind = 'read' | 'access log';

export interface ServerTrace {
  serve: string;
  pid: number;
  /** Each request from reaching the fetch handler to its answer made. */
  requests: Interval[];
  statements: [StatementKind, ...Interval][];
  gc: [GcKind, ...Interval][];
  /** Stretches in which the event loop ran nothing else (a 5 ms tick came late by more than 5 ms). */
  loopBlocked: Interval[];
  /** At each 5 ms tick: how long the main thread has run on a CPU and waited for one, and the process's CPU. */
  sched: SchedSample[];
}

/**
 * [epoch ms, the thread's time on a CPU, its time runnable but waiting for a CPU (ms, cumulative: Linux's
 * schedstat), the process's CPU time, every thread (ms, cumulative)]. Over a stall, on-CPU time is work of ours
 * (JavaScript, GC); time waiting for a CPU is the machine's other processes holding the cores.
 */
export type SchedSample = [at: number, onCpu: number, waiting: number, processCpu: number];

/** The calling thread's time on a CPU and waiting for one (ms) so far; zeros where Linux's schedstat is absent. */
export function threadSched(file = '/proc/thread-self/schedstat'): [onCpu: number, waiting: number] {
  try {
    const [run, wait] = readFileSync(file, 'utf8').split(' ');
    return [Number(run) / 1e6, Number(wait) / 1e6];
  } catch {
    return [0, 0];
  }
}

function schedSample(): SchedSample {
  const cpu = process.cpuUsage();
  return [epochNow(), ...threadSched(), (cpu.user + cpu.system) / 1000];
}

const TICK_MS = 5;

const GC_KINDS: Record<number, GcKind> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak',
};

/**
 * Starts recording this process (before its pool connects: every pg client's statements are timed). Returns
 * the fetch handler's wrapper and a function writing the trace to `dir`.
 */
export function traceServer(serve: string, dir: string) {
  const trace: ServerTrace = {
    serve,
    pid: process.pid,
    requests: [],
    statements: [],
    gc: [],
    loopBlocked: [],
    sched: [schedSample()],
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const start = performance.timeOrigin + e.startTime;
      const kind = GC_KINDS[(e as { detail?: { kind?: number } }).detail?.kind ?? 0] ?? 'weak';
      trace.gc.push([kind, start, start + e.duration]);
    }
  }).observe({ entryTypes: ['gc'] });
  let expected = epochNow() + TICK_MS;
  setInterval(() => {
    const now = epochNow();
    if (now - expected > TICK_MS) trace.loopBlocked.push([expected, now]);
    trace.sched.push(schedSample());
    expected = now + TICK_MS;
  }, TICK_MS).unref();
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const query = proto.query;
  proto.query = function timedQuery(this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string } | undefined;
    const text = typeof first === 'string' ? first : (first?.text ?? '');
    const kind: StatementKind = text.includes('INSERT INTO accesses') ? 'access log' : 'read';
    const started = epochNow();
    const add = () => trace.statements.push([kind, started, epochNow()]);
    const callback = args.at(-1);
    if (typeof callback === 'function')
      args[args.length - 1] = (...results: unknown[]) => {
        add();
        return (callback as (...r: unknown[]) => unknown)(...results);
      };
    const result = query.apply(this, args);
    if (result instanceof Promise) result.then(add, add);
    return result;
  };
  return {
    handler:
      (fetch: (request: Request) => Response | Promise<Response>) =>
      async (request: Request): Promise<Response> => {
        const started = epochNow();
        const response = await fetch(request);
        trace.requests.push([started, epochNow()]);
        return response;
      },
    write: () => writeFile(path.join(dir, `${serve}-${process.pid}.json`), JSON.stringify(trace)),
  };
}
