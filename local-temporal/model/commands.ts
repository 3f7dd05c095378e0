import {
  type Command,
  CommandType as C,
  duration,
  durationMs,
  EventType as E,
  long,
  type temporal,
} from '../proto';
import { requestCancelActivity, scheduleActivity } from './activities';
import { startChild } from './children';
import { closeRun } from './closing';
import { continueAsNew } from './continue-as-new';
import type { Engine } from './engine';
import { cancelExternal, signalExternal } from './external';
import { applyMessage } from './protocol-messages';
import type { Run } from './run';

type Message = temporal.api.protocol.v1.IMessage;

export const supportedCommands = new Set<number>([
  C.COMMAND_TYPE_START_TIMER,
  C.COMMAND_TYPE_CANCEL_TIMER,
  C.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK,
  C.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK,
  C.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
  C.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION,
  C.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION,
  C.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION,
  C.COMMAND_TYPE_RECORD_MARKER,
  C.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION,
  C.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION,
  C.COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION,
  C.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
  C.COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES,
  C.COMMAND_TYPE_PROTOCOL_MESSAGE,
]);

export const closeCommands = new Set<number>([
  C.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
  C.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION,
  C.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION,
  C.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION,
]);

/**
 * Turns a completed workflow task's commands into events, in order. Work that reaches other runs (child
 * starts, external signals and cancels) is returned, to run once the task is recorded.
 */
