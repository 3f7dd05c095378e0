import { AsyncLocalStorage } from 'node:async_hooks';
import { Session } from 'node:inspector/promises';
import { PerformanceObserver, monitorEventLoopDelay } from 'node:perf_hooks';
import { writeFile } from 'node:fs/promises';
import workerThreads from 'node:worker_threads';
import { Context } from '@temporalio/activity';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import { DefaultLogger, type LogLevel, type LogMetadata } from '@temporalio/worker';
import type pg from 'pg';
import type { RequestTimeline } from '../load/job';
import { type Interval, epochNow, length, split, within } from '../support/intervals';

// Where each write's time went, per request, for the slowest 1% beside the rest (as bench/pages/timing.ts does
// for the pages). Every instant is an epoch time in ms (timeOrigin + now), so that the load generator's and
// the stand-in's processes line up with this one.

/** One request as the API saw it. */
interface RequestRecord {
  path: string;
  start: number;
  end: number;
  updateSent?: number;
  updateDone?: number;
  /** The workflow the Update went to. */
  workflowId?: string;
  /** Statements of the API's own pool run in this request's context, and waits for a connection. */
  statements: Interval[];
  connecting: Interval[];
}

/** One workflow activation as the worker's main thread handled it (received from Core to completed). */
interface ActivationRecord {
  runId: string;
  workflowId?: string;
  start: number;
  end?: number;
  jobs: string[];
  replaying: boolean;
  /** The workflow was not in the worker's cache: created, and its history replayed. */
  created: boolean;
}

/** One persist activity, with its statements (call to result, and what each was) and waits for a connection. */
interface ActivityRecord {
  workflowId: string;
  start: number;
  end: number;
  statements: Interval[];
  /** Each statement's prepared name or first words, index for index with `statements`. */
  statementLabels: string[];
  connecting: Interval[];
}

type Store = { request: RequestRecord } | { activity: ActivityRecord };

/** Everything one measured phase recorded. */
export interface TimingSnapshot {
  requests: RequestRecord[];
  activations: ActivationRecord[];
  activities: ActivityRecord[];
  evictions: number[];
  gc: Interval[];
  /** GC pauses of the worker's workflow thread (the sandbox where workflow code runs). */
  workflowThreadGc: Interval[];
  /** Stretches in which this process's event loop ran nothing else (a 5 ms tick came late by more than 5 ms). */
  loopBlocked: Interval[];
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** The stand-in's journal: each write + fdatasync (its group commit), in whichever process it runs. */
  standInSyncs: Interval[];
}

const TICK_MS = 5;
const WORKFLOW_GC_CHANNEL = 'cstr-bench-workflow-thread-gc';

/** The workflow thread's script: a GC observer broadcasting each pause, then the SDK's own thread. */
function observedThread(path: string): string {
  return `const { BroadcastChannel } = require('node:worker_threads');
const { PerformanceObserver } = require('node:perf_hooks');
const channel = new BroadcastChannel(${JSON.stringify(WORKFLOW_GC_CHANNEL)});
channel.unref();
new PerformanceObserver((list) => {
  for (const e of list.getEntries())
    channel.postMessage([performance.timeOrigin + e.startTime, performance.timeOrigin + e.startTime + e.duration]);
}).observe({ entryTypes: ['gc'] });
require(${JSON.stringify(path)});`;
}

/** One CPU profile sample of this process's main thread: when, and the function it was in. */
export interface Sample {
  at: Interval;
  frame: string;
}

/** A profile frame's file, short: the package under node_modules, or the path in this repository. */
function where(url: string): string {
  const file = url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(file);
  if (pkg) return `${pkg[1]}/${pkg[2]!.split('/').slice(-1)[0]}`;
  const repo =
    file.indexOf('/wt-') >= 0 || file.indexOf('/main/') >= 0 ? file.split('/').slice(-2).join('/') : file;
  return repo || '(native)';
}

/** A statement as the persist table names it: a prepared statement's name, else its first words. */
function statementLabel(query: unknown): string {
  const named = query as { name?: string; text?: string } | null;
  const text = typeof query === 'string' ? query : (named?.name ?? named?.text ?? '?');
  return text.replace(/\s+/g, ' ').trim().slice(0, 70);
}

