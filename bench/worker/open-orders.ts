import type { Client, WorkflowHandle } from '@temporalio/client';
import type { orderWorkflow } from '../../workflows/order';
import type { requirementWorkflow } from '../../workflows/requirement';
import { DESIGN_YEAR } from '../data/design';
import { generateOrderLife } from '../data/order-life';
import { SNAPSHOT_AT } from '../data/snapshot';
import { type OpenOrder, openOrderAt } from './open-order';

/** Starts in flight at once. */
export const IN_FLIGHT = 32;
/** Orders generated, then started, per batch: generation blocks the event loop the stand-in shares. */
const BATCH = 200;
const FIRST_TASK_TIMEOUT_MS = 120_000;

export interface Opened {
  orders: number;
  workflows: number;
  /** Requirements already ended at the snapshot: no workflow. */
  endedRequirements: number;
  /** Orders already ended at the snapshot (none expected): skipped. */
  endedOrders: number;
  /** Wall time generating and cutting the lives (not part of the start rate). */
  generateSeconds: number;
  /** Wall time from the first start until every workflow had completed its first workflow task. */
  startSeconds: number;
  workflowIds: string[];
}

/**
 * Resolves once the run has completed its first workflow task: it is in the worker's cache, waiting for its
 * next timer or message. Throws if it closed instead.
 */
export async function firstTaskDone(handle: WorkflowHandle, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + FIRST_TASK_TIMEOUT_MS;
  for (let delayMs = 2; ; delayMs = Math.min(delayMs * 2, 100)) {
    signal?.throwIfAborted();
    const d = await handle.describe();
    if (d.status.name !== 'RUNNING') throw new Error(`${handle.workflowId} is ${d.status.name}`);
    if (d.historyLength >= 4 && !d.raw.pendingWorkflowTask) return;
    if (Date.now() > deadline) throw new Error(`${handle.workflowId}: no workflow task done in time`);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
}

/** Starts an order workflow from its carried state (a leftover run of the same id is terminated). */
export function startOrder(client: Client, taskQueue: string, w: OpenOrder['order']) {
  return client.workflow.start<typeof orderWorkflow>('orderWorkflow', {
    taskQueue,
    workflowId: w.workflowId,
    args: [w.input],
    workflowIdConflictPolicy: 'TERMINATE_EXISTING',
  });
}

export function startRequirement(client: Client, taskQueue: string, w: OpenOrder['requirements'][number]) {
  return client.workflow.start<typeof requirementWorkflow>('requirementWorkflow', {
    taskQueue,
    workflowId: w.workflowId,
    args: [w.input],
    workflowIdConflictPolicy: 'TERMINATE_EXISTING',
  });
}

async function startOpenOrder(
  client: Client,
  taskQueue: string,
  open: OpenOrder,
  opened: Opened,
  signal: AbortSignal,
) {
  const handles: WorkflowHandle[] = [await startOrder(client, taskQueue, open.order)];
  for (const r of open.requirements) handles.push(await startRequirement(client, taskQueue, r));
  opened.workflowIds.push(...handles.map((h) => h.workflowId));
  for (const handle of handles) await firstTaskDone(handle, signal);
  opened.orders++;
  opened.workflows += handles.length;
  opened.endedRequirements += open.ended;
}

async function inFlight<T>(
  items: readonly T[],
  signal: AbortSignal,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(IN_FLIGHT, items.length) }, async () => {
    while (next < items.length && !signal.aborted) await work(items[next++]!);
  });
  await Promise.all(lanes);
}

export function nothingOpened(): Opened {
  return {
    orders: 0,
    workflows: 0,
    endedRequirements: 0,
    endedOrders: 0,
    generateSeconds: 0,
    startSeconds: 0,
    workflowIds: [],
  };
}

/**
 * Opens the design year's orders at `indices` as they stood at the snapshot: each order workflow and one
 * workflow per requirement still running, started from its carried state (as a continue-as-new run starts),
 * `IN_FLIGHT` at a time, each awaited until its first workflow task is done. Counts into `opened` as it
 * goes (so that a failure part-way leaves what was done), and calls `afterBatch` after each batch.
 */
export async function openOrders(options: {
  client: Client;
  taskQueue: string;
  indices: readonly number[];
  opened: Opened;
  afterBatch: () => Promise<void>;
  /** Stops starting (and waiting) when aborted. */
  signal: AbortSignal;
}): Promise<void> {
  const { client, taskQueue, indices, opened, signal } = options;
  for (let from = 0; from < indices.length && !signal.aborted; from += BATCH) {
    const generating = performance.now();
    const batch: OpenOrder[] = [];
    for (const index of indices.slice(from, from + BATCH)) {
      const open = openOrderAt(generateOrderLife(DESIGN_YEAR.seed, index, DESIGN_YEAR.orders), SNAPSHOT_AT);
      if (open) batch.push(open);
      else opened.endedOrders++;
    }
    opened.generateSeconds += (performance.now() - generating) / 1000;
    const starting = performance.now();
    await inFlight(batch, signal, (open) => startOpenOrder(client, taskQueue, open, opened, signal));
    opened.startSeconds += (performance.now() - starting) / 1000;
    await options.afterBatch();
  }
}
