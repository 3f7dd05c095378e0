import type { ActivityTask } from '../model/activity-task';
import type { Engine } from '../model/engine';
import type { Run } from '../model/run';
import { long, temporal } from '../proto';

const ActivityState = temporal.api.enums.v1.PendingActivityState;
const TaskState = temporal.api.enums.v1.PendingWorkflowTaskState;
type Request = temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;

function activityState(a: ActivityTask): temporal.api.enums.v1.PendingActivityState {
  if (a.cancelRequested) return ActivityState.PENDING_ACTIVITY_STATE_CANCEL_REQUESTED;
  return a.phase === 'started'
    ? ActivityState.PENDING_ACTIVITY_STATE_STARTED
    : ActivityState.PENDING_ACTIVITY_STATE_SCHEDULED;
}

function pendingWorkflowTask(run: Run) {
  if (run.task === 'none') return null;
  const state =
    run.task === 'started'
      ? TaskState.PENDING_WORKFLOW_TASK_STATE_STARTED
      : TaskState.PENDING_WORKFLOW_TASK_STATE_SCHEDULED;
  return { state, attempt: run.taskAttempt };
}

/** DescribeWorkflowExecution: configuration, status, and what the run is waiting for. */
export function describeWorkflow(engine: Engine, r: Request) {
  const run = engine.findRun(r.namespace, r.execution);
  const s = run.started;
  const startTime = run.history.events[0]?.eventTime;
  return {
    executionConfig: {
      taskQueue: { name: run.id.taskQueue, kind: 1 },
      workflowExecutionTimeout: s.workflowExecutionTimeout,
      workflowRunTimeout: s.workflowRunTimeout,
      defaultWorkflowTaskTimeout: s.workflowTaskTimeout,
    },
    workflowExecutionInfo: {
      execution: run.execution,
      type: { name: run.id.workflowType },
      startTime,
      executionTime: startTime,
      closeTime: run.closeEvent?.eventTime,
      status: run.status,
      historyLength: long(run.history.length),
      parentExecution: s.parentWorkflowExecution,
      rootExecution: s.rootWorkflowExecution ?? run.execution,
      memo: s.memo,
      searchAttributes: s.searchAttributes,
      taskQueue: run.id.taskQueue,
      firstRunId: s.firstExecutionRunId,
    },
    pendingActivities: [...run.activities.values()].map((a) => ({
      activityId: a.attributes.activityId,
      activityType: a.attributes.activityType,
      state: activityState(a),
      attempt: a.attempt,
      heartbeatDetails: a.heartbeatDetails,
      lastFailure: a.lastFailure,
    })),
    pendingChildren: [...run.children.values()].map((c) => ({
      workflowId: c.workflowId,
      runId: c.runId,
      parentClosePolicy: c.parentClosePolicy,
    })),
    pendingWorkflowTask: pendingWorkflowTask(run),
  };
}
