import { EventType, type temporal } from '../proto';
import { requestCancel } from './closing';
import type { Engine } from './engine';
import type { Run } from './run';

type SignalAttributes = temporal.api.history.v1.ISignalExternalWorkflowExecutionInitiatedEventAttributes;
type CancelAttributes =
  temporal.api.history.v1.IRequestCancelExternalWorkflowExecutionInitiatedEventAttributes;

function target(
  engine: Engine,
  source: Run,
  execution: temporal.api.common.v1.IWorkflowExecution | null | undefined,
): Run | undefined {
  const run = execution?.runId
    ? engine.runById(execution.runId)
    : engine.latestRun(source.id.namespace, execution?.workflowId ?? '');
  return run?.isOpen && run.id.workflowId === execution?.workflowId ? run : undefined;
}

export function signalExternal(
  engine: Engine,
  source: Run,
  initiatedEventId: number,
  a: SignalAttributes,
): void {
  const to = target(engine, source, a.workflowExecution);
  const common = { initiatedEventId, namespace: source.id.namespace, control: a.control };
  if (!to) {
    source.external(() =>
      source.history.append(
        EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED,
        'signalExternalWorkflowExecutionFailedEventAttributes',
        {
          ...common,
          workflowExecution: a.workflowExecution,
          cause: 1,
        },
      ),
    );
    return;
  }
  to.external(() =>
    to.history.append(
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
      'workflowExecutionSignaledEventAttributes',
      {
        signalName: a.signalName,
        input: a.input,
        header: a.header,
        externalWorkflowExecution: source.execution,
      },
    ),
  );
  source.external(() =>
    source.history.append(
      EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED,
      'externalWorkflowExecutionSignaledEventAttributes',
      {
        ...common,
        workflowExecution: to.execution,
      },
    ),
  );
}

export function cancelExternal(
  engine: Engine,
  source: Run,
  initiatedEventId: number,
  a: CancelAttributes,
): void {
  const to = target(engine, source, a.workflowExecution);
  const common = { initiatedEventId, namespace: source.id.namespace };
  if (!to) {
    source.external(() =>
      source.history.append(
        EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED,
        'requestCancelExternalWorkflowExecutionFailedEventAttributes',
        {
          ...common,
          control: a.control,
          workflowExecution: a.workflowExecution,
          cause: 1,
        },
      ),
    );
    return;
  }
  requestCancel(to, a.reason ?? '', { initiatedEventId, execution: source.execution });
  source.external(() =>
    source.history.append(
      EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED,
      'externalWorkflowExecutionCancelRequestedEventAttributes',
      {
        ...common,
        workflowExecution: to.execution,
      },
    ),
  );
}
