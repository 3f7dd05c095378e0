import {
  durationMs,
  EventType as E,
  type HistoryEvent,
  long,
  num,
  type temporal,
  timestampMs,
  WorkflowStatus as S,
} from '../proto';
import { scheduleActivity } from '../model/activity-attempts';
import { requestCancelActivity } from '../model/activity-results';
import { notifyParent, startChild } from '../model/children';
import type { Engine } from '../model/engine';
import { cancelExternal, signalExternal } from '../model/external';
import type { Run } from '../model/run';
import { armTimer } from '../model/run-commands';
import { armRunTimeout } from '../model/start';

export interface StoredRun {
  namespace: string;
  runId: string;
  requestId: string;
  events: HistoryEvent[];
  /** The last attempt of each activity a worker was given (by scheduled event id), of those still pending. */
  attempts?: Map<number, number>;
}

const closeStatus = new Map<number, temporal.api.enums.v1.WorkflowExecutionStatus>([
  [E.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, S.WORKFLOW_EXECUTION_STATUS_COMPLETED],
  [E.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED, S.WORKFLOW_EXECUTION_STATUS_FAILED],
  [E.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED, S.WORKFLOW_EXECUTION_STATUS_CANCELED],
  [E.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED, S.WORKFLOW_EXECUTION_STATUS_TERMINATED],
  [E.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT, S.WORKFLOW_EXECUTION_STATUS_TIMED_OUT],
  [E.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW, S.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW],
]);

/** Events that come from outside the run's own commands: each asks for a workflow task. */
const triggers = new Set<number>([
  E.EVENT_TYPE_TIMER_FIRED,
  E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
  E.EVENT_TYPE_ACTIVITY_TASK_FAILED,
  E.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT,
  E.EVENT_TYPE_ACTIVITY_TASK_CANCELED,
  E.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
  E.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED,
  E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED,
  E.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED,
  E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED,
  E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED,
  E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED,
  E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT,
  E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED,
  E.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED,
  E.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED,
  E.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED,
  E.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED,
]);

const childResults = new Set<number>([
  E.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED,
  E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED,
  E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED,
  E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED,
  E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT,
  E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED,
]);

/** What a run's history says is still pending: the server's mutable state, derived from its events. */
interface Pending {
  timers: Map<string, { startedEventId: number; atMs: number }>;
  activities: Map<
    number,
    {
      attributes: temporal.api.history.v1.IActivityTaskScheduledEventAttributes;
      scheduledTimeMs: number;
      cancelRequestedEventId: number;
      lostAttempt?: number;
    }
  >;
  children: Map<number, temporal.api.history.v1.IStartChildWorkflowExecutionInitiatedEventAttributes>;
  childrenStarted: Set<number>;
  signals: Map<number, temporal.api.history.v1.ISignalExternalWorkflowExecutionInitiatedEventAttributes>;
  cancels: Map<
    number,
    temporal.api.history.v1.IRequestCancelExternalWorkflowExecutionInitiatedEventAttributes
  >;
  accepted: Map<string, { request: temporal.api.update.v1.IRequest; eventId: number }>;
  completed: Map<string, temporal.api.update.v1.IOutcome>;
  task: { phase: 'none' | 'started' | 'completed' | 'failed'; attempt: number; startedEventId: number };
  lastCompletedStartedEventId: number;
  triggered: boolean;
  cancelRequested: boolean;
}

