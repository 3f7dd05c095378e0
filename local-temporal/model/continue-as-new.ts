import { durationMs, type temporal } from '../proto';
import { closeRun } from './closing';
import type { Engine } from './engine';
import type { Run } from './run';
import { createRun } from './start';

type Attributes = temporal.api.command.v1.IContinueAsNewWorkflowExecutionCommandAttributes;

/** Closes the run as ContinuedAsNew and starts the next run of the same workflow id (and parent). */
export function continueAsNew(engine: Engine, run: Run, a: Attributes, completedEventId: number): void {
  const newRunId = engine.newRunId();
  const workflowType = a.workflowType?.name || run.id.workflowType;
  const taskQueue = a.taskQueue?.name || run.id.taskQueue;
  closeRun(engine, run, 'workflowExecutionContinuedAsNewEventAttributes', {
    newExecutionRunId: newRunId,
    workflowType: { name: workflowType },
    taskQueue: { name: taskQueue, kind: 1 },
    input: a.input,
    workflowRunTimeout: a.workflowRunTimeout,
    workflowTaskTimeout: a.workflowTaskTimeout,
    workflowTaskCompletedEventId: completedEventId,
    initiator: 1,
    header: a.header,
    memo: a.memo,
    searchAttributes: a.searchAttributes,
  });
  const s = run.started;
  const next = createRun(
    engine,
    {
      namespace: run.id.namespace,
      workflowId: run.id.workflowId,
      workflowType,
      taskQueue,
      input: a.input,
      requestId: run.id.requestId,
      identity: s.identity ?? '',
      reusePolicy: 1,
      conflictPolicy: 1,
      taskTimeoutMs: durationMs(a.workflowTaskTimeout) || run.id.taskTimeoutMs,
      runTimeoutMs: durationMs(a.workflowRunTimeout) || durationMs(s.workflowRunTimeout),
      executionTimeoutMs: 0,
      extra: {
        header: a.header ?? s.header,
        memo: a.memo ?? s.memo,
        searchAttributes: a.searchAttributes ?? s.searchAttributes,
        retryPolicy: a.retryPolicy ?? s.retryPolicy,
        parentWorkflowNamespace: s.parentWorkflowNamespace,
        parentWorkflowExecution: s.parentWorkflowExecution,
        parentInitiatedEventId: s.parentInitiatedEventId,
        rootWorkflowExecution: s.rootWorkflowExecution,
        initiator: 1,
      },
      parent: run.parent,
    },
    newRunId,
    {
      firstExecutionRunId: s.firstExecutionRunId,
      originalExecutionRunId: newRunId,
      continuedExecutionRunId: run.id.runId,
    },
  );
  const link = run.parent?.run.children.get(run.parent.initiatedEventId);
  if (link) link.runId = next.id.runId;
}
