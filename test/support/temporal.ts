import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker, type WorkerOptions as SdkWorkerOptions } from '@temporalio/worker';
import { ReusableVMWorkflowCreator } from '@temporalio/worker/lib/workflow/reusable-vm';
import { globalHandlers } from '@temporalio/worker/lib/workflow/vm-shared';
import type { Kysely } from 'kysely';
import { inject } from 'vitest';
import { workflowDataConverter } from '../../app/worker';
import type { Database } from '../../db/schema';
import type { WorkflowEntry } from './workflow-bundles';

let runtimeInstalled = false;

export function installQuietRuntime(): void {
  if (runtimeInstalled) return;
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } },
  });
  runtimeInstalled = true;
}

/**
 * Leaves out what the SDK adds to workflows run in this process (its debug mode, which every replay worker
 * uses) for no test's sake, once and for good: installed where workflows run, it would also tax the later test
 * files of this process (isolate: false). Workflows behave the same without either.
 * - The stack-trace promise hook, which takes a stack trace (source-mapped) at every promise a workflow makes,
 *   for the stack-trace query no test sends: nearly half of replaying a workflow's CPU. Marking it installed
 *   keeps it out.
 * - The execution timeout of 2^32-1 ms (no limit in effect), for which Node starts a watchdog thread at every
 *   call into the workflows' V8 context and waits to join it: with it, replaying recorded histories took twice
 *   as long and a third more CPU on a busy machine. Without a timeout there is no watchdog.
 */
export function leaveOutDebugOverheads(): void {
  globalHandlers.installed = true;
  if (debugOverheadsLeftOut) return;
  debugOverheadsLeftOut = true;
  const create = ReusableVMWorkflowCreator.create.bind(ReusableVMWorkflowCreator);
  ReusableVMWorkflowCreator.create = ((bundle, _timeoutMs, ...rest) =>
    create(bundle, NO_TIMEOUT, ...rest)) as typeof ReusableVMWorkflowCreator.create;
}
let debugOverheadsLeftOut = false;
/** What `vm` reads as no timeout (its options leave it out). */
const NO_TIMEOUT = undefined as unknown as number;

/**
 * A test worker's workflows run in this process (the SDK's debug mode), where its overheads can be left out.
 * Unlike on a worker thread, a workflow task's work has no time limit: a test's own timeout ends one that
 * never yields.
 */
export function inProcessWorkflows(): Pick<SdkWorkerOptions, 'debugMode'> {
  leaveOutDebugOverheads();
  return { debugMode: true };
}

export interface TestEnvOptions {
  /** The stand-in suggests continue-as-new from this many history events (a real server: its own limit). */
  suggestContinueAsNewAfterEvents?: number;
}

/**
 * The test environment: the stand-in server (local-temporal) with time skipping by default, or the real
 * server at TEMPORAL_ADDRESS when that is set (`npm run test:temporal`).
 */
export async function createTestEnv(options: TestEnvOptions = {}): Promise<TestWorkflowEnvironment> {
  installQuietRuntime();
  const address = process.env.TEMPORAL_ADDRESS;
  if (address) {
    return TestWorkflowEnvironment.createFromExistingServer({
      address,
      namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    });
  }
  return TestWorkflowEnvironment.createTimeSkipping({
    server: {
      executable: { type: 'existing-path', path: inject('localTemporalPath') },
      extraArgs: options.suggestContinueAsNewAfterEvents
        ? [`--suggest-continue-as-new-after-events=${options.suggestContinueAsNewAfterEvents}`]
        : [],
    },
  });
}

const codeByEntry = new Map<WorkflowEntry, Promise<string>>();

function bundleCode(entry: WorkflowEntry): Promise<string> {
  let code = codeByEntry.get(entry);
  if (!code) {
    const file = inject('workflowBundleFiles')[entry];
    if (!file) throw new Error(`no workflow bundle was built for ${entry}; add it to workflow-bundles.ts`);
    code = readFile(file, 'utf8');
    codeByEntry.set(entry, code);
  }
  return code;
}

export interface WorkerOptions {
  workflows: WorkflowEntry;
  activities?: object;
  /** Where a requirement handed over by reference finds its stored events (see app/worker.ts). */
  db?: Kysely<Database>;
  /** A fresh queue unless given (a test that restarts the server keeps its queue). */
  taskQueue?: string;
  /** Workflows on a worker thread, as in production: for one that keeps its task busy while the test acts. */
  onWorkerThread?: boolean;
}

/** Runs `fn` with a worker polling a fresh task queue, and shuts the worker down afterwards. */
export async function withWorker<T>(
  env: Pick<TestWorkflowEnvironment, 'nativeConnection' | 'namespace'>,
  options: WorkerOptions,
  fn: (taskQueue: string) => Promise<T>,
): Promise<T> {
  const taskQueue = options.taskQueue ?? `test-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: { code: await bundleCode(options.workflows) },
    activities: options.activities ?? {},
    ...(options.db ? { dataConverter: workflowDataConverter(options.db) } : {}),
    maxCachedWorkflows: 100,
    ...(options.onWorkerThread ? {} : inProcessWorkflows()),
  });
  return worker.runUntil(fn(taskQueue));
}
