import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { orderViewQuery, requirementUpdates, requirementViewQuery } from '../../workflows/messages';
import { createDb } from '../../db/pool';
import { appendEvents } from '../../db/projections/events';
import { storedRequirementEvents } from '../../activities/rebuild';
import type { RequirementEvent } from '../../domain/requirement';
import { deterministicUuid } from '../data/prng';
import { SNAPSHOT_AT } from '../data/snapshot';
import { SHORT_RUN_EVENTS } from '../../workflows/handover';
import { RESULTS_DIR } from '../support/result';
import { firstTaskDone, startOrder, startRequirement } from './open-orders';
import { type ReplaySubject, findReplaySubject } from './replay-subject';
import type { BenchTemporal } from './temporal';
import { WorkerChild } from './worker-child';

export const TARGET_EVENTS = 1_500;
const TASK_QUEUE = 'bench-worker-replay';
const HISTORY_PATH = path.join(RESULTS_DIR, 'worker-history.bin');
export const STORED_EVENTS_FILE = 'worker-history-events.json';
const STORED_EVENTS_PATH = path.join(RESULTS_DIR, STORED_EVENTS_FILE);
/** Timed rounds of (evict, cold query, warm query), after one untimed round. */
const ROUNDS = 5;
/** Replays in one replay worker: the first includes creating it. */
const REPLAYS = 6;
const MAX_UPDATES = 1_000;
/** About as many history events as one BookAppointment Update adds, its persist activity included. */
const EVENTS_PER_UPDATE = 13;
/** A real server suggests continue-as-new past 4 MiB of history (limit.historySize.suggestContinueAsNew). */
const SIZE_BEFORE_CONTINUE_AS_NEW = 3.5 * 1024 * 1024;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface ReplayFigures {
  /** The history events of the DRR's run that the cold query replays. */
  historyLength: number;
  /** The history events of every run the DRR was grown through, and how many runs. */
  grownEvents: number;
  runs: number;
  historyBytes: number;
  updates: number;
  coldMs: number[];
  warmMs: number[];
  /** Worker.runReplayHistories of the fetched history, REPLAYS times in one replay worker. */
  replayMs: number[];
  workflowIds: string[];
}

/**
 * The k-th appointment booked to grow the history: four a night (01:00–04:00 UTC, clear of the day's
 * sessions), night after night from the snapshot's, all in the future.
 */
function slot(k: number): string {
  const firstNight = Date.parse(SNAPSHOT_AT.slice(0, 10)) + DAY_MS;
  return new Date(firstNight + Math.floor(k / 4) * DAY_MS + (1 + (k % 4)) * HOUR_MS).toISOString();
}

export async function bookAppointment(
  handle: WorkflowHandle,
  subject: ReplaySubject,
  k: number,
): Promise<void> {
  const commandId = deterministicUuid(0xbe4c, k + 1);
  await handle.executeUpdate(requirementUpdates.BookAppointment, {
    updateId: commandId,
    args: [
      {
        actor: { sub: 'keyworker-1', role: 'provider', org: subject.providerOrgId },
        command: {
          // As the API sends it: the workflow knows its requirement.
          type: 'BookAppointment',
          appointmentId: deterministicUuid(0xbe4c, 1_000_000 + k),
          start: slot(k),
          durationMinutes: 50,
          kind: 'ONE_TO_ONE',
          deliveryMode: 'IN_PERSON',
          enforceable: true,
        },
      },
    ],
  });
}

/**
 * Books appointments one Update at a time until the DRR's runs have TARGET_EVENTS history events in all (a
 * requirement's run hands over to a short one past SHORT_RUN_EVENTS, workflows/handover.ts) and its run is
 * within an Update of handing over, or until its run nears the size at which a real server suggests
 * continue-as-new (the stand-in reports no size).
 */
async function grow(
  client: Client,
  handle: WorkflowHandle,
  subject: ReplaySubject,
): Promise<{ updates: number; grownEvents: number; runs: number }> {
  let { runId } = await handle.describe();
  let earlierRuns = 0;
  let runs = 1;
  for (let updates = 0; updates < MAX_UPDATES; updates++) {
    const d = await handle.describe();
    if (d.runId !== runId) {
      earlierRuns += (await client.workflow.getHandle(handle.workflowId, runId).describe()).historyLength;
      runs += 1;
      runId = d.runId;
    }
    const bytes = d.raw.workflowExecutionInfo?.historySizeBytes?.toNumber() ?? 0;
    const grownEvents = earlierRuns + d.historyLength;
    // The cold query is timed on a run about to hand over: the longest a short run gets.
    const runIsFull = runs === 1 || d.historyLength >= SHORT_RUN_EVENTS - EVENTS_PER_UPDATE;
    if ((grownEvents >= TARGET_EVENTS && runIsFull) || bytes >= SIZE_BEFORE_CONTINUE_AS_NEW)
      return { updates, grownEvents, runs };
    await bookAppointment(handle, subject, updates);
  }
  throw new Error(`${MAX_UPDATES} updates did not make ${TARGET_EVENTS} history events`);
}

export async function timedQuery(handle: WorkflowHandle): Promise<{ ms: number; view: string }> {
  const started = performance.now();
  const view = await handle.query(requirementViewQuery);
  return { ms: performance.now() - started, view: JSON.stringify(view) };
}

