import { EventType, type Failure, type Payloads } from '../proto';
import { close, recordClose, retryLater } from './activity-attempts';
import { type ActivityTask, decideRetry } from './activity-task';
import type { Engine } from './engine';
import type { Run } from './run';

export function completeActivity(
  engine: Engine,
  task: ActivityTask,
  result: Payloads | null,
  identity: string,
): void {
  close(engine, task);
  recordClose(task, identity, (startedEventId) =>
    task.run.history.append(
      EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
      'activityTaskCompletedEventAttributes',
      {
        scheduledEventId: task.scheduledEventId,
        startedEventId,
        result,
        identity,
      },
    ),
  );
}

export function failActivity(engine: Engine, task: ActivityTask, failure: Failure, identity: string): void {
  const decision = decideRetry(task, failure, engine.now());
  task.lastFailure = failure;
  if (decision.retry) return retryLater(engine, task, decision.delayMs);
  close(engine, task);
  recordClose(task, identity, (startedEventId) =>
    task.run.history.append(EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED, 'activityTaskFailedEventAttributes', {
      scheduledEventId: task.scheduledEventId,
      startedEventId,
      failure,
      identity,
      retryState: decision.retryState,
    }),
  );
}

export function requestCancelActivity(
  engine: Engine,
  task: ActivityTask,
  cancelRequestedEventId: number,
): void {
  if (task.phase === 'started') {
    task.cancelRequested = true;
    return;
  }
  close(engine, task);
  task.run.external(() =>
    task.run.history.append(
      EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED,
      'activityTaskCanceledEventAttributes',
      {
        scheduledEventId: task.scheduledEventId,
        latestCancelRequestedEventId: cancelRequestedEventId,
      },
    ),
  );
}

export function cancelActivity(
  engine: Engine,
  task: ActivityTask,
  details: Payloads | null,
  identity: string,
): void {
  close(engine, task);
  recordClose(task, identity, (startedEventId) =>
    task.run.history.append(
      EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED,
      'activityTaskCanceledEventAttributes',
      {
        scheduledEventId: task.scheduledEventId,
        startedEventId,
        details,
        identity,
      },
    ),
  );
}

/** The run closed: its activities are dropped without events. */
export function dropActivities(engine: Engine, run: Run): void {
  for (const task of [...run.activities.values()]) close(engine, task);
}