function pendingOf(events: HistoryEvent[]): Pending {
  const p: Pending = {
    timers: new Map(),
    activities: new Map(),
    children: new Map(),
    childrenStarted: new Set(),
    signals: new Map(),
    cancels: new Map(),
    accepted: new Map(),
    completed: new Map(),
    task: { phase: 'none', attempt: 1, startedEventId: 0 },
    lastCompletedStartedEventId: 0,
    triggered: true,
    cancelRequested: false,
  };
  for (const e of events) {
    const id = num(e.eventId);
    const type = e.eventType ?? 0;
    if (triggers.has(type)) p.triggered = true;
    switch (type) {
      case E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED:
        p.task = {
          phase: 'none',
          attempt: e.workflowTaskScheduledEventAttributes?.attempt || 1,
          startedEventId: 0,
        };
        break;
      case E.EVENT_TYPE_WORKFLOW_TASK_STARTED:
        p.task = { ...p.task, phase: 'started', startedEventId: id };
        p.triggered = false;
        break;
      case E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
        p.task = { ...p.task, phase: 'completed' };
        p.lastCompletedStartedEventId = p.task.startedEventId;
        break;
      case E.EVENT_TYPE_WORKFLOW_TASK_FAILED:
      case E.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT:
        p.task = { ...p.task, phase: 'failed' };
        break;
      case E.EVENT_TYPE_TIMER_STARTED: {
        const a = e.timerStartedEventAttributes;
        p.timers.set(a?.timerId ?? '', {
          startedEventId: id,
          atMs: timestampMs(e.eventTime) + durationMs(a?.startToFireTimeout),
        });
        break;
      }
      case E.EVENT_TYPE_TIMER_FIRED:
        p.timers.delete(e.timerFiredEventAttributes?.timerId ?? '');
        break;
      case E.EVENT_TYPE_TIMER_CANCELED:
        p.timers.delete(e.timerCanceledEventAttributes?.timerId ?? '');
        break;
      case E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
        p.activities.set(id, {
          attributes: e.activityTaskScheduledEventAttributes ?? {},
          scheduledTimeMs: timestampMs(e.eventTime),
          cancelRequestedEventId: 0,
        });
        break;
      case E.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED: {
        const activity = p.activities.get(
          num(e.activityTaskCancelRequestedEventAttributes?.scheduledEventId),
        );
        if (activity) activity.cancelRequestedEventId = id;
        break;
      }
      case E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
      case E.EVENT_TYPE_ACTIVITY_TASK_FAILED:
      case E.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT:
      case E.EVENT_TYPE_ACTIVITY_TASK_CANCELED: {
        const a =
          e.activityTaskCompletedEventAttributes ??
          e.activityTaskFailedEventAttributes ??
          e.activityTaskTimedOutEventAttributes ??
          e.activityTaskCanceledEventAttributes;
        p.activities.delete(num(a?.scheduledEventId));
        break;
      }
      case E.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED:
        p.children.set(id, e.startChildWorkflowExecutionInitiatedEventAttributes ?? {});
        break;
      case E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED:
        p.childrenStarted.add(num(e.childWorkflowExecutionStartedEventAttributes?.initiatedEventId));
        break;
      case E.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED:
        p.signals.set(id, e.signalExternalWorkflowExecutionInitiatedEventAttributes ?? {});
        break;
      case E.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED:
        p.signals.delete(num(e.externalWorkflowExecutionSignaledEventAttributes?.initiatedEventId));
        break;
      case E.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED:
        p.signals.delete(num(e.signalExternalWorkflowExecutionFailedEventAttributes?.initiatedEventId));
        break;
      case E.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED:
        p.cancels.set(id, e.requestCancelExternalWorkflowExecutionInitiatedEventAttributes ?? {});
        break;
      case E.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED:
        p.cancels.delete(num(e.externalWorkflowExecutionCancelRequestedEventAttributes?.initiatedEventId));
        break;
      case E.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED:
        p.cancels.delete(
          num(e.requestCancelExternalWorkflowExecutionFailedEventAttributes?.initiatedEventId),
        );
        break;
      case E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED: {
        const a = e.workflowExecutionUpdateAcceptedEventAttributes;
        p.accepted.set(a?.protocolInstanceId ?? '', { request: a?.acceptedRequest ?? {}, eventId: id });
        break;
      }
      case E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED: {
        const a = e.workflowExecutionUpdateCompletedEventAttributes;
        p.completed.set(a?.meta?.updateId ?? '', a?.outcome ?? {});
        break;
      }
      case E.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED:
        p.cancelRequested = true;
        break;
    }
    if (childResults.has(type)) {
      const a =
        e.startChildWorkflowExecutionFailedEventAttributes ??
        e.childWorkflowExecutionCompletedEventAttributes ??
        e.childWorkflowExecutionFailedEventAttributes ??
        e.childWorkflowExecutionCanceledEventAttributes ??
        e.childWorkflowExecutionTimedOutEventAttributes ??
        e.childWorkflowExecutionTerminatedEventAttributes;
      p.children.delete(num(a?.initiatedEventId));
    }
  }
  return p;
}

/**
 * Rebuilds the engine from stored histories, as the server keeps its mutable state beside them: runs in
 * the order they were created, each with its parent, status, updates and pending timers, activities,
 * children and outward signals. Call before the journal is attached; then `resume` with it attached.
 */
