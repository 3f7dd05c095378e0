import {
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  WithStartWorkflowOperation,
  isGrpcServiceError,
} from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { Rejection } from '../../domain/core';
import type { DomainConfig } from '../../domain/config';
import { type CommandInput, type SentCommand, orderWorkflowId } from '../../workflows/messages';
import type { orderWorkflow } from '../../workflows/order';
import type { Temporal } from '../env';
import { ProblemError, problems } from '../problem';

const STATUS: Record<Rejection['kind'], 404 | 409 | 422> = {
  NOT_FOUND: 404,
  STATE_CONFLICT: 409,
  RULE_VIOLATION: 422,
};

/** A domain rejection, carried back through Temporal as the failure's type and details, as a problem. */
function rejectionProblem(failure: ApplicationFailure): ProblemError {
  const rejection = failure.details?.[0] as Rejection | undefined;
  const status = rejection ? STATUS[rejection.kind] : 409;
  const errors = rejection?.field ? [{ pointer: `/body${rejection.field}`, detail: failure.message }] : [];
  return new ProblemError(status, failure.type ?? 'rejected', 'Refused', failure.message, errors);
}

const UNAVAILABLE = new Set<number>([
  GrpcStatus.UNAVAILABLE,
  GrpcStatus.DEADLINE_EXCEEDED,
  GrpcStatus.RESOURCE_EXHAUSTED,
  GrpcStatus.CANCELLED,
]);

/** The engine did not answer in time: the command may have been applied, so a resend must carry the same key. */
const engineUnavailable = () =>
  problems.unavailable(
    'The workflow engine is not answering; the command may have been applied. Resend it shortly with the same Idempotency-Key: it is then applied at most once.',
  );

/** The failure type the server gives an update still open when its workflow completes. */
const UPDATE_OUTLIVED_WORKFLOW = 'AcceptedUpdateCompletedWorkflow';

const closed = () =>
  new ProblemError(
    409,
    'closed',
    'Closed',
    'This order or requirement has ended and takes no more commands.',
  );

/** Maps what Temporal answered to the API's problems; anything unknown is rethrown (500). */
export function commandProblem(error: unknown): unknown {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    // The workflow completed (the order ended) while the update waited: as a command to an ended order.
    if (error.cause.type === UPDATE_OUTLIVED_WORKFLOW) return closed();
    return rejectionProblem(error.cause);
  }
  // The update did not get an answer before the deadline: the engine is unreachable or not keeping up.
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return engineUnavailable();
  if (error instanceof WorkflowNotFoundError || error instanceof WorkflowExecutionAlreadyStartedError) {
    return closed();
  }
  const grpc = error instanceof ServiceError ? error.cause : error;
  if (isGrpcServiceError(grpc) && grpc.code === GrpcStatus.NOT_FOUND) {
    return closed();
  }
  if ((isGrpcServiceError(grpc) && UNAVAILABLE.has(grpc.code)) || error instanceof ServiceError) {
    return engineUnavailable();
  }
  return error;
}

/**
 * Runs a Temporal call with a hard time limit. The SDK's own deadline can overshoot by a few hundred ms while
 * it reconnects, so a timer answers 503 at `timeoutMs` whatever the call is doing, and aborts the call so
 * that the client's own retries stop too. A call may still land later; a retry with the same
 * Idempotency-Key sends the same update id (or finds the started workflow).
 */
async function withinDeadline<T>(temporal: Temporal, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort();
      reject(engineUnavailable());
    }, timeoutMs);
  });
  try {
    return await Promise.race([
      temporal.client.withAbortSignal(abort.signal, () =>
        temporal.client.withDeadline(Date.now() + timeoutMs, fn),
      ),
      late,
    ]);
  } catch (error) {
    throw commandProblem(error);
  } finally {
    clearTimeout(timer);
  }
}

/** What the Update carries: its id is the command's (issue 15: not sent twice, as history keeps both). */
function sent<Command>({ actor, command }: CommandInput<Command>): SentCommand<Command> {
  return { actor, command };
}

/**
 * Opens a case: starts its order workflow and sends it the first command in one call (Update-with-Start). A
 * retry joins the workflow already started (USE_EXISTING) and, by the same update id, gets the first answer;
 * once that order has closed, a retry is refused as closed (REJECT_DUPLICATE).
 */
export function openOrder<View, Command>(
  temporal: Temporal,
  orderId: string,
  config: DomainConfig,
  update: UpdateDefinition<View, [SentCommand<Command>]>,
  input: CommandInput<Command>,
  timeoutMs: number,
): Promise<View> {
  return withinDeadline(temporal, timeoutMs, () =>
    temporal.client.workflow.executeUpdateWithStart(update, {
      args: [sent(input)],
      updateId: input.commandId,
      startWorkflowOperation: new WithStartWorkflowOperation<typeof orderWorkflow>('orderWorkflow', {
        workflowId: orderWorkflowId(orderId),
        taskQueue: temporal.taskQueue,
        args: [{ orderId, config }],
        workflowIdConflictPolicy: 'USE_EXISTING',
        // Operators find every workflow of an order by it (its requirements carry it too).
        memo: { orderId },
        // An order that has closed stays closed: a late retry must not start it again at version 0.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      }),
    }),
  );
}

/** Sends one command as an Update to a running workflow and answers with the view it returns. */
export function sendCommand<View, Command>(
  temporal: Temporal,
  workflowId: string,
  update: UpdateDefinition<View, [SentCommand<Command>]>,
  input: CommandInput<Command>,
  timeoutMs: number,
): Promise<View> {
  return withinDeadline(temporal, timeoutMs, () =>
    temporal.client.workflow
      .getHandle(workflowId)
      .executeUpdate(update, { args: [sent(input)], updateId: input.commandId }),
  );
}
