import { WORKER_MALLOC_ENV } from '../../app/worker';
import { SNAPSHOT_AT } from '../data/snapshot';
import type { Measure } from '../support/result';
import { IN_FLIGHT } from './open-orders';
import { type ReplayFigures, TARGET_EVENTS } from './replay';
import {
  IDLE_POLL_MS,
  MAX_CACHED_WORKFLOWS,
  type MemoryPoint,
  QUIET_MS,
  RSS_CEILING_BYTES,
  type RssFigures,
  SETTLE_MS,
  mib,
} from './rss';

const TARGET_MIB = 1_536;
const TARGET_MIB_PER_WORKFLOW = 0.3;
export const FULL_OPEN_ORDERS = 10_000;
const MIB = 1024 * 1024;

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const list = (xs: readonly number[]) => xs.map((x) => x.toFixed(0)).join(', ');
const count = (n: number) => n.toLocaleString('en-GB');

/** The last reading with orders open: the last stage, or the last batch before the worker died. */
function lastPoint(rss: RssFigures): MemoryPoint | null {
  const stage = rss.stages.at(-1);
  const batch = rss.curve.at(-1);
  if ((rss.died || rss.stoppedAtCeiling) && batch && (!stage || batch.orders > stage.orders)) return batch;
  return stage ?? null;
}

function perOrder(rss: RssFigures, point: MemoryPoint): number {
  return (point.memory.rss - rss.idle.rss) / point.orders;
}

function perWorkflow(rss: RssFigures, point: MemoryPoint): number {
  return (point.memory.rss - rss.idle.rss) / point.workflows;
}

export function workerMeasures(rss: RssFigures, replay: ReplayFigures): Measure[] {
  const memory = (name: string, bytes: number, target?: number): Measure => ({
    name,
    unit: 'MiB',
    ours: bytes / MIB,
    baseline: rss.idle.rss / MIB,
    better: 'lower',
    ...(target === undefined ? {} : { target }),
  });
  const measures = rss.stages.map((s) =>
    memory(
      `RSS, ${count(s.orders)} open orders (${count(s.workflows)} workflows)`,
      s.memory.rss,
      s.orders === FULL_OPEN_ORDERS ? TARGET_MIB : undefined,
    ),
  );
  const last = lastPoint(rss);
  if (last && last !== rss.stages.at(-1))
    measures.push(
      memory(
        `RSS, last reading before ${rss.died ? 'the worker died' : 'the ceiling stopped it'} (${count(last.orders)} orders, ${count(last.workflows)} workflows)`,
        last.memory.rss,
      ),
    );
  if (last) {
    if (last.orders !== FULL_OPEN_ORDERS || rss.died || rss.stoppedAtCeiling)
      measures.push(
        memory(
          `RSS, ${count(FULL_OPEN_ORDERS)} open orders (projected)`,
          rss.idle.rss + perOrder(rss, last) * FULL_OPEN_ORDERS,
          TARGET_MIB,
        ),
      );
    measures.push(
      {
        name: 'RSS per open order',
        unit: 'MiB',
        ours: perOrder(rss, last) / MIB,
        baseline: null,
        better: 'lower',
      },
      {
        name: `RSS per cached workflow (${count(last.workflows)} workflows)`,
        unit: 'MiB',
        ours: perWorkflow(rss, last) / MIB,
        baseline: null,
        better: 'lower',
        target: TARGET_MIB_PER_WORKFLOW,
      },
    );
  }
  if (rss.quiet)
    measures.push({
      name: `RSS per cached workflow, quiet ${QUIET_MS / 1000} s after the last start`,
      unit: 'MiB',
      ours: perWorkflow(rss, rss.quiet) / MIB,
      baseline: null,
      better: 'lower',
      target: TARGET_MIB_PER_WORKFLOW,
    });
  const { opened } = rss;
  measures.push(
    {
      name: 'start rate (to first workflow task done)',
      unit: 'workflows/s',
      ours: opened.workflows / opened.startSeconds,
      baseline: null,
      better: 'higher',
    },
    {
      name: `query on a cache miss (${count(replay.grownEvents)} events in ${replay.runs} runs; replays ${count(replay.historyLength)})`,
      unit: 'ms',
      ours: median(replay.coldMs),
      baseline: median(replay.warmMs),
      better: 'lower',
    },
    {
      name: 'replay alone (Worker.runReplayHistories)',
      unit: 'ms',
      ours: median(replay.replayMs.slice(1)),
      baseline: null,
      better: 'lower',
    },
  );
  return measures;
}