/** A Runtime logger that records the worker's activation and cache trace lines, and prints errors only. */
class ActivationLog extends DefaultLogger {
  constructor(private readonly sink: (message: string, meta: LogMetadata | undefined) => void) {
    super('ERROR');
  }
  override log(level: LogLevel, message: string, meta?: LogMetadata): void {
    if (level === 'TRACE') this.sink(message, meta);
    else super.log(level, message, meta);
  }
}

/** Collects the write path's timings: per request, per activation, per activity, and what else happened. */
export class WriteTimings {
  private readonly store = new AsyncLocalStorage<Store>();
  private data = WriteTimings.empty();
  private readonly open = new Map<string, ActivationRecord>();
  private readonly runs = new Map<string, string>();
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 1 });
  private readonly gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      this.data.gc.push([
        performance.timeOrigin + e.startTime,
        performance.timeOrigin + e.startTime + e.duration,
      ]);
  });
  private tick: NodeJS.Timeout | undefined;
  private channel: workerThreads.BroadcastChannel | undefined;
  private profiler: { session: Session; hrtimeUs: number; epoch: number } | undefined;

  private static empty(): TimingSnapshot {
    return {
      requests: [],
      activations: [],
      activities: [],
      evictions: [],
      gc: [],
      workflowThreadGc: [],
      loopBlocked: [],
      loopDelayP99Ms: 0,
      loopDelayMaxMs: 0,
      standInSyncs: [],
    };
  }

  constructor() {
    this.gcObserver.observe({ entryTypes: ['gc'] });
    this.loopDelay.enable();
    let expected = epochNow() + TICK_MS;
    this.tick = setInterval(() => {
      const now = epochNow();
      if (now - expected > TICK_MS) this.data.loopBlocked.push([expected, now]);
      expected = now + TICK_MS;
    }, TICK_MS);
    this.tick.unref();
  }

  /**
   * Observes the GC pauses of the SDK's workflow thread: each thread it creates from here on first starts an
   * observer that broadcasts them to this one.
   */
  watchWorkflowThreads(): void {
    const channel = new workerThreads.BroadcastChannel(WORKFLOW_GC_CHANNEL);
    channel.onmessage = (m) => this.data.workflowThreadGc.push((m as { data: Interval }).data);
    channel.unref();
    this.channel = channel;
    const Original = workerThreads.Worker;
    workerThreads.Worker = class ObservedWorker extends Original {
      constructor(file: string | URL, options?: workerThreads.WorkerOptions) {
        const path = String(file);
        if (!path.endsWith('workflow-worker-thread.js')) super(file, options);
        else super(observedThread(path), { ...options, eval: true });
      }
    };
  }

  /** Samples this process's stacks until the snapshot (BENCH_WRITE_PROFILE=1): what ran while the event loop was blocked. */
  async profile(): Promise<void> {
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 500 });
    await session.post('Profiler.start');
    this.profiler = { session, hrtimeUs: Number(process.hrtime.bigint() / 1000n), epoch: epochNow() };
  }

  /** Stops the profile: its samples as epoch intervals, each with its frame's function and where it is. */
  async stopProfile(): Promise<Sample[]> {
    if (!this.profiler) return [];
    const { session, hrtimeUs, epoch } = this.profiler;
    this.profiler = undefined;
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    const file = process.env.BENCH_WRITE_PROFILE;
    if (file?.endsWith('.cpuprofile')) await writeFile(file, JSON.stringify(profile));
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const samples: Sample[] = [];
    let t = profile.startTime;
    const at = (us: number) => epoch + (us - hrtimeUs) / 1000;
    for (let i = 0; i < (profile.samples ?? []).length; i++) {
      const delta = profile.timeDeltas?.[i] ?? 0;
      const start = t;
      t += delta;
      const node = nodes.get(profile.samples![i]!)!;
      const f = node.callFrame;
      samples.push({ at: [at(start), at(t)], frame: `${f.functionName || '(anonymous)'} ${where(f.url)}` });
    }
    return samples;
  }

  stop(): void {
    this.channel?.close();
    clearInterval(this.tick);
    this.gcObserver.disconnect();
    this.loopDelay.disable();
  }

  /** Starts a new measuring window. */
  reset(): void {
    this.data = WriteTimings.empty();
    this.loopDelay.reset();
  }

  /** The window so far; later requests do not change it. */
  snapshot(standInSyncs: Interval[]): TimingSnapshot {
    const d = this.data;
    this.data = WriteTimings.empty();
    return {
      ...d,
      loopDelayP99Ms: this.loopDelay.percentile(99) / 1e6,
      loopDelayMaxMs: this.loopDelay.max / 1e6,
      standInSyncs,
    };
  }

  /** The Runtime's logger: the worker's trace lines mark each activation, cache miss and eviction. */
  runtimeLogger(): DefaultLogger {
    return new ActivationLog((message, meta) => {
      const m = (meta ?? {}) as Record<string, unknown>;
      const runId = m.runId as string | undefined;
      if (!runId) return;
      if (message === 'Got workflow activation') {
        const jobs = ((m.jobs as Record<string, unknown>[] | undefined) ?? []).map(
          (job) => Object.keys(job).find((k) => job[k] !== undefined && job[k] !== null) ?? '?',
        );
        const record: ActivationRecord = {
          runId,
          workflowId: this.runs.get(runId),
          start: epochNow(),
          jobs,
          replaying: m.isReplaying === true,
          created: false,
        };
        this.open.set(runId, record);
        this.data.activations.push(record);
      } else if (message === 'Creating workflow') {
        this.runs.set(runId, m.workflowId as string);
        const record = this.open.get(runId);
        if (record) {
          record.created = true;
          record.workflowId = m.workflowId as string;
        }
      } else if (message === 'Completed activation') {
        const record = this.open.get(runId);
        if (record) {
          record.end = epochNow();
          record.workflowId ??= m.workflowId as string;
          this.runs.set(runId, m.workflowId as string);
          this.open.delete(runId);
        }
      } else if (message === 'Disposing workflow') {
        this.data.evictions.push(epochNow());
        this.open.delete(runId);
      }
    });
  }

  /** Wraps the server's fetch handler: each Update write recorded once it is answered. */
  handler(fetchHandler: (request: Request) => Response | Promise<Response>) {
    return (request: Request): Promise<Response> => {
      const record: RequestRecord = {
        path: new URL(request.url).pathname,
        start: epochNow(),
        end: 0,
        statements: [],
        connecting: [],
      };
      return this.store.run({ request: record }, async () => {
        const response = await fetchHandler(request);
        record.end = epochNow();
        if (record.updateSent !== undefined) this.data.requests.push(record);
        return response;
      });
    };
  }

  /** A client interceptor marking when the API sends the Update, to which workflow, and when its result is back. */
  interceptor(): WorkflowClientInterceptor {
    return {
      startUpdate: async (input, next) => {
        const s = this.store.getStore();
        const record = s && 'request' in s ? s.request : undefined;
        if (record) {
          record.updateSent = epochNow();
          record.workflowId = input.workflowExecution.workflowId;
        }
        try {
          return await next(input);
        } finally {
          if (record) record.updateDone = epochNow();
        }
      },
    };
  }

  /** Wraps each activity: its span, its workflow, and (through the pool) its statements. */
  activities<A extends Record<string, (...args: never[]) => Promise<unknown>>>(activities: A): A {
    const timed: Record<string, unknown> = {};
    for (const [name, activity] of Object.entries(activities)) {
      timed[name] = (...args: never[]) => {
        const record: ActivityRecord = {
          workflowId: Context.current().info.workflowExecution?.workflowId ?? '',
          start: epochNow(),
          end: 0,
          statements: [],
          statementLabels: [],
          connecting: [],
        };
        return this.store.run({ activity: record }, async () => {
          try {
            return await activity(...args);
          } finally {
            record.end = epochNow();
            this.data.activities.push(record);
          }
        });
      };
    }
    return timed as A;
  }

  /** Times every statement a pool's clients run, and each wait for a client, for the request or activity running it. */
  watchPool(pool: pg.Pool): void {
    const target = () => {
      const s = this.store.getStore();
      return s && ('request' in s ? s.request : s.activity);
    };
    const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
    (pool as { connect: unknown }).connect = async () => {
      const record = target();
      const started = epochNow();
      try {
        return await connect();
      } finally {
        record?.connecting.push([started, epochNow()]);
      }
    };
    pool.on('connect', (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as { query: unknown }).query = (...args: unknown[]) => {
        const record = target();
        const started = epochNow();
        const result = query(...args);
        if (record && result instanceof Promise) {
          const add = () => {
            record.statements.push([started, epochNow()]);
            if ('statementLabels' in record) record.statementLabels.push(statementLabel(args[0]));
          };
          result.then(add, add);
        }
        return result;
      };
    });
  }
}

