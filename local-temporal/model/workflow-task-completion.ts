import { CommandType, EventType, temporal } from '../proto';
import { applyCommands, closeCommands, isSupportedCommand } from './commands';
import type { Engine } from './engine';
import { ServiceError } from './errors';
import { isRejection } from './protocol-messages';
import { dispatchQueries } from './queries';
import type { Run } from './run';

type Completion = temporal.api.workflowservice.v1.IRespondWorkflowTaskCompletedRequest;
type Failed = temporal.api.workflowservice.v1.IRespondWorkflowTaskFailedRequest;
const Cause = temporal.api.enums.v1.WorkflowTaskFailedCause;

/** RespondWorkflowTaskCompleted, with the unhandled-command rule and speculative update tasks. */
export function completeTask(engine: Engine, run: Run, r: Completion): { resetHistoryEventId?: number } {
  const commands = r.commands ?? [];
  const messages = r.messages ?? [];
  const identity = r.identity ?? '';
  const unsupported = commands.find((c) => !isSupportedCommand(c.commandType ?? 0));
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
    run.updates.rejectUnprocessed();
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
  run.taskAttempt = 1;
  const deferred = applyCommands(engine, run, commands, messages, completedEventId);
  // As the server: not on a heartbeat task (it carries no updates), nor once the run closed (they are aborted).
  if (run.isOpen && !r.forceCreateNewWorkflowTask) run.updates.rejectUnprocessed();
  run.historyLengthAtLastCompletion = run.history.length;
  finish(engine, run, r.forceCreateNewWorkflowTask ?? false);
  for (const action of deferred) action();
  return {};
}

/**
 * RespondWorkflowTaskFailed: recorded and shown loudly, and retried at once with the next attempt, as the
 * server does (Core reports only a first attempt's failure; later ones time out, see taskTimeoutMs).
 */
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
    run.taskAttempt++;
  }
  run.historyLengthAtLastCompletion = run.history.length;
  run.updates.redeliverUnanswered();
  finish(engine, run, true);
}

/** The worker took the task and never answered (it died, or hung): record it and schedule the task again. */
export function timeOutTask(engine: Engine, run: Run): void {
  run.history.append(EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT, 'workflowTaskTimedOutEventAttributes', {
    scheduledEventId: run.taskStartedEventId - 1,
    startedEventId: run.taskStartedEventId,
    timeoutType: temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE,
  });
  engine.failures.record({
    workflowId: run.id.workflowId,
    runId: run.id.runId,
    workflowType: run.id.workflowType,
    cause: 'WORKFLOW_TASK_TIMED_OUT',
    message: `no answer within the workflow task timeout (${run.id.taskTimeoutMs} ms)`,
    stackTrace: '',
    atMs: engine.now(),
  });
  run.taskAttempt++;
  run.historyLengthAtLastCompletion = run.history.length;
  run.updates.redeliverUnanswered();
  finish(engine, run, true);
}

function finish(engine: Engine, run: Run, forceNewTask: boolean): void {
  run.taskTimeout?.cancel();
  run.taskTimeout = undefined;
  run.taskSpeculativeFrom = undefined;
  if (run.task !== 'none') engine.taskDone(run);
  const newEvents = run.flushBuffered();
  run.history.notify();
  if (!run.isOpen) return;
  if (newEvents || forceNewTask || run.updates.undelivered().length > 0) {
    engine.requestTask(run);
  }
  dispatchQueries(engine, run);
}