export function applyCommands(
  engine: Engine,
  run: Run,
  commands: Command[],
  messages: Message[],
  completedEventId: number,
): (() => void)[] {
  const deferred: (() => void)[] = [];
  const unsequenced = new Map(messages.map((m) => [m.id ?? '', m]));
  const h = run.history;
  const by = { workflowTaskCompletedEventId: long(completedEventId) };
  for (const c of commands) {
    if (!run.isOpen) break;
    switch (c.commandType) {
      case C.COMMAND_TYPE_PROTOCOL_MESSAGE: {
        const id = c.protocolMessageCommandAttributes?.messageId ?? '';
        const message = unsequenced.get(id);
        unsequenced.delete(id);
        if (message) applyMessage(run, message);
        break;
      }
      case C.COMMAND_TYPE_START_TIMER: {
        const a = c.startTimerCommandAttributes ?? {};
        const timerId = a.timerId ?? '';
        const startedEventId = h.append(E.EVENT_TYPE_TIMER_STARTED, 'timerStartedEventAttributes', {
          ...a,
          ...by,
        });
        const handle = engine.clock.after(durationMs(a.startToFireTimeout), () => {
          run.timers.delete(timerId);
          run.external(() =>
            h.append(E.EVENT_TYPE_TIMER_FIRED, 'timerFiredEventAttributes', { timerId, startedEventId }),
          );
        });
        run.timers.set(timerId, { startedEventId, handle });
        break;
      }
      case C.COMMAND_TYPE_CANCEL_TIMER: {
        const timerId = c.cancelTimerCommandAttributes?.timerId ?? '';
        const timer = run.timers.get(timerId);
        timer?.handle.cancel();
        run.timers.delete(timerId);
        h.append(E.EVENT_TYPE_TIMER_CANCELED, 'timerCanceledEventAttributes', {
          timerId,
          startedEventId: timer?.startedEventId ?? 0,
          ...by,
        });
        break;
      }
      case C.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK: {
        const a = normaliseActivity(run, c.scheduleActivityTaskCommandAttributes ?? {});
        const attributes = { ...a, ...by };
        scheduleActivity(
          engine,
          run,
          h.append(E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, 'activityTaskScheduledEventAttributes', attributes),
          attributes,
        );
        break;
      }
      case C.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK: {
        const scheduledEventId = Number(c.requestCancelActivityTaskCommandAttributes?.scheduledEventId ?? 0);
        const eventId = h.append(
          E.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED,
          'activityTaskCancelRequestedEventAttributes',
          { scheduledEventId, ...by },
        );
        const task = run.activities.get(scheduledEventId);
        if (task) requestCancelActivity(engine, task, eventId);
        break;
      }
      case C.COMMAND_TYPE_RECORD_MARKER:
        h.append(E.EVENT_TYPE_MARKER_RECORDED, 'markerRecordedEventAttributes', {
          ...c.recordMarkerCommandAttributes,
          ...by,
        });
        break;
      case C.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:
        h.append(
          E.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
          'upsertWorkflowSearchAttributesEventAttributes',
          {
            searchAttributes: c.upsertWorkflowSearchAttributesCommandAttributes?.searchAttributes,
            ...by,
          },
        );
        break;
      case C.COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES:
        h.append(E.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED, 'workflowPropertiesModifiedEventAttributes', {
          upsertedMemo: c.modifyWorkflowPropertiesCommandAttributes?.upsertedMemo,
          ...by,
        });
        break;
      case C.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION: {
        const a = { ...c.startChildWorkflowExecutionCommandAttributes, namespace: run.id.namespace, ...by };
        const initiated = h.append(
          E.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED,
          'startChildWorkflowExecutionInitiatedEventAttributes',
          a,
        );
        deferred.push(() => startChild(engine, run, initiated, a));
        break;
      }
      case C.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION: {
        const { execution, ...rest } = c.signalExternalWorkflowExecutionCommandAttributes ?? {};
        const a = { ...rest, workflowExecution: execution, namespace: run.id.namespace, ...by };
        const initiated = h.append(
          E.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
          'signalExternalWorkflowExecutionInitiatedEventAttributes',
          a,
        );
        deferred.push(() => signalExternal(engine, run, initiated, a));
        break;
      }
      case C.COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION: {
        const { workflowId, runId, ...rest } =
          c.requestCancelExternalWorkflowExecutionCommandAttributes ?? {};
        const a = { ...rest, workflowExecution: { workflowId, runId }, namespace: run.id.namespace, ...by };
        const initiated = h.append(
          E.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
          'requestCancelExternalWorkflowExecutionInitiatedEventAttributes',
          a,
        );
        deferred.push(() => cancelExternal(engine, run, initiated, a));
        break;
      }
      case C.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION:
        closeRun(engine, run, 'workflowExecutionCompletedEventAttributes', {
          result: c.completeWorkflowExecutionCommandAttributes?.result,
          ...by,
        });
        break;
      case C.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION:
        closeRun(engine, run, 'workflowExecutionFailedEventAttributes', {
          failure: c.failWorkflowExecutionCommandAttributes?.failure,
          retryState: 5,
          ...by,
        });
        break;
      case C.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION:
        closeRun(engine, run, 'workflowExecutionCanceledEventAttributes', {
          details: c.cancelWorkflowExecutionCommandAttributes?.details,
          ...by,
        });
        break;
      case C.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION:
        continueAsNew(engine, run, c.continueAsNewWorkflowExecutionCommandAttributes ?? {}, completedEventId);
        break;
    }
  }
  for (const message of unsequenced.values()) if (run.isOpen) applyMessage(run, message);
  return deferred;
}

type ActivityCommand = temporal.api.command.v1.IScheduleActivityTaskCommandAttributes;

/** Fills what the server fills: the task queue, start-to-close from schedule-to-close, the retry policy. */
function normaliseActivity(run: Run, a: ActivityCommand): ActivityCommand {
  const scheduleToClose = durationMs(a.scheduleToCloseTimeout);
  const startToClose = durationMs(a.startToCloseTimeout) || scheduleToClose;
  const initial = durationMs(a.retryPolicy?.initialInterval) || 1000;
  return {
    ...a,
    taskQueue: a.taskQueue?.name ? a.taskQueue : { name: run.id.taskQueue, kind: 1 },
    startToCloseTimeout: duration(startToClose),
    scheduleToCloseTimeout: duration(scheduleToClose),
    retryPolicy: {
      ...a.retryPolicy,
      initialInterval: duration(initial),
      backoffCoefficient: a.retryPolicy?.backoffCoefficient || 2,
      maximumInterval: duration(durationMs(a.retryPolicy?.maximumInterval) || 100 * initial),
    },
  };
}