/**
 * Records every write + fdatasync of the stand-in's journal in this process (`FileHandle.prototype`, patched
 * once); the stand-in's journal is the only file this bench's processes sync.
 */
export async function watchJournalSyncs(): Promise<() => Interval[]> {
  const { open } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const probe = await open(path.join(tmpdir(), `cstr-bench-probe-${process.pid}`), 'w');
  const proto = Object.getPrototypeOf(probe) as { datasync: (this: unknown) => Promise<void> };
  await probe.close();
  const { rm } = await import('node:fs/promises');
  await rm(path.join(tmpdir(), `cstr-bench-probe-${process.pid}`), { force: true });
  let syncs: Interval[] = [];
  const datasync = proto.datasync;
  proto.datasync = async function timedDatasync(this: unknown) {
    const started = epochNow();
    try {
      return await datasync.call(this);
    } finally {
      syncs.push([started, epochNow()]);
    }
  };
  return () => {
    const taken = syncs;
    syncs = [];
    return taken;
  };
}

// ——— the breakdown ———

/** One request's time, end to end (ms). */
export interface WriteBreakdown {
  latency: number;
  /** The load generator sent it late. */
  generatorLag: number;
  /** Sent until the API's handler ran (the socket, and this process's event loop). */
  toApi: number;
  apiBefore: number;
  /** …of which the API's own statements and connection waits. */
  apiBeforeStatements: number;
  update: number;
  /** Within the Update: activations of this order's workflows on the worker's main thread (the workflow thread's task included). */
  workflowTasks: number;
  /** The persist activities of this order's workflows, outside their statements. */
  activityCode: number;
  activityStatements: number;
  activityConnecting: number;
  /** The Update's round trip outside all of these: the stand-in (or server), Core, gRPC, waiting for a poll or slot… */
  temporal: number;
  /** …and the part of it while the stand-in's journal was syncing (its answers wait for that). */
  temporalSyncing: number;
  apiAfter: number;
  apiAfterStatements: number;
  /** The answer leaving this process until the generator read it. */
  back: number;
  // What else happened meanwhile (due to answered):
  gc: number;
  workflowThreadGc: number;
  loopBlocked: number;
  standInSync: number;
  standInSyncs: number;
  /** Activations of other workflows, and how many of them replayed a workflow not in the cache. */
  otherActivations: number;
  otherCacheMisses: number;
  timerActivations: number;
  evictions: number;
  inFlight: number;
  /** Activations of this request's order in the Update, and whether one replayed from history. */
  ownActivations: number;
  ownCacheMiss: number;
}

