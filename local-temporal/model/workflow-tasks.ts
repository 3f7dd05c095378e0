import { CommandType, duration, EventType, long, temporal, timestamp } from '../proto';
import { applyCommands, closeCommands, supportedCommands } from './commands';
import type { Engine } from './engine';
import { notFound, ServiceError } from './errors';
import { isRejection, requestMessage } from './protocol-messages';
import type { Run } from './run';

type PollResponse = temporal.api.workflowservice.v1.IPollWorkflowTaskQueueResponse;
type Completion = temporal.api.workflowservice.v1.IRespondWorkflowTaskCompletedRequest;
type Failed = temporal.api.workflowservice.v1.IRespondWorkflowTaskFailedRequest;
const Cause = temporal.api.enums.v1.WorkflowTaskFailedCause;

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
      startToCloseTimeout: duration(run.id.taskTimeoutMs),
      attempt: 1,
    },
  );
  run.taskStartedEventId = run.history.append(
    EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
    'workflowTaskStartedEventAttributes',
    {
      scheduledEventId,
      identity,
      requestId: engine.newRunId(),
    },
  );
  run.task = 'started';
  run.taskSpeculativeFrom = onlyUpdates && run.lastCompletedStartedEventId > 0 ? lengthBefore : undefined;
  if (run.taskSpeculativeFrom === undefined) run.history.notify();
  for (const u of undelivered) u.delivered = true;
  const now = timestamp(engine.now());
  return {
    taskToken: taskToken(run),
    workflowExecution: run.execution,
    workflowType: { name: run.id.workflowType },
    previousStartedEventId: long(run.lastCompletedStartedEventId),
    startedEventId: long(run.taskStartedEventId),
    attempt: 1,
    history: { events: run.history.events },
    workflowExecutionTaskQueue: { name: run.id.taskQueue, kind: 1 },
    scheduledTime: now,
    startedTime: now,
    messages: undelivered.map((u) => requestMessage(run, u.id, u.request)),
  };
}

export function taskToken(run: Run): Buffer {
  return Buffer.from(JSON.stringify({ kind: 'workflow', runId: run.id.runId, token: run.taskToken }));
}

export function runForTask(engine: Engine, token: Uint8Array | null | undefined): Run {
  const parsed = JSON.parse(Buffer.from(token ?? []).toString() || '{}') as {
    runId?: string;
    token?: number;
  };
  const run = engine.runById(parsed.runId ?? '');
  if (!run?.isOpen || run.task !== 'started' || run.taskToken !== parsed.token)
    throw notFound('Workflow task not found.');
  return run;
}

/** RespondWorkflowTaskCompleted, with the unhandled-command rule and speculative update tasks. */
export function completeTask(engine: Engine, run: Run, r: Completion): { resetHistoryEventId?: number } {
  const commands = r.commands ?? [];
  const messages = r.messages ?? [];
  const identity = r.identity ?? '';
  const unsupported = commands.find((c) => !supportedCommands.has(c.commandType ?? 0));
  if (unsupported) {
    const name = CommandType[unsupported.commandType ?? 0] ?? String(unsupported.commandType);
    failTask(engine, run, {
      cause: Cause.WORKFLOW_TASK_FAILED_CAUSE_UNSPECIFIED,
      identity,
      failure: { message: `local-temporal does not implement ${name}` },
    });
    throw new ServiceError('UNIMPLEMENTED', `local-temporal does not implement command ${name}`);
  }
  const closes = commands.some((c) => closeCommands.has(c.commandType ?? 0));
  if (closes && (run.hasBufferedEvents || run.updates.undelivered().length > 0)) {
    failTask(engine, run, { cause: Cause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND, identity }, false);
    throw new ServiceError('INVALID_ARGUMENT', 'UnhandledCommand');
  }
  const onlyRejections =
    commands.every((c) => c.commandType === CommandType.COMMAND_TYPE_PROTOCOL_MESSAGE) &&
    messages.every(isRejection);
  if (run.taskSpeculativeFrom !== undefined && onlyRejections && !run.hasBufferedEvents) {
    for (const m of messages) applyCommands(engine, run, [], [m], 0);
    run.history.truncate(run.taskSpeculativeFrom);
    finish(engine, run, false);
    return { resetHistoryEventId: run.lastCompletedStartedEventId };
  }
  const completedEventId = run.history.append(
    EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
    'workflowTaskCompletedEventAttributes',
    {
      scheduledEventId: run.taskStartedEventId - 1,
      startedEventId: run.taskStartedEventId,
      identity,
      sdkMetadata: r.sdkMetadata,
      meteringMetadata: r.meteringMetadata,
    },
  );
  run.lastCompletedStartedEventId = run.taskStartedEventId;
  const deferred = applyCommands(engine, run, commands, messages, completedEventId);
  run.historyLengthAtLastCompletion = run.history.length;
  finish(engine, run, r.forceCreateNewWorkflowTask ?? false);
  for (const action of deferred) action();
  return {};
}

/** RespondWorkflowTaskFailed: recorded and shown loudly; the task is not retried until a new event comes. */
export function failTask(engine: Engine, run: Run, r: Failed, record = true): void {
  run.history.append(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED, 'workflowTaskFailedEventAttributes', {
    scheduledEventId: run.taskStartedEventId - 1,
    startedEventId: run.taskStartedEventId,
    cause: r.cause,
    failure: r.failure,
    identity: r.identity,
  });
  if (record) {
    engine.failures.record({
      workflowId: run.id.workflowId,
      runId: run.id.runId,
      workflowType: run.id.workflowType,
      cause: Cause[r.cause ?? 0] ?? String(r.cause),
      message: r.failure?.message ?? '',
      stackTrace: r.failure?.stackTrace ?? '',
      atMs: engine.now(),
    });
    run.taskFailedAwaitingEvent = true;
  }
  run.historyLengthAtLastCompletion = run.history.length;
  run.updates.redeliverUnanswered();
  finish(engine, run, !record);
}

function finish(engine: Engine, run: Run, forceNewTask: boolean): void {
  run.taskSpeculativeFrom = undefined;
  if (run.task !== 'none') engine.taskDone(run);
  const newEvents = run.flushBuffered();
  run.history.notify();
  if (!run.isOpen) return;
  if (newEvents || forceNewTask || (run.updates.undelivered().length > 0 && !run.taskFailedAwaitingEvent)) {
    engine.requestTask(run);
  }
  if (run.task === 'none')
    for (const query of run.queries.splice(0))
      engine.workflowQueue(run.id.taskQueue).push({ kind: 'query', run, query });
}
