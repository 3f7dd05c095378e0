import { long, temporal, timestamp } from '../proto';
import { heartbeat, startAttempt } from '../model/activity-attempts';
import { cancelActivity, completeActivity, failActivity } from '../model/activity-results';
import type { ActivityTask } from '../model/activity-task';
import type { Engine } from '../model/engine';
import { ACTIVITY_TASK_NOT_FOUND, alreadyCompleted, notFound, ServiceError } from '../model/errors';
import { completeTask, failTask } from '../model/workflow-task-completion';
import { runForTask, startTask } from '../model/workflow-task-start';
import { type CallContext, LONG_POLL_MS } from './context';

type WS = typeof temporal.api.workflowservice.v1;
type Req<K extends keyof WS> = WS[K] extends { prototype: infer T } ? T : never;
const STICKY = temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_STICKY;

export async function pollWorkflowTask(
  engine: Engine,
  r: Req<'PollWorkflowTaskQueueRequest'>,
  context: CallContext,
) {
  if (r.taskQueue?.kind === STICKY) {
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, LONG_POLL_MS);
      context.signal.addEventListener('abort', () => resolve(clearTimeout(timer)));
    });
    return {};
  }
  const queue = engine.workflowQueue(r.taskQueue?.name ?? '');
  const deadline = Date.now() + LONG_POLL_MS;
  while (!context.signal.aborted && Date.now() < deadline) {
    const item = await queue.poll(deadline - Date.now(), context.signal);
    if (!item) break;
    const { run } = item;
    if (item.kind === 'task') {
      if (run.isOpen && run.task === 'scheduled' && run.taskToken === item.token)
        return startTask(engine, run, r.identity);
      continue;
    }
    const token = Buffer.from(JSON.stringify({ kind: 'query', runId: run.id.runId, queryId: item.query.id }));
    engine.queryTasks.set(item.query.id, item.query);
    return {
      taskToken: token,
      workflowExecution: run.execution,
      workflowType: { name: run.id.workflowType },
      previousStartedEventId: long(run.lastCompletedStartedEventId),
      startedEventId: long(run.lastCompletedStartedEventId),
      attempt: 1,
      history: { events: run.history.events },
      workflowExecutionTaskQueue: { name: run.id.taskQueue, kind: 1 },
      query: item.query.query,
      scheduledTime: timestamp(engine.now()),
      startedTime: timestamp(engine.now()),
    };
  }
  return {};
}

export function respondQueryTask(engine: Engine, r: Req<'RespondQueryTaskCompletedRequest'>) {
  const { queryId } = JSON.parse(Buffer.from(r.taskToken).toString()) as { queryId: string };
  const query = engine.queryTasks.get(queryId);
  if (!query) throw notFound('query not found');
  engine.queryTasks.delete(queryId);
  query.answer(
    r.completedType === temporal.api.enums.v1.QueryResultType.QUERY_RESULT_TYPE_ANSWERED
      ? { ok: true, value: r.queryResult ?? null }
      : { ok: false, error: new ServiceError('INVALID_ARGUMENT', r.errorMessage) },
  );
  return {};
}

export function respondWorkflowTaskCompleted(engine: Engine, r: Req<'RespondWorkflowTaskCompletedRequest'>) {
  const { resetHistoryEventId } = completeTask(engine, runForTask(engine, r.taskToken), r);
  return resetHistoryEventId ? { resetHistoryEventId: long(resetHistoryEventId) } : {};
}

export function respondWorkflowTaskFailed(engine: Engine, r: Req<'RespondWorkflowTaskFailedRequest'>) {
  failTask(engine, runForTask(engine, r.taskToken), r);
  return {};
}

export async function pollActivityTask(
  engine: Engine,
  r: Req<'PollActivityTaskQueueRequest'>,
  context: CallContext,
) {
  const task = await engine.activityQueue(r.taskQueue?.name ?? '').poll(LONG_POLL_MS, context.signal);
  if (!task) return {};
  startAttempt(engine, task);
  const a = task.attributes;
  const run = task.run;
  return {
    taskToken: Buffer.from(
      JSON.stringify({ runId: run.id.runId, scheduledEventId: task.scheduledEventId, attempt: task.attempt }),
    ),
    workflowNamespace: run.id.namespace,
    workflowType: { name: run.id.workflowType },
    workflowExecution: run.execution,
    activityType: a.activityType,
    activityId: a.activityId,
    header: a.header,
    input: a.input,
    heartbeatDetails: task.heartbeatDetails,
    scheduledTime: timestamp(task.scheduledTimeMs),
    currentAttemptScheduledTime: timestamp(task.attemptScheduledTimeMs),
    startedTime: timestamp(task.startedTimeMs),
    attempt: task.attempt,
    scheduleToCloseTimeout: a.scheduleToCloseTimeout,
    startToCloseTimeout: a.startToCloseTimeout,
    heartbeatTimeout: a.heartbeatTimeout,
    retryPolicy: a.retryPolicy,
    priority: a.priority,
  };
}

/**
 * The started attempt the token names, checked as the server checks it (respondactivitytaskcompleted,
 * IsActivityTaskNotFoundForToken): the run open, the activity pending and started, the same attempt. An
 * attempt number is never handed out twice, a restart included (see endLostAttempt).
 */
function activityFor(engine: Engine, token: Uint8Array | null | undefined): ActivityTask {
  const t = JSON.parse(Buffer.from(token ?? []).toString() || '{}') as {
    runId?: string;
    scheduledEventId?: number;
    attempt?: number;
  };
  const run = engine.runById(t.runId ?? '');
  if (run && !run.isOpen) throw alreadyCompleted();
  const task = run?.activities.get(t.scheduledEventId ?? 0);
  if (!task || task.phase !== 'started' || task.attempt !== t.attempt)
    throw notFound(ACTIVITY_TASK_NOT_FOUND);
  return task;
}

// An activity's result that arrives during a workflow task is buffered until the task ends: as a signal, it
// is answered once written, so that an acknowledged result is durable (the server keeps buffered events in
// its mutable state); answered before, a restart would lose it and run the activity again.
export const activityResponses = {
  async RespondActivityTaskCompleted(engine: Engine, r: Req<'RespondActivityTaskCompletedRequest'>) {
    const task = activityFor(engine, r.taskToken);
    completeActivity(engine, task, r.result ?? null, r.identity);
    await task.run.bufferedWritten();
    return {};
  },
  async RespondActivityTaskFailed(engine: Engine, r: Req<'RespondActivityTaskFailedRequest'>) {
    const task = activityFor(engine, r.taskToken);
    if (r.lastHeartbeatDetails) task.heartbeatDetails = r.lastHeartbeatDetails;
    failActivity(engine, task, r.failure ?? { message: 'activity failed' }, r.identity);
    await task.run.bufferedWritten();
    return {};
  },
  async RespondActivityTaskCanceled(engine: Engine, r: Req<'RespondActivityTaskCanceledRequest'>) {
    const task = activityFor(engine, r.taskToken);
    cancelActivity(engine, task, r.details ?? null, r.identity);
    await task.run.bufferedWritten();
    return {};
  },
  RecordActivityTaskHeartbeat(engine: Engine, r: Req<'RecordActivityTaskHeartbeatRequest'>) {
    const task = activityFor(engine, r.taskToken);
    heartbeat(engine, task, r.details ?? null);
    return { cancelRequested: task.cancelRequested };
  },
};