export function restoreRuns(engine: Engine, stored: StoredRun[]): Map<Run, Pending> {
  const restored = new Map<Run, Pending>();
  for (const s of stored) {
    const first = s.events[0];
    const started = first?.workflowExecutionStartedEventAttributes;
    if (!first || !started) throw new Error(`run ${s.runId} has no WorkflowExecutionStarted event`);
    const parentRun = started.parentWorkflowExecution?.runId
      ? engine.runById(started.parentWorkflowExecution.runId)
      : undefined;
    const run = engine.createRun(
      {
        namespace: s.namespace,
        workflowId: started.workflowId ?? '',
        runId: s.runId,
        workflowType: started.workflowType?.name ?? '',
        taskQueue: started.taskQueue?.name ?? '',
        requestId: s.requestId,
        taskTimeoutMs: durationMs(started.workflowTaskTimeout) || 10_000,
      },
      started,
      parentRun && { run: parentRun, initiatedEventId: num(started.parentInitiatedEventId) },
      timestampMs(first.eventTime),
    );
    run.history.restore(s.events);
    const last = run.history.last;
    const status = closeStatus.get(last?.eventType ?? 0);
    if (last && status !== undefined) {
      run.closeEvent = last;
      run.status = status;
      run.closeTimeMs = timestampMs(last.eventTime);
    }
    const p = pendingOf(s.events);
    for (const [scheduledEventId, attempt] of s.attempts ?? []) {
      const activity = p.activities.get(scheduledEventId);
      if (activity) activity.lostAttempt = attempt;
    }
    run.lastCompletedStartedEventId = p.lastCompletedStartedEventId;
    run.historyLengthAtLastCompletion = run.history.length;
    run.cancelRequested = p.cancelRequested;
    for (const [id, { request, eventId }] of p.accepted)
      run.updates.restore(id, request, eventId, p.completed.get(id));
    restored.set(run, p);
  }
  for (const [run, p] of restored) {
    if (!run.isOpen) continue;
    for (const initiated of p.childrenStarted) {
      const a = p.children.get(initiated);
      const child = a && engine.latestRun(run.id.namespace, a.workflowId ?? '');
      if (a && child) {
        run.children.set(initiated, {
          workflowId: a.workflowId ?? '',
          runId: child.id.runId,
          parentClosePolicy: a.parentClosePolicy || 1,
        });
      }
    }
  }
  return restored;
}

/**
 * Sets everything pending going again, with the journal attached: timers fire (late ones at once),
 * a workflow task in flight when the process stopped times out, activities are scheduled again (the
 * attempt a worker held ends: see endLostAttempt), a task is scheduled where one was due, and work towards
 * other runs that may not have happened (child starts and results, signals and cancels to other workflows)
 * is done again: at least once, as the server's transfer tasks are.
 */
export function resume(engine: Engine, restored: Map<Run, Pending>): void {
  for (const [run, p] of restored) {
    if (!run.isOpen) continue;
    for (const [timerId, t] of p.timers) armTimer(engine, run, timerId, t.startedEventId, t.atMs);
    armRunTimeout(engine, run);
    if (p.task.phase === 'started') {
      run.history.append(E.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT, 'workflowTaskTimedOutEventAttributes', {
        scheduledEventId: p.task.startedEventId - 1,
        startedEventId: p.task.startedEventId,
        timeoutType: 1,
      });
      run.historyLengthAtLastCompletion = run.history.length;
    }
    if (p.task.phase === 'started' || p.task.phase === 'failed') run.taskAttempt = p.task.attempt + 1;
    // After the task's timeout: an activity may close at once (its lost attempt was its last, or it was
    // cancelled before it started), and no event may come between a task's started event and its end.
    for (const [scheduledEventId, a] of p.activities) {
      scheduleActivity(engine, run, scheduledEventId, a.attributes, a.scheduledTimeMs, a.lostAttempt);
      const task = run.activities.get(scheduledEventId);
      if (task && a.cancelRequestedEventId) requestCancelActivity(engine, task, a.cancelRequestedEventId);
    }
    if (p.task.phase === 'started' || p.task.phase === 'failed' || p.triggered) engine.requestTask(run);
  }
  for (const [run, p] of restored) {
    if (!run.isOpen) continue;
    for (const [initiated, a] of p.children) {
      if (p.childrenStarted.has(initiated)) {
        const link = run.children.get(initiated);
        const child = link && engine.runById(link.runId);
        if (child && !child.isOpen && child.status !== S.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW) {
          notifyParent(child);
        }
        continue;
      }
      const existing = [...restored.keys()].find(
        (r) =>
          r.parent?.run === run &&
          r.parent.initiatedEventId === initiated &&
          !r.started.continuedExecutionRunId,
      );
      if (!existing) {
        startChild(engine, run, initiated, a);
        continue;
      }
      run.children.set(initiated, {
        workflowId: existing.id.workflowId,
        runId: engine.latestRun(run.id.namespace, existing.id.workflowId)?.id.runId ?? existing.id.runId,
        parentClosePolicy: a.parentClosePolicy || 1,
      });
      run.external(() =>
        run.history.append(
          E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED,
          'childWorkflowExecutionStartedEventAttributes',
          {
            namespace: run.id.namespace,
            initiatedEventId: long(initiated),
            workflowExecution: existing.execution,
            workflowType: a.workflowType,
            header: a.header,
          },
        ),
      );
    }
    for (const [initiated, a] of p.signals) signalExternal(engine, run, initiated, a);
    for (const [initiated, a] of p.cancels) cancelExternal(engine, run, initiated, a);
  }
  engine.settled();
}
