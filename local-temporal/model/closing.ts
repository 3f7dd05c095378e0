import { EventType, type HistoryEvent, type Loose, temporal, WorkflowStatus } from '../proto';
import { dropActivities } from './activity-results';
import type { Engine } from './engine';
import { notifyParent } from './children';
import { dispatchQueries } from './queries';
import type { Run } from './run';

type CloseKey =
  | 'workflowExecutionCompletedEventAttributes'
  | 'workflowExecutionFailedEventAttributes'
  | 'workflowExecutionCanceledEventAttributes'
  | 'workflowExecutionTerminatedEventAttributes'
  | 'workflowExecutionTimedOutEventAttributes'
  | 'workflowExecutionContinuedAsNewEventAttributes';

const closeTypes: Record<
  CloseKey,
  [temporal.api.enums.v1.EventType, temporal.api.enums.v1.WorkflowExecutionStatus]
> = {
  workflowExecutionCompletedEventAttributes: [
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
    WorkflowStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED,
  ],
  workflowExecutionFailedEventAttributes: [
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
    WorkflowStatus.WORKFLOW_EXECUTION_STATUS_FAILED,
  ],
  workflowExecutionCanceledEventAttributes: [
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
    WorkflowStatus.WORKFLOW_EXECUTION_STATUS_CANCELED,
  ],
  workflowExecutionTerminatedEventAttributes: [
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
    WorkflowStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED,
  ],
  workflowExecutionTimedOutEventAttributes: [
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
    WorkflowStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT,
  ],
  workflowExecutionContinuedAsNewEventAttributes: [
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
    WorkflowStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW,
  ],
};

/** Writes the close event and releases everything the run held: timers, activities, updates, children. */
export function closeRun<K extends CloseKey>(
  engine: Engine,
  run: Run,
  key: K,
  attributes: Loose<NonNullable<HistoryEvent[K]>>,
): void {
  if (!run.isOpen) return;
  const [eventType, status] = closeTypes[key];
  run.history.append(eventType, key, attributes);
  run.closeEvent = run.history.last;
  run.status = status;
  run.closeTimeMs = engine.now();
  run.discardBuffered();
  for (const { handle } of run.timers.values()) handle.cancel();
  run.timers.clear();
  for (const handle of run.closeTimers.splice(0)) handle.cancel();
  dropActivities(engine, run);
  run.updates.abortAll(key === 'workflowExecutionContinuedAsNewEventAttributes');
  run.taskTimeout?.cancel();
  if (run.task !== 'none') engine.taskDone(run);
  dispatchQueries(engine, run);
  engine.workflowQueue(run.id.taskQueue).remove((item) => item.run === run && item.kind === 'task');
  run.history.notify();
  if (key !== 'workflowExecutionContinuedAsNewEventAttributes') notifyParent(run);
  applyParentClosePolicy(engine, run);
  engine.settled();
}

function applyParentClosePolicy(engine: Engine, run: Run): void {
  for (const child of run.children.values()) {
    const childRun = engine.latestRun(run.id.namespace, child.workflowId);
    if (!childRun?.isOpen) continue;
    if (child.parentClosePolicy === 2) continue;
    if (child.parentClosePolicy === 3) requestCancel(childRun, 'parent closed', undefined);
    else terminate(engine, childRun, 'by parent close policy', 'local-temporal');
  }
}

export function terminate(engine: Engine, run: Run, reason: string, identity: string): void {
  if (run.task === 'started') {
    run.history.append(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED, 'workflowTaskFailedEventAttributes', {
      scheduledEventId: run.taskStartedEventId - 1,
      startedEventId: run.taskStartedEventId,
      cause: temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_FORCE_CLOSE_COMMAND,
      identity,
    });
  }
  if (run.task !== 'none') engine.taskDone(run);
  run.flushBuffered();
  closeRun(engine, run, 'workflowExecutionTerminatedEventAttributes', { reason, identity });
}

export function requestCancel(
  run: Run,
  cause: string,
  external: { initiatedEventId: number; execution: { workflowId: string; runId: string } } | undefined,
): void {
  if (run.cancelRequested) return;
  run.cancelRequested = true;
  run.external(() =>
    run.history.append(
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED,
      'workflowExecutionCancelRequestedEventAttributes',
      {
        cause,
        externalInitiatedEventId: external?.initiatedEventId,
        externalWorkflowExecution: external?.execution,
      },
    ),
  );
}
