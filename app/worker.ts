import { type Worker as TemporalWorker, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Kysely } from 'kysely';
import { createActivities } from '../activities';
import { handoverCodec, postgresEvents } from '../activities/handover-codec';
import type { Database } from '../db/schema';
import type { Engine } from './engine';
import type { Logger } from './logger';
import { bundleWorkflows } from './workflow-bundle';

/**
 * A miss replays the history instead. bench/worker measured about 2.2 MiB per cached workflow while the
 * workflows loaded zod, about 0.26 MiB since our module is shared (issue 15): 500 stay well inside the
 * workflow thread's heap.
 */
export const MAX_CACHED_WORKFLOWS = 500;

/**
 * How the worker polls for workflow tasks. The SDK's default gives 2 of its 10 polls to the task queue and 8
 * to its sticky queue; the stand-in server has no sticky queue (every task comes through the task queue), and
 * at national scale most of a real server's tasks reach evicted workflows through the task queue too, so half
 * of the polls wait there (bench/README.md, `write`: the Update a fifth shorter on average).
 */
export const WORKER_TUNING = {
  maxCachedWorkflows: MAX_CACHED_WORKFLOWS,
  nonStickyToStickyPollRatio: 1,
} satisfies Partial<WorkerOptions>;

/**
 * glibc malloc's settings for the worker's process, set by the image (Dockerfile `ENV`; read when the process
 * starts, so they cannot be set from here). A fixed mmap threshold keeps every allocation of 128 KiB or more
 * (V8's compiler zones, the bundle's source) out of malloc's arenas and stops glibc raising the threshold
 * after the first big one is freed; with the dynamic threshold the arenas kept about 0.13 MiB of free memory
 * per cached workflow, half the worker's RSS (bench/README.md, "Where a cached workflow's native memory goes").
 */
export const WORKER_MALLOC_ENV = { MALLOC_MMAP_THRESHOLD_: String(128 * 1024) } as const;

/** The workflow code the worker runs: a file built from this code by `bundleWorkflows`, or bundled here. */
export type WorkflowBundle = { codePath: string } | { code: string };

/**
 * The bundle at `bundlePath` or, without one, the workflows bundled here (webpack, as the worker would: it
 * takes seconds, which is why the app starts it before the database and Temporal).
 */
export function workflowBundle(bundlePath: string | undefined, log: Logger): Promise<WorkflowBundle> {
  if (bundlePath) return Promise.resolve({ codePath: bundlePath });
  const report = (level: 'warn' | 'error', message: string) => log[level]({ component: 'bundler' }, message);
  return bundleWorkflows({ report }).then((code) => ({ code }));
}

/**
 * What a worker that runs our workflows needs to read their payloads: a requirement run handed over by
 * reference gets its state from the stored events (activities/handover-codec.ts), on its first workflow task
 * and on every replay. The workflow bundle carries the payload converter that writes the references.
 */
export function workflowDataConverter(db: Kysely<Database>): NonNullable<WorkerOptions['dataConverter']> {
  return { payloadCodecs: [handoverCodec(postgresEvents(db))] };
}

/** Creates the worker for the task queue, on the given workflow bundle. */
export async function createWorker(options: {
  engine: Engine;
  taskQueue: string;
  bundle: WorkflowBundle;
  db: Kysely<Database>;
  log: Logger;
}): Promise<TemporalWorker> {
  return Worker.create({
    connection: options.engine.nativeConnection,
    namespace: options.engine.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: options.bundle,
    activities: createActivities({ db: options.db }),
    dataConverter: workflowDataConverter(options.db),
    ...WORKER_TUNING,
    shutdownGraceTime: '20 seconds',
  });
}
