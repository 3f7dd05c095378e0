import { duration, EventType, long, type temporal, timestamp } from '../proto';
import type { Engine } from './engine';
import { notFound } from './errors';
import { requestMessage } from './protocol-messages';
import { timeOutTask } from './workflow-task-completion';
import type { Run } from './run';

type PollResponse = temporal.api.workflowservice.v1.IPollWorkflowTaskQueueResponse;

/** A poller took the run's scheduled task: record it as started and hand out the full history. */
export function startTask(engine: Engine, run: Run, identity: string): PollResponse {
  const undelivered = run.updates.undelivered();
  const onlyUpdates = run.history.length === run.historyLengthAtLastCompletion && undelivered.length > 0;
  const lengthBefore = run.history.length;
  const scheduledEventId = run.history.append(
    EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
    'workflowTaskScheduledEventAttributes',
    {
      taskQueue: { name: run.id.taskQueue, kind: 1 },
      startToCloseTimeout: duration(taskTimeoutMs(run)),
      attempt: run.taskAttempt,
    },
  );
  run.taskStartedEventId = run.history.append(
    EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
    'workflowTaskStartedEventAttributes',
    {
      scheduledEventId,
      identity,
      requestId: engine.newRunId(),
      // As the server: once history, this event included, reaches the limit (history size is not counted).
      suggestContinueAsNew: run.history.length + 1 >= engine.suggestContinueAsNewAfterEvents,
    },
  );
  run.task = 'started';
  const token = run.taskToken;
  run.taskTimeout = engine.clock.after(taskTimeoutMs(run), () => {
    if (run.isOpen && run.task === 'started' && run.taskToken === token) timeOutTask(engine, run);
  });
  run.taskSpeculativeFrom = onlyUpdates && run.lastCompletedStartedEventId > 0 ? lengthBefore : undefined;
  if (run.taskSpeculativeFrom === undefined) run.history.notify();
  for (const u of undelivered) u.delivered = true;
  return taskResponse(
    engine,
    run,
    undelivered.map((u) => requestMessage(run, u.id, u.request)),
  );
}

/**
 * The run's first workflow task while it is started and unanswered at its first attempt: the server sends
 * it again to a retried eager start (the same request id), since the caller may never have received it.
 */
export function outstandingFirstTask(engine: Engine, run: Run): PollResponse | null {
  const outstanding =
    run.isOpen && run.task === 'started' && run.taskStartedEventId === 3 && run.taskAttempt === 1;
  return outstanding ? taskResponse(engine, run, []) : null;
}

function taskResponse(engine: Engine, run: Run, messages: temporal.api.protocol.v1.IMessage[]): PollResponse {
  const now = timestamp(engine.now());
  return {
    taskToken: taskToken(run),
    workflowExecution: run.execution,
    workflowType: { name: run.id.workflowType },
    previousStartedEventId: long(run.lastCompletedStartedEventId),
    startedEventId: long(run.taskStartedEventId),
    attempt: run.taskAttempt,
    history: { events: run.history.events },
    workflowExecutionTaskQueue: { name: run.id.taskQueue, kind: 1 },
    scheduledTime: now,
    startedTime: now,
    messages,
  };
}

/**
 * The server slows down a task that keeps failing: from the fourth attempt its start-to-close timeout grows
 * by 5 s, doubling each attempt, up to 10 minutes (workflowTaskRetryMaxInterval).
 */
export function taskTimeoutMs(run: Run): number {
  const retries = run.taskAttempt - 3;
  return run.id.taskTimeoutMs + (retries > 0 ? Math.min(5_000 * 2 ** (retries - 1), 600_000) : 0);
}

/**
 * Names the task as the server's token does: by its started event and attempt, which no later task of the run
 * shares, even after a restart (the task counter starts again; a task out then timed out on recovery).
 */
export function taskToken(run: Run): Buffer {
  return Buffer.from(
    JSON.stringify({
      kind: 'workflow',
      runId: run.id.runId,
      token: run.taskToken,
      startedEventId: run.taskStartedEventId,
      attempt: run.taskAttempt,
    }),
  );
}

/** The run whose started task the token names; a token of any other task (an earlier one) is NOT_FOUND. */
export function runForTask(engine: Engine, token: Uint8Array | null | undefined): Run {
  const parsed = JSON.parse(Buffer.from(token ?? []).toString() || '{}') as {
    runId?: string;
    token?: number;
    startedEventId?: number;
    attempt?: number;
  };
  const run = engine.runById(parsed.runId ?? '');
  const current =
    run?.isOpen &&
    run.task === 'started' &&
    run.taskToken === parsed.token &&
    run.taskStartedEventId === parsed.startedEventId &&
    run.taskAttempt === parsed.attempt;
  if (!current) throw notFound('Workflow task not found.');
  return run;
}
