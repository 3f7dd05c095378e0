import { CommandType as C, EventType as E } from '../proto';
import { startChild } from './children';
import { closeRun } from './closing';
import type { CommandHandler } from './command-context';
import { continueAsNew } from './continue-as-new';
import { cancelExternal, signalExternal } from './external';

/** Commands that close the run or reach other runs: children, external signals and cancels. */
export const outwardCommands: Partial<Record<C, CommandHandler>> = {
  [C.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION]: ({ engine, run, by, deferred }, c) => {
    const a = { ...c.startChildWorkflowExecutionCommandAttributes, namespace: run.id.namespace, ...by };
    const initiated = run.history.append(
      E.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED,
      'startChildWorkflowExecutionInitiatedEventAttributes',
      a,
    );
    deferred.push(() => startChild(engine, run, initiated, a));
  },
  [C.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION]: ({ engine, run, by, deferred }, c) => {
    const { execution, ...rest } = c.signalExternalWorkflowExecutionCommandAttributes ?? {};
    const a = { ...rest, workflowExecution: execution, namespace: run.id.namespace, ...by };
    const initiated = run.history.append(
      E.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
      'signalExternalWorkflowExecutionInitiatedEventAttributes',
      a,
    );
    deferred.push(() => signalExternal(engine, run, initiated, a));
  },
  [C.COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION]: ({ engine, run, by, deferred }, c) => {
    const { workflowId, runId, ...rest } = c.requestCancelExternalWorkflowExecutionCommandAttributes ?? {};
    const a = { ...rest, workflowExecution: { workflowId, runId }, namespace: run.id.namespace, ...by };
    const initiated = run.history.append(
      E.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
      'requestCancelExternalWorkflowExecutionInitiatedEventAttributes',
      a,
    );
    deferred.push(() => cancelExternal(engine, run, initiated, a));
  },
  [C.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION]: ({ engine, run, by }, c) => {
    const result = c.completeWorkflowExecutionCommandAttributes?.result;
    closeRun(engine, run, 'workflowExecutionCompletedEventAttributes', { result, ...by });
  },
  [C.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION]: ({ engine, run, by }, c) => {
    const failure = c.failWorkflowExecutionCommandAttributes?.failure;
    const retryState = 5; // RETRY_POLICY_NOT_SET: workflow retry policies are not supported
    closeRun(engine, run, 'workflowExecutionFailedEventAttributes', { failure, retryState, ...by });
  },
  [C.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION]: ({ engine, run, by }, c) => {
    const details = c.cancelWorkflowExecutionCommandAttributes?.details;
    closeRun(engine, run, 'workflowExecutionCanceledEventAttributes', { details, ...by });
  },
  [C.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION]: ({ engine, run, completedEventId }, c) => {
    continueAsNew(engine, run, c.continueAsNewWorkflowExecutionCommandAttributes ?? {}, completedEventId);
  },
};
