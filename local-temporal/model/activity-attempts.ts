import { durationMs, EventType, type Failure, type Payloads, TimeoutType } from '../proto';
import { type ActivityTask, decideRetry, type ScheduledAttributes, timeoutFailure } from './activity-task';
import type { Engine } from './engine';
import type { Run } from './run';

/**
 * ScheduleActivityTask: the event is already written; the first attempt goes to its task queue. After a
 * restart, `lostAttempt` is the last attempt a worker was given: it ends as a start-to-close timeout ends an
 * attempt (see endLostAttempt).
 */
export function scheduleActivity(
  engine: Engine,
  run: Run,
  scheduledEventId: number,
  attributes: ScheduledAttributes,
  scheduledTimeMs = engine.now(),
  lostAttempt?: number,
): void {
  const now = engine.now();
  const task: ActivityTask = {
    run,
    scheduledEventId,
    attributes,
    attempt: lostAttempt ?? 1,
    phase: 'queued',
    scheduledTimeMs,
    attemptScheduledTimeMs: now,
    startedTimeMs: 0,
    heartbeatDetails: null,
    lastFailure: null,
    cancelRequested: false,
    attemptTimers: [],
    heartbeatTimer: undefined,
    closeTimers: [],
  };
  run.activities.set(scheduledEventId, task);
  const scheduleToClose = durationMs(attributes.scheduleToCloseTimeout);
  if (scheduleToClose > 0) {
    task.closeTimers.push(
      engine.clock.schedule(scheduledTimeMs + scheduleToClose, () =>
        timeOut(engine, task, TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE, false),
      ),
    );
  }
  if (lostAttempt === undefined) dispatch(engine, task);
  else endLostAttempt(engine, task);
}

/**
 * The attempt a worker held when the process stopped, whose answer never came or was not yet written: as
 * the server keeps the attempt in its mutable state, the count goes on. Its token names that attempt, so a
 * late answer to it is NOT_FOUND; the retry policy decides, as on a start-to-close timeout, whether the next
 * attempt goes out (at once, not waiting for the timeout or a backoff) or the activity times out.
 */
function endLostAttempt(engine: Engine, task: ActivityTask): void {
  const failure = timeoutFailure(TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE, null, null);
  const decision = decideRetry(task, failure, engine.now());
  if (!decision.retry) return closeTimedOut(engine, task, failure, decision.retryState);
  task.lastFailure = failure;
  task.attempt++;
  dispatch(engine, task);
}

function dispatch(engine: Engine, task: ActivityTask): void {
  task.phase = 'queued';
  task.attemptScheduledTimeMs = engine.now();
  engine.busyActivities.add(task);
  engine.activityQueue(task.attributes.taskQueue?.name ?? '').push(task);
}

/** A worker picked the task up: start the attempt's timeouts. */
export function startAttempt(engine: Engine, task: ActivityTask): void {
  engine.journal?.activityStarted(task.run.id.runId, task.scheduledEventId, task.attempt);
  task.phase = 'started';
  task.startedTimeMs = engine.now();
  const startToClose = durationMs(task.attributes.startToCloseTimeout);
  if (startToClose > 0) {
    task.attemptTimers.push(
      engine.clock.after(startToClose, () =>
        timeOut(engine, task, TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE, true),
      ),
    );
  }
  armHeartbeat(engine, task);
}

export function heartbeat(engine: Engine, task: ActivityTask, details: Payloads | null): void {
  if (details) task.heartbeatDetails = details;
  armHeartbeat(engine, task);
}

function armHeartbeat(engine: Engine, task: ActivityTask): void {
  const heartbeatMs = durationMs(task.attributes.heartbeatTimeout);
  if (heartbeatMs <= 0) return;
  task.heartbeatTimer?.cancel();
  task.heartbeatTimer = engine.clock.after(heartbeatMs, () =>
    timeOut(engine, task, TimeoutType.TIMEOUT_TYPE_HEARTBEAT, true),
  );
}

function endAttempt(engine: Engine, task: ActivityTask): void {
  for (const timer of task.attemptTimers.splice(0)) timer.cancel();
  task.heartbeatTimer?.cancel();
  engine.busyActivities.delete(task);
  engine.settled();
}

export function close(engine: Engine, task: ActivityTask): void {
  endAttempt(engine, task);
  for (const timer of task.closeTimers.splice(0)) timer.cancel();
  task.phase = 'closed';
  task.run.activities.delete(task.scheduledEventId);
  engine.activityQueue(task.attributes.taskQueue?.name ?? '').remove((t) => t === task);
}

/** Writes ActivityTaskStarted and then the closing event, both after any workflow task in flight. */
export function recordClose(
  task: ActivityTask,
  identity: string,
  closing: (startedEventId: number) => void,
): void {
  const { run } = task;
  run.external(() => {
    const startedEventId = run.history.append(
      EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED,
      'activityTaskStartedEventAttributes',
      {
        scheduledEventId: task.scheduledEventId,
        identity,
        attempt: task.attempt,
        lastFailure: task.lastFailure,
      },
    );
    closing(startedEventId);
  });
}

export function retryLater(engine: Engine, task: ActivityTask, delayMs: number): void {
  endAttempt(engine, task);
  task.phase = 'backoff';
  task.attempt++;
  task.attemptTimers.push(engine.clock.after(delayMs, () => dispatch(engine, task)));
}

function timeOut(engine: Engine, task: ActivityTask, timeoutType: number, retryable: boolean): void {
  if (task.phase === 'closed') return;
  const failure = timeoutFailure(timeoutType, task.heartbeatDetails, retryable ? null : task.lastFailure);
  const decision = retryable
    ? decideRetry(task, failure, engine.now())
    : { retry: false as const, retryState: 3 };
  if (decision.retry) {
    task.lastFailure = failure;
    return retryLater(engine, task, decision.delayMs);
  }
  closeTimedOut(engine, task, failure, decision.retryState);
}

function closeTimedOut(engine: Engine, task: ActivityTask, failure: Failure, retryState: number): void {
  close(engine, task);
  recordClose(task, '', (startedEventId) =>
    task.run.history.append(
      EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT,
      'activityTaskTimedOutEventAttributes',
      {
        scheduledEventId: task.scheduledEventId,
        startedEventId,
        failure,
        retryState,
      },
    ),
  );
}

/** RequestCancelActivityTask: an activity not yet running is cancelled at once, a running one is told. */
