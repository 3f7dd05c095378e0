import {
  type Client,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  isGrpcServiceError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { Rejection } from '../../domain/core';
import type { DomainConfig } from '../../domain/config';
import type { OrderView, PartyOrderCommand } from '../../domain/order';
import type { PartyRequirementCommand, RequirementView } from '../../domain/requirement';
import {
  type CommandInput,
  orderUpdates,
  orderWorkflowId,
  requirementUpdates,
  requirementWorkflowId,
} from '../../workflows/messages';
import type { orderWorkflow } from '../../workflows/order';
import { ProblemError, problems } from '../problem';

export interface Temporal {
  client: Client;
  taskQueue: string;
}

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
    return rejectionProblem(error.cause);
  }
  // The update did not get an answer before the deadline: the engine is unreachable or not keeping up.
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError)
    return problems.unavailable('The workflow engine');
  if (error instanceof WorkflowNotFoundError) {
    return closed();
  }
  const grpc = error instanceof ServiceError ? error.cause : error;
  if (isGrpcServiceError(grpc) && grpc.code === GrpcStatus.NOT_FOUND) {
    return closed();
  }
  if ((isGrpcServiceError(grpc) && UNAVAILABLE.has(grpc.code)) || error instanceof ServiceError) {
    return problems.unavailable('The workflow engine');
  }
  return error;
}

/**
 * Runs a Temporal call with a hard limit: the SDK's own deadline can overshoot by a few hundred ms while it
 * reconnects, so a timer answers 503 at `timeoutMs` whatever the call is doing. The call may still land
 * later; a retry with the same Idempotency-Key sends the same update id (or finds the started workflow).
 */
/**
 * Runs a Temporal call with a hard time limit: past it the caller gets 503, and the call itself is aborted, so
 * the client's own retries stop too rather than outlive the request.
 */
async function withinDeadline<T>(temporal: Temporal, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort();
      reject(problems.unavailable('The workflow engine'));
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

export async function startOrder(
  temporal: Temporal,
  orderId: string,
  config: DomainConfig,
  timeoutMs: number,
) {
  await withinDeadline(temporal, timeoutMs, () =>
    temporal.client.workflow.start<typeof orderWorkflow>('orderWorkflow', {
      workflowId: orderWorkflowId(orderId),
      taskQueue: temporal.taskQueue,
      args: [{ orderId, config }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    }),
  );
}

export function sendOrderCommand(
  temporal: Temporal,
  orderId: string,
  input: CommandInput<PartyOrderCommand>,
  timeoutMs: number,
) {
  const update = orderUpdates[input.command.type].name;
  return withinDeadline(temporal, timeoutMs, () =>
    temporal.client.workflow
      .getHandle(orderWorkflowId(orderId))
      .executeUpdate<OrderView, [CommandInput<PartyOrderCommand>]>(update, {
        args: [input],
        updateId: input.commandId,
      }),
  );
}

export function sendRequirementCommand(
  temporal: Temporal,
  ids: { orderId: string; requirementId: string },
  input: CommandInput<PartyRequirementCommand>,
  timeoutMs: number,
) {
  const update = requirementUpdates[input.command.type].name;
  return withinDeadline(temporal, timeoutMs, () =>
    temporal.client.workflow
      .getHandle(requirementWorkflowId(ids.orderId, ids.requirementId))
      .executeUpdate<RequirementView, [CommandInput<PartyRequirementCommand>]>(update, {
        args: [input],
        updateId: input.commandId,
      }),
  );
}
