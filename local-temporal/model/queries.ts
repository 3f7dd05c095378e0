import { temporal, WorkflowStatus } from '../proto';
import type { Engine } from './engine';
import { workflowNotReady } from './errors';
import type { Run } from './run';

const Reject = temporal.api.enums.v1.QueryRejectCondition;

/**
 * Whether a query with this reject condition is refused: only on a closed run, NOT_OPEN always,
 * NOT_COMPLETED_CLEANLY unless it completed (the server's history queryworkflow API).
 */
export function rejectsQuery(run: Run, condition: temporal.api.enums.v1.QueryRejectCondition): boolean {
  if (run.isOpen) return false;
  if (condition === Reject.QUERY_REJECT_CONDITION_NOT_OPEN) return true;
  return (
    condition === Reject.QUERY_REJECT_CONDITION_NOT_COMPLETED_CLEANLY &&
    run.status !== WorkflowStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED
  );
}

/** Why a query cannot be answered at all, as the server says it, or undefined. */
export function queryRefusal(run: Run): string | undefined {
  if (!run.isOpen && run.lastCompletedStartedEventId === 0)
    return 'Workflow execution closed before WorkflowTaskStarted event';
  // The server fails a query fast while the workflow task keeps failing (from its third attempt).
  if (run.taskAttempt >= 3) return 'Unable to query workflow due to Workflow Task in failed state.';
  return undefined;
}

/**
 * Sends the run's waiting queries to its task queue as query tasks (a worker replays the history to answer)
 * once that is consistent: no workflow task is scheduled or started, or the run is closed.
 */
export function dispatchQueries(engine: Engine, run: Run): void {
  if (run.isOpen && run.task !== 'none') return;
  const refusal = queryRefusal(run);
  for (const query of run.queries.splice(0)) {
    if (refusal) query.answer({ ok: false, error: workflowNotReady(refusal) });
    else engine.workflowQueue(run.id.taskQueue).push({ kind: 'query', run, query });
  }
}