const orderOf = (workflowId: string | undefined) => workflowId?.split('/').slice(0, 2).join('/') ?? '';

/** Each request of the phase (matched to the generator's view of it by path) broken down, slowest first. */
export function breakdowns(t: TimingSnapshot, client: readonly RequestTimeline[]): WriteBreakdown[] {
  const byPath = new Map(t.requests.map((r) => [r.path, r]));
  const out: WriteBreakdown[] = [];
  for (const c of client) {
    const r = byPath.get(new URL(c.url).pathname);
    if (!r || r.updateSent === undefined || r.updateDone === undefined) continue;
    const order = orderOf(r.workflowId);
    const [u0, u1] = [r.updateSent, r.updateDone];
    const own = t.activations.filter(
      (a) => orderOf(a.workflowId) === order && a.start < u1 && (a.end ?? u1) > u0,
    );
    const ownActivities = t.activities.filter(
      (a) => orderOf(a.workflowId) === order && a.start < u1 && a.end > u0,
    );
    const inUpdate = split(u0, u1, [
      ['statements', ownActivities.flatMap((a) => a.statements)],
      ['connecting', ownActivities.flatMap((a) => a.connecting)],
      ['activity', ownActivities.map((a) => [a.start, a.end] as const)],
      ['tasks', own.map((a) => [a.start, a.end ?? u1] as const)],
      ['sync', t.standInSyncs],
    ]);
    const [w0, w1] = [c.due, c.answered];
    const others = t.activations.filter(
      (a) => orderOf(a.workflowId) !== order && a.start < w1 && (a.end ?? w1) > w0,
    );
    out.push({
      latency: c.answered - c.due,
      generatorLag: c.sent - c.due,
      toApi: r.start - c.sent,
      apiBefore: u0 - r.start,
      apiBeforeStatements: length(within([...r.statements, ...r.connecting], r.start, u0)),
      update: u1 - u0,
      workflowTasks: inUpdate.tasks,
      activityCode: inUpdate.activity,
      activityStatements: inUpdate.statements,
      activityConnecting: inUpdate.connecting,
      temporal: inUpdate.rest + inUpdate.sync,
      temporalSyncing: inUpdate.sync,
      apiAfter: r.end - u1,
      apiAfterStatements: length(within([...r.statements, ...r.connecting], u1, r.end)),
      back: c.answered - r.end,
      gc: length(within(t.gc, w0, w1)),
      workflowThreadGc: length(within(t.workflowThreadGc, w0, w1)),
      loopBlocked: length(within(t.loopBlocked, w0, w1)),
      standInSync: length(within(t.standInSyncs, w0, w1)),
      standInSyncs: t.standInSyncs.filter(([a, b]) => a < w1 && b > w0).length,
      otherActivations: others.length,
      otherCacheMisses: others.filter((a) => a.created).length,
      timerActivations: others.filter((a) => a.jobs.includes('fireTimer')).length,
      evictions: t.evictions.filter((e) => e >= w0 && e < w1).length,
      inFlight: t.requests.filter((o) => o !== r && o.start < r.end && o.end > r.start).length,
      ownActivations: own.length,
      ownCacheMiss: own.some((a) => a.created) ? 1 : 0,
    });
  }
  return out.sort((a, b) => b.latency - a.latency);
}

