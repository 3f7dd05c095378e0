import {
  duration,
  durationMs,
  EventType,
  type Payloads,
  type temporal,
  timestamp,
  WorkflowStatus,
} from '../proto';
import { closeRun, terminate } from './closing';
import type { Engine } from './engine';
import { alreadyStarted } from './errors';
import type { ParentLink, Run, StartedAttributes } from './run';

const Reuse = { allowDuplicate: 1, allowDuplicateFailedOnly: 2, rejectDuplicate: 3, terminateIfRunning: 4 };
const Conflict = { fail: 1, useExisting: 2, terminateExisting: 3 };

export interface StartParams {
  namespace: string;
  workflowId: string;
  workflowType: string;
  taskQueue: string;
  input: Payloads | null | undefined;
  requestId: string;
  identity: string;
  reusePolicy: number;
  conflictPolicy: number;
  taskTimeoutMs: number;
  runTimeoutMs: number;
  executionTimeoutMs: number;
  extra: Omit<StartedAttributes, 'workflowType' | 'taskQueue' | 'input' | 'identity'>;
  parent?: ParentLink;
}

/**
 * What a start did: created a run, found the run a previous request with the same request id created
 * (a retry, open or closed), or found the open run under the USE_EXISTING conflict policy.
 */
export type StartOutcome = 'new' | 'deduped' | 'existing';

/** Starts a run, applying the id reuse and conflict policies: at most one open run per workflow id. */
export function startWorkflow(engine: Engine, p: StartParams): { run: Run; outcome: StartOutcome } {
  const previous = engine.latestRun(p.namespace, p.workflowId);
  if (previous && p.requestId && previous.id.requestId === p.requestId) {
    return { run: previous, outcome: 'deduped' };
  }
  if (previous?.isOpen) {
    const conflict =
      p.reusePolicy === Reuse.terminateIfRunning ? Conflict.terminateExisting : p.conflictPolicy;
    if (conflict === Conflict.useExisting) return { run: previous, outcome: 'existing' };
    if (conflict !== Conflict.terminateExisting) {
      throw alreadyStarted(
        `Workflow execution is already running. WorkflowId: ${p.workflowId}, RunId: ${previous.id.runId}.`,
        previous.id,
      );
    }
    terminate(engine, previous, 'terminated by a new start (conflict policy)', p.identity);
  } else if (previous && !reuseAllowed(p.reusePolicy, previous.status)) {
    throw alreadyStarted(
      `Workflow execution already finished and id reuse policy forbids a new run. WorkflowId: ${p.workflowId}.`,
      previous.id,
    );
  }
  const runId = engine.newRunId();
  return {
    run: createRun(engine, p, runId, { firstExecutionRunId: runId, originalExecutionRunId: runId }),
    outcome: 'new',
  };
}

function reuseAllowed(policy: number, status: temporal.api.enums.v1.WorkflowExecutionStatus): boolean {
  if (policy === Reuse.rejectDuplicate) return false;
  if (policy === Reuse.allowDuplicateFailedOnly) {
    return status !== WorkflowStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED;
  }
  return true;
}

/** Creates the run, writes WorkflowExecutionStarted, schedules the first task and the run's timeouts. */
export function createRun(
  engine: Engine,
  p: StartParams,
  runId: string,
  chain: Partial<StartedAttributes>,
): Run {
  const attributes: StartedAttributes = {
    ...p.extra,
    ...chain,
    workflowType: { name: p.workflowType },
    taskQueue: { name: p.taskQueue, kind: 1 },
    input: p.input,
    identity: p.identity,
    workflowTaskTimeout: duration(p.taskTimeoutMs),
    workflowRunTimeout: p.runTimeoutMs ? duration(p.runTimeoutMs) : null,
    workflowExecutionTimeout: p.executionTimeoutMs ? duration(p.executionTimeoutMs) : null,
    attempt: 1,
    workflowId: p.workflowId,
  };
  const run = engine.createRun(
    {
      namespace: p.namespace,
      workflowId: p.workflowId,
      runId,
      workflowType: p.workflowType,
      taskQueue: p.taskQueue,
      requestId: p.requestId,
      taskTimeoutMs: p.taskTimeoutMs,
    },
    attributes,
    p.parent,
  );
  attributes.workflowExecutionExpirationTime = p.executionTimeoutMs
    ? timestamp(run.startTimeMs + p.executionTimeoutMs)
    : null;
  run.history.append(
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
    'workflowExecutionStartedEventAttributes',
    attributes,
  );
  armRunTimeout(engine, run);
  engine.requestTask(run);
  return run;
}

/** The run's run or execution timeout, counted from its start, closes it as timed out. */
export function armRunTimeout(engine: Engine, run: Run): void {
  const limit = [run.started.workflowRunTimeout, run.started.workflowExecutionTimeout]
    .map(durationMs)
    .filter((ms) => ms > 0);
  if (limit.length === 0) return;
  run.closeTimers.push(
    engine.clock.schedule(run.startTimeMs + Math.min(...limit), () =>
      closeRun(engine, run, 'workflowExecutionTimedOutEventAttributes', { retryState: 3 }),
    ),
  );
}