function describePoint(p: MemoryPoint): string {
  const { rss, heapUsed, threadHeapUsed, threadHeapTotal } = p.memory;
  return `${count(p.orders)} orders/${count(p.workflows)} workflows ${mib(rss)} MiB (main heap ${mib(heapUsed)}, workflow thread's heap ${mib(threadHeapUsed)} of ${mib(threadHeapTotal)})`;
}

export function workerNotes(rss: RssFigures, replay: ReplayFigures, scale: number): string[] {
  const { opened, idle } = rss;
  const last = lastPoint(rss);
  return [
    `${count(opened.orders)} orders open (${count(opened.workflows)} workflows: each order and each requirement still running; ${count(opened.endedRequirements)} requirements had ended, ${opened.endedOrders} orders had ended) of the design year cut at ${SNAPSHOT_AT}, spread evenly over its hearing days; each workflow started from its carried state (state, version, the last ≤ 1,000 command ids, one per command the aggregate took) as a continue-as-new run starts`,
    `started ${IN_FLIGHT} in flight, each awaited until its first workflow task was done (describe): ${(opened.workflows / opened.startSeconds).toFixed(0)} workflows/s (${opened.startSeconds.toFixed(1)} s); generating and cutting the lives took ${opened.generateSeconds.toFixed(1)} s more`,
    `RSS of the worker alone in its process (its environment the image's malloc settings, ${Object.entries(
      WORKER_MALLOC_ENV,
    )
      .map(([name, value]) => `${name}=${value}`)
      .join(
        ' ',
      )}; maxCachedWorkflows ${count(MAX_CACHED_WORKFLOWS)}; V8 heap limit ${mib(idle.heapLimit)} MiB, the workflow thread's too), read after two gc() of the main isolate (the workflow thread's isolate, where cached workflows live, collects on its own), ${SETTLE_MS / 1000} s after a stage; idle (baseline) after polling ${IDLE_POLL_MS / 1000} s: ${describePoint({ orders: 0, workflows: 0, memory: idle })}; after each batch: ${rss.curve.map(describePoint).join('; ')}`,
    ...(rss.quiet
      ? [
          `quiet: the worker left with nothing to do for ${QUIET_MS / 1000} s after the last stage (V8's memory reducer collects an isolate 8 s after it goes quiet), then read as the stages are: ${describePoint(rss.quiet)}`,
        ]
      : []),
    ...(rss.died
      ? [
          `the worker process died with ${count(opened.orders)} orders (${count(opened.workflows)} workflows) open: ${rss.died}; the projection uses the last reading`,
        ]
      : []),
    ...(rss.stoppedAtCeiling
      ? [
          `opening stopped with ${count(opened.orders)} orders (${count(opened.workflows)} workflows) open, once the RSS passed ${mib(RSS_CEILING_BYTES)} MiB (twice the target; the workflow thread's heap gives out near 4 GiB); the projection uses the last reading`,
        ]
      : []),
    ...(scale < 1 || rss.died || rss.stoppedAtCeiling
      ? [
          `${scale < 1 ? 'below scale 1 the figures are indicative: ' : ''}the ${count(FULL_OPEN_ORDERS)}-order RSS is projected as idle + ${last ? (perOrder(rss, last) / MIB).toFixed(3) : '?'} MiB × ${count(FULL_OPEN_ORDERS)}`,
        ]
      : []),
    `cache miss: a DRR in treatment at the snapshot, started from its carried state, grown to ${count(replay.grownEvents)} history events in ${replay.runs} runs${replay.grownEvents < TARGET_EVENTS ? ` (stopped short of ${count(TARGET_EVENTS)} at 3.5 MiB, since the server suggests continue-as-new at 4 MiB)` : ''}, the last ${count(replay.historyLength)} events (${(replay.historyBytes / MIB).toFixed(2)} MiB encoded), by ${replay.updates} BookAppointment Updates, each persisted by the real activity, in a worker process with maxCachedWorkflows 2; each of ${replay.coldMs.length} rounds (after one untimed) queries two other workflows, which evicts the DRR, then queries it twice: cold ${list(replay.coldMs)} ms (replay of the last run's history, its state folded from the stored events when it was handed over by reference, then the query), warm ${list(replay.warmMs)} ms (cached; the stand-in sends the whole history with every query task, a real server's sticky queue would not)`,
    `replay alone: Worker.runReplayHistories on the fetched history, in the worker process, ${replay.replayMs.length} times in one replay worker: ${list(replay.replayMs)} ms (the first creates the replay worker; the figure is the median of the rest)`,
  ];
}
