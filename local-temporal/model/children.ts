import { durationMs, EventType, long, type temporal } from '../proto';
import type { Engine } from './engine';
import { ServiceError } from './errors';
import type { Run } from './run';
import { startWorkflow } from './start';

type InitiatedAttributes = temporal.api.history.v1.IStartChildWorkflowExecutionInitiatedEventAttributes;

/** Starts a child after the parent's workflow task is recorded; the parent learns the outcome by event. */
export function startChild(
  engine: Engine,
  parent: Run,
  initiatedEventId: number,
  a: InitiatedAttributes,
): void {
  const workflowId = a.workflowId ?? '';
  const workflowType = a.workflowType ?? { name: '' };
  try {
    const { run: child } = startWorkflow(engine, {
      namespace: parent.id.namespace,
      workflowId,
      workflowType: workflowType.name ?? '',
      taskQueue: a.taskQueue?.name || parent.id.taskQueue,
      input: a.input,
      requestId: engine.newRunId(),
      identity: '',
      reusePolicy: a.workflowIdReusePolicy ?? 0,
      conflictPolicy: 1,
      taskTimeoutMs: durationMs(a.workflowTaskTimeout) || 10_000,
      runTimeoutMs: durationMs(a.workflowRunTimeout),
      executionTimeoutMs: durationMs(a.workflowExecutionTimeout),
      extra: {
        header: a.header,
        memo: a.memo,
        searchAttributes: a.searchAttributes,
        retryPolicy: a.retryPolicy,
        parentWorkflowNamespace: parent.id.namespace,
        parentWorkflowExecution: parent.execution,
        parentInitiatedEventId: long(initiatedEventId),
        rootWorkflowExecution: parent.started.rootWorkflowExecution ?? parent.execution,
      },
      parent: { run: parent, initiatedEventId },
    });
    parent.children.set(initiatedEventId, {
      workflowId,
      runId: child.id.runId,
      parentClosePolicy: a.parentClosePolicy || 1,
    });
    parent.external(() =>
      parent.history.append(
        EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED,
        'childWorkflowExecutionStartedEventAttributes',
        {
          namespace: parent.id.namespace,
          initiatedEventId: long(initiatedEventId),
          workflowExecution: child.execution,
          workflowType,
          header: a.header,
        },
      ),
    );
  } catch (error) {
    if (!(error instanceof ServiceError) || error.code !== 'ALREADY_EXISTS') throw error;
    parent.external(() =>
      parent.history.append(
        EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED,
        'startChildWorkflowExecutionFailedEventAttributes',
        {
          namespace: parent.id.namespace,
          workflowId,
          workflowType,
          cause: 1,
          initiatedEventId: long(initiatedEventId),
        },
      ),
    );
  }
}

/** A child's final run closed: the parent gets the matching Child* event. */
export function notifyParent(child: Run): void {
  const link = child.parent;
  const close = child.closeEvent;
  if (!link || !close || !link.run.isOpen) return;
  const { run: parent, initiatedEventId } = link;
  const entry = parent.children.get(initiatedEventId);
  parent.children.delete(initiatedEventId);
  const E = EventType;
  parent.external(() => {
    const h = parent.history;
    const common = {
      namespace: parent.id.namespace,
      initiatedEventId: long(initiatedEventId),
      startedEventId: long(startedEventIdFor(parent, initiatedEventId)),
      workflowExecution: { workflowId: child.id.workflowId, runId: entry?.runId ?? child.id.runId },
      workflowType: { name: child.id.workflowType },
    };
    if (close.workflowExecutionCompletedEventAttributes) {
      const { result } = close.workflowExecutionCompletedEventAttributes;
      h.append(
        E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED,
        'childWorkflowExecutionCompletedEventAttributes',
        { ...common, result },
      );
    } else if (close.workflowExecutionFailedEventAttributes) {
      const { failure, retryState } = close.workflowExecutionFailedEventAttributes;
      h.append(E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED, 'childWorkflowExecutionFailedEventAttributes', {
        ...common,
        failure,
        retryState,
      });
    } else if (close.workflowExecutionCanceledEventAttributes) {
      const { details } = close.workflowExecutionCanceledEventAttributes;
      h.append(
        E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED,
        'childWorkflowExecutionCanceledEventAttributes',
        { ...common, details },
      );
    } else if (close.workflowExecutionTimedOutEventAttributes) {
      h.append(
        E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT,
        'childWorkflowExecutionTimedOutEventAttributes',
        { ...common, retryState: 3 },
      );
    } else {
      h.append(
        E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED,
        'childWorkflowExecutionTerminatedEventAttributes',
        common,
      );
    }
  });
}

function startedEventIdFor(parent: Run, initiatedEventId: number): number {
  for (const event of parent.history.events) {
    const started = event.childWorkflowExecutionStartedEventAttributes;
    if (started && Number(started.initiatedEventId) === initiatedEventId) return Number(event.eventId);
  }
  return 0;
}
