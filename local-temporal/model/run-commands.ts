import { CommandType as C, duration, durationMs, EventType as E, type temporal } from '../proto';
import { scheduleActivity } from './activity-attempts';
import { requestCancelActivity } from './activity-results';
import type { CommandHandler } from './command-context';
import type { Engine } from './engine';
import type { Run } from './run';

type ActivityCommand = temporal.api.command.v1.IScheduleActivityTaskCommandAttributes;

/** Commands whose effects stay inside the run: timers, activities, markers, search attributes, memo. */
export const runCommands: Partial<Record<C, CommandHandler>> = {
  [C.COMMAND_TYPE_START_TIMER]: ({ engine, run, by }, c) => {
    const a = c.startTimerCommandAttributes ?? {};
    const timerId = a.timerId ?? '';
    const startedEventId = run.history.append(E.EVENT_TYPE_TIMER_STARTED, 'timerStartedEventAttributes', {
      ...a,
      ...by,
    });
    armTimer(engine, run, timerId, startedEventId, engine.now() + durationMs(a.startToFireTimeout));
  },
  [C.COMMAND_TYPE_CANCEL_TIMER]: ({ run, by }, c) => {
    const timerId = c.cancelTimerCommandAttributes?.timerId ?? '';
    const timer = run.timers.get(timerId);
    timer?.handle.cancel();
    run.timers.delete(timerId);
    const startedEventId = timer?.startedEventId ?? 0;
    run.history.append(E.EVENT_TYPE_TIMER_CANCELED, 'timerCanceledEventAttributes', {
      timerId,
      startedEventId,
      ...by,
    });
  },
  [C.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK]: ({ engine, run, by }, c) => {
    const attributes = { ...normaliseActivity(run, c.scheduleActivityTaskCommandAttributes ?? {}), ...by };
    const eventId = run.history.append(
      E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
      'activityTaskScheduledEventAttributes',
      attributes,
    );
    scheduleActivity(engine, run, eventId, attributes);
  },
  [C.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK]: ({ engine, run, by }, c) => {
    const scheduledEventId = Number(c.requestCancelActivityTaskCommandAttributes?.scheduledEventId ?? 0);
    const eventId = run.history.append(
      E.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED,
      'activityTaskCancelRequestedEventAttributes',
      {
        scheduledEventId,
        ...by,
      },
    );
    const task = run.activities.get(scheduledEventId);
    if (task) requestCancelActivity(engine, task, eventId);
  },
  [C.COMMAND_TYPE_RECORD_MARKER]: ({ run, by }, c) => {
    run.history.append(E.EVENT_TYPE_MARKER_RECORDED, 'markerRecordedEventAttributes', {
      ...c.recordMarkerCommandAttributes,
      ...by,
    });
  },
  [C.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES]: ({ run, by }, c) => {
    const searchAttributes = c.upsertWorkflowSearchAttributesCommandAttributes?.searchAttributes;
    run.history.append(
      E.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
      'upsertWorkflowSearchAttributesEventAttributes',
      {
        searchAttributes,
        ...by,
      },
    );
  },
  [C.COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES]: ({ run, by }, c) => {
    const upsertedMemo = c.modifyWorkflowPropertiesCommandAttributes?.upsertedMemo;
    run.history.append(
      E.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED,
      'workflowPropertiesModifiedEventAttributes',
      { upsertedMemo, ...by },
    );
  },
};

/** A started timer fires at `atMs` on the clock (at once if that has passed, as after a restart). */
export function armTimer(
  engine: Engine,
  run: Run,
  timerId: string,
  startedEventId: number,
  atMs: number,
): void {
  const handle = engine.clock.schedule(atMs, () => {
    run.timers.delete(timerId);
    run.external(() =>
      run.history.append(E.EVENT_TYPE_TIMER_FIRED, 'timerFiredEventAttributes', {
        timerId,
        startedEventId,
      }),
    );
  });
  run.timers.set(timerId, { startedEventId, handle });
}

/** Fills what the server fills: the task queue, start-to-close from schedule-to-close, the retry policy. */
function normaliseActivity(run: Run, a: ActivityCommand): ActivityCommand {
  const scheduleToClose = durationMs(a.scheduleToCloseTimeout);
  const initial = durationMs(a.retryPolicy?.initialInterval) || 1000;
  return {
    ...a,
    taskQueue: a.taskQueue?.name ? a.taskQueue : { name: run.id.taskQueue, kind: 1 },
    startToCloseTimeout: duration(durationMs(a.startToCloseTimeout) || scheduleToClose),
    scheduleToCloseTimeout: duration(scheduleToClose),
    retryPolicy: {
      ...a.retryPolicy,
      initialInterval: duration(initial),
      backoffCoefficient: a.retryPolicy?.backoffCoefficient || 2,
      maximumInterval: duration(durationMs(a.retryPolicy?.maximumInterval) || 100 * initial),
    },
  };
}