/** Queries the two other workflows: the DRR is then out of the worker's two-run cache. */
export async function evict(evictors: readonly WorkflowHandle[]): Promise<void> {
  for (const evictor of evictors) await evictor.query(orderViewQuery);
}

/** Starts the subject's two orders and its DRR on the cache-miss worker's queue, each past its first task. */
export async function startSubject(
  client: Client,
  subject: ReplaySubject,
): Promise<{ evictors: WorkflowHandle[]; drr: WorkflowHandle }> {
  const evictors = [
    await startOrder(client, TASK_QUEUE, subject.evictors[0]),
    await startOrder(client, TASK_QUEUE, subject.evictors[1]),
  ];
  const drr = await startRequirement(client, TASK_QUEUE, subject.drr);
  for (const handle of [...evictors, drr]) await firstTaskDone(handle);
  return { evictors, drr };
}

/**
 * The requirement's stored events, kept beside the fetched history: its run began from a reference to them, so
 * bench/worker/replay-profile.ts replays it with them, as the worker's codec would fold them.
 */
export interface StoredEventsFile {
  requirementId: string;
  events: RequirementEvent[];
}

/** Starts the subject's workflows, grows the DRR's history, then times the queries and the replays. */
async function measure(
  client: Client,
  child: WorkerChild,
  subject: ReplaySubject,
  databaseUrl: string,
  log: (m: string) => void,
): Promise<ReplayFigures> {
  const { evictors, drr } = await startSubject(client, subject);
  const { updates, grownEvents, runs } = await grow(client, drr, subject);
  const historyLength = (await drr.describe()).historyLength;
  log(
    `worker: ${drr.workflowId} grown to ${grownEvents} events in ${runs} runs by ${updates} Updates; its run has ${historyLength}`,
  );
  const coldMs: number[] = [];
  const warmMs: number[] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    await evict(evictors);
    const cold = await timedQuery(drr);
    const warm = await timedQuery(drr);
    if (cold.view !== warm.view) throw new Error('the replayed view differs from the cached one');
    if (round === 0) continue;
    coldMs.push(cold.ms);
    warmMs.push(warm.ms);
  }
  const history = proto.api.history.v1.History.encode(await drr.fetchHistory()).finish();
  // Kept beside the results, for bench/worker/replay-profile.ts.
  await mkdir(RESULTS_DIR, { recursive: true });
  await writeFile(HISTORY_PATH, history);
  const { requirementId } = subject.drr.input.imposition;
  const db = createDb({ url: databaseUrl });
  try {
    const stored: StoredEventsFile = {
      requirementId,
      events: await storedRequirementEvents(db, requirementId),
    };
    await writeFile(STORED_EVENTS_PATH, JSON.stringify(stored));
  } finally {
    await db.destroy();
  }
  return {
    historyLength,
    grownEvents,
    runs,
    historyBytes: history.byteLength,
    updates,
    coldMs,
    warmMs,
    replayMs: await child.replay(HISTORY_PATH, REPLAYS),
    workflowIds: [...evictors, drr].map((h) => h.workflowId),
  };
}

/** Stores the DRR's life up to the snapshot: the persist activity rebuilds its view from its stored events. */
export async function storeSubjectLife(databaseUrl: string, subject: ReplaySubject): Promise<void> {
  const db = createDb({ url: databaseUrl });
  try {
    const { orderId, requirementId } = subject.drr.input.imposition;
    await appendEvents(db, { orderId, requirementId }, subject.records);
  } finally {
    await db.destroy();
  }
}

/** The worker process the cache miss is measured in: its cache holds two runs (the SDK's minimum). */
export function startCacheMissWorker(
  temporal: BenchTemporal,
  databaseUrl: string,
  options: { env?: Record<string, string>; workflowsInProcess?: boolean } = {},
): Promise<WorkerChild> {
  return WorkerChild.start(
    {
      address: temporal.address,
      namespace: temporal.namespace,
      taskQueue: TASK_QUEUE,
      codePath: temporal.codePath,
      databaseUrl,
      maxCachedWorkflows: 2,
      workflowsInProcess: options.workflowsInProcess,
    },
    options.env,
  );
}

/**
 * One DRR in treatment at the snapshot, started from its carried state and grown by Updates to a history of
 * TARGET_EVENTS events, in a worker process whose cache holds two runs. Each round queries two other
 * workflows (evicting the DRR), then queries the DRR twice: the first replays its whole history (cache
 * miss), the second answers from the cache. Then the fetched history is replayed with no server.
 */
export async function cacheMissReplay(options: {
  temporal: BenchTemporal;
  databaseUrl: string;
  exclude: ReadonlySet<number>;
  log: (m: string) => void;
}): Promise<ReplayFigures> {
  const { temporal } = options;
  const subject = findReplaySubject(options.exclude);
  await storeSubjectLife(options.databaseUrl, subject);
  const child = await startCacheMissWorker(temporal, options.databaseUrl);
  try {
    return await Promise.race([
      measure(temporal.client, child, subject, options.databaseUrl, options.log),
      child.died,
    ]);
  } finally {
    await child.stop();
  }
}