/** The mean of each field over some breakdowns. */
export function meanOf(bs: readonly WriteBreakdown[]): WriteBreakdown {
  const sum = {} as Record<keyof WriteBreakdown, number>;
  for (const b of bs)
    for (const [k, v] of Object.entries(b))
      sum[k as keyof WriteBreakdown] = (sum[k as keyof WriteBreakdown] ?? 0) + v;
  for (const k of Object.keys(sum)) sum[k as keyof WriteBreakdown] /= Math.max(1, bs.length);
  return sum;
}

const COLUMNS: [keyof WriteBreakdown, string][] = [
  ['latency', 'latency'],
  ['generatorLag', 'gen lag'],
  ['toApi', 'to API'],
  ['apiBefore', 'API before'],
  ['apiBeforeStatements', '(its SQL)'],
  ['update', 'Update'],
  ['workflowTasks', 'wf tasks'],
  ['activityCode', 'activity'],
  ['activityStatements', 'act SQL'],
  ['activityConnecting', 'act conn'],
  ['temporal', 'Temporal'],
  ['temporalSyncing', '(syncing)'],
  ['apiAfter', 'API after'],
  ['apiAfterStatements', '(its SQL)'],
  ['back', 'back'],
  ['gc', 'GC'],
  ['workflowThreadGc', 'wf thread GC'],
  ['loopBlocked', 'loop blocked'],
  ['standInSync', 'fsync ms'],
  ['standInSyncs', 'fsyncs'],
  ['ownActivations', 'own acts'],
  ['ownCacheMiss', 'own miss'],
  ['otherActivations', 'other acts'],
  ['otherCacheMisses', 'other misses'],
  ['timerActivations', 'timer acts'],
  ['evictions', 'evictions'],
  ['inFlight', 'in flight'],
];

