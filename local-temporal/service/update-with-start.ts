import type { Engine } from '../model/engine';
import {
  ABORTED_BY_CLOSING_WORKFLOW,
  anyOf,
  grpcStatusCode,
  ServiceError,
  type StatusDetail,
} from '../model/errors';
import type { Run } from '../model/run';
import { type StartOutcome, startWorkflow } from '../model/start';
import { startParams } from '../model/start-request';
import { UpdateStage } from '../model/updates';
import { durationMs, temporal, WorkflowStatus } from '../proto';
import type { CallContext } from './context';
import { admitUpdate } from './messages';

type MultiOperationRequest = temporal.api.workflowservice.v1.ExecuteMultiOperationRequest;
type StartRequest = temporal.api.workflowservice.v1.IStartWorkflowExecutionRequest;
type UpdateRequest = temporal.api.workflowservice.v1.IUpdateWorkflowExecutionRequest;
type UpdateResponse = temporal.api.workflowservice.v1.IUpdateWorkflowExecutionResponse;

const USE_EXISTING = temporal.api.enums.v1.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING;

/**
 * ExecuteMultiOperation, which serves only Update-with-Start: [StartWorkflow, UpdateWorkflow]. An open run
 * takes the update when the start is a retry of its own, the update is already known, or the conflict policy
 * is USE_EXISTING; otherwise the workflow is started (id policies apply) with the update admitted before its
 * first task. As on the server, a started workflow stays started even if the update is then rejected, and
 * when a run it joined closes before accepting the update, the whole operation is tried once more (the start
 * may now create a run); if that happens again the update answers ABORTED, which the client retries.
 */
export async function executeMultiOperation(engine: Engine, r: MultiOperationRequest, context: CallContext) {
  const [first, second] = r.operations ?? [];
  const start = first?.startWorkflow;
  const update = second?.updateWorkflow;
  if (r.operations?.length !== 2 || !start || !update) {
    throw new ServiceError('INVALID_ARGUMENT', 'Operations have to be exactly [Start, Update].');
  }
  const startInvalid = invalidStart(start);
  const updateInvalid = invalidUpdate(update, start.workflowId ?? '');
  if (startInvalid || updateInvalid) throw multiOperationError(startInvalid, updateInvalid);
  for (let attempt = 1; ; attempt++) {
    try {
      return await updateWithStart(engine, r.namespace, start, update, context);
    } catch (error) {
      if (!(error instanceof JoinedRunClosed)) throw error;
      if (attempt === 2) throw multiOperationError(undefined, new ServiceError('ABORTED', error.message));
    }
  }
}

/** The update was aborted because the run it joined (not one this call started) closed before accepting it. */
class JoinedRunClosed extends Error {}

async function updateWithStart(
  engine: Engine,
  namespace: string,
  start: StartRequest,
  update: UpdateRequest,
  context: CallContext,
) {
  const existing = engine.latestRun(namespace, start.workflowId ?? '');
  const updateId = update.request?.meta?.updateId ?? '';
  const known = existing?.updates.get(updateId);
  if (existing && known?.stage === UpdateStage.completed) {
    return response(existing, false, await attach(engine, existing, update, context, false));
  }
  const joins =
    existing?.isOpen &&
    (start.requestId === existing.id.requestId || known || start.workflowIdConflictPolicy === USE_EXISTING);
  if (existing && joins)
    return response(existing, false, await attach(engine, existing, update, context, false));

  let started: { run: Run; outcome: StartOutcome };
  try {
    started = startWorkflow(engine, startParams(namespace, start));
  } catch (error) {
    if (error instanceof ServiceError) throw multiOperationError(error, undefined);
    throw error;
  }
  // Not new only when the start repeats the request id of a closed run; the update then finds it closed.
  const isNew = started.outcome === 'new';
  return response(started.run, isNew, await attach(engine, started.run, update, context, isNew));
}

function invalidStart(start: StartRequest): ServiceError | undefined {
  if (start.cronSchedule) return invalid('CronSchedule is not allowed.');
  if (start.requestEagerExecution) return invalid('RequestEagerExecution is not supported.');
  if (durationMs(start.workflowStartDelay) > 0) return invalid('WorkflowStartDelay is not supported.');
  return undefined;
}

function invalidUpdate(update: UpdateRequest, workflowId: string): ServiceError | undefined {
  if (update.workflowExecution?.workflowId !== workflowId) {
    return invalid('WorkflowId is not consistent with previous operation(s).');
  }
  if (update.firstExecutionRunId) return invalid('FirstExecutionRunId is not allowed.');
  if (update.workflowExecution?.runId) return invalid('RunId is not allowed.');
  return undefined;
}

function invalid(message: string): ServiceError {
  return new ServiceError('INVALID_ARGUMENT', message);
}

async function attach(
  engine: Engine,
  run: Run,
  update: UpdateRequest,
  context: CallContext,
  started: boolean,
): Promise<UpdateResponse> {
  try {
    return await admitUpdate(engine, run, update, context);
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    if (!started && error.message === ABORTED_BY_CLOSING_WORKFLOW) throw new JoinedRunClosed(error.message);
    throw started ? multiOperationError('ok', error) : multiOperationError(undefined, error);
  }
}

function response(run: Run, started: boolean, updateWorkflow: UpdateResponse) {
  const status = run.isOpen ? WorkflowStatus.WORKFLOW_EXECUTION_STATUS_RUNNING : run.status;
  return {
    responses: [{ startWorkflow: { runId: run.id.runId, started, status } }, { updateWorkflow }],
  };
}

/**
 * The server's MultiOperationExecution error: one status per operation, the failed one as it would fail
 * alone, the other ABORTED (or OK when it succeeded); the call's own code is the first failure's.
 */
function multiOperationError(
  start: ServiceError | 'ok' | undefined,
  update: ServiceError | undefined,
): ServiceError {
  const statuses = [start, update].map(operationStatus);
  const failed = [start, update].find((e): e is ServiceError => e instanceof ServiceError);
  const failure = temporal.api.errordetails.v1.MultiOperationExecutionFailure;
  return new ServiceError(failed?.code ?? 'ABORTED', 'Update-with-Start could not be executed.', [
    anyOf(failure, 'temporal.api.errordetails.v1.MultiOperationExecutionFailure', { statuses }),
  ]);
}

function operationStatus(error: ServiceError | 'ok' | undefined) {
  if (error === 'ok') return { code: 0 };
  if (error) return { code: grpcStatusCode[error.code], message: error.message, details: error.details };
  const aborted: StatusDetail = anyOf(
    temporal.api.failure.v1.MultiOperationExecutionAborted,
    'temporal.api.failure.v1.MultiOperationExecutionAborted',
    {},
  );
  return { code: grpcStatusCode.ABORTED, message: 'Operation was aborted.', details: [aborted] };
}