/** The breakdown as a Markdown table: each of the slowest 1%, their mean, and the mean of all. */
export function breakdownTable(bs: readonly WriteBreakdown[]): string {
  const n = Math.max(1, Math.ceil(bs.length / 100));
  const slowest = bs.slice(0, n);
  const row = (label: string, b: WriteBreakdown) =>
    `| ${label} | ${COLUMNS.map(([k]) => (Number.isInteger(b[k]) ? String(b[k]) : b[k].toFixed(1))).join(' | ')} |`;
  return [
    `| request (ms) | ${COLUMNS.map(([, h]) => h).join(' | ')} |`,
    `| --- | ${COLUMNS.map(() => '---:').join(' | ')} |`,
    ...slowest.map((b, i) => row(`slowest ${i + 1}`, b)),
    row(`mean, slowest ${n}`, meanOf(slowest)),
    row(`mean, all ${bs.length}`, meanOf(bs)),
  ].join('\n');
}

/**
 * What this process's main thread ran while its event loop was blocked during the slowest 1% of requests: the
 * profile's samples in those stretches, by function, as a share of the blocked time.
 */
export function blockedBy(
  t: TimingSnapshot,
  client: readonly RequestTimeline[],
  samples: readonly Sample[],
  top = 15,
): string {
  const slowest = [...client]
    .sort((a, b) => b.answered - b.due - (a.answered - a.due))
    .slice(0, Math.max(1, Math.ceil(client.length / 100)));
  const blocked = within(
    slowest.flatMap((c) => within(t.loopBlocked, c.due, c.answered)),
    Number.NEGATIVE_INFINITY,
    Number.POSITIVE_INFINITY,
  );
  const byFrame = new Map<string, number>();
  let total = 0;
  for (const s of samples) {
    const inside = length(within(blocked, s.at[0], s.at[1]));
    if (inside <= 0) continue;
    total += inside;
    byFrame.set(s.frame, (byFrame.get(s.frame) ?? 0) + inside);
  }
  const rows = [...byFrame].sort((a, b) => b[1] - a[1]).slice(0, top);
  return [
    `${length(blocked).toFixed(0)} ms blocked in the slowest 1% (${total.toFixed(0)} ms of it sampled); by function:`,
    ...rows.map(([frame, ms]) => `  ${ms.toFixed(1)} ms ${frame}`),
  ].join('\n');
}

/**
 * The persist activities' statements over the phase, by statement: how many a write and how long each took
 * (call to result, this process's view), slowest in all first; and how many workflow runs began (hand-overs
 * and new workflows, not replays) and how long their first activation took.
 */
export function persistStatements(t: TimingSnapshot, writes: number): string {
  const by = new Map<string, number[]>();
  for (const a of t.activities)
    a.statements.forEach(([s, e], i) => {
      const label = a.statementLabels[i] ?? '?';
      by.set(label, [...(by.get(label) ?? []), e - s]);
    });
  const rows = [...by]
    .map(([label, ms]) => ({ label, n: ms.length, total: ms.reduce((x, y) => x + y, 0) }))
    .sort((a, b) => b.total - a.total);
  const begun = t.activations.filter((a) => a.jobs.includes('initializeWorkflow') && !a.replaying);
  const begunMs = begun.reduce((sum, a) => sum + ((a.end ?? a.start) - a.start), 0);
  return [
    `${t.activities.length} persist activities for ${writes} writes; ${begun.length} workflow runs began (${(begunMs / Math.max(1, begun.length)).toFixed(1)} ms their first activation)`,
    '| persist statement | a write | mean ms | ms a write |',
    '| --- | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.label} | ${(r.n / writes).toFixed(2)} | ${(r.total / r.n).toFixed(2)} | ${(r.total / writes).toFixed(2)} |`,
    ),
  ].join('\n');
}
