import { temporal } from '../proto';

export type ServiceErrorCode =
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'INVALID_ARGUMENT'
  | 'RESOURCE_EXHAUSTED'
  | 'FAILED_PRECONDITION'
  | 'ABORTED'
  | 'UNIMPLEMENTED';

/** The gRPC status code of each. */
export const grpcStatusCode: Record<ServiceErrorCode, number> = {
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  UNIMPLEMENTED: 12,
};

/** A google.protobuf.Any, as carried in a gRPC status's details. */
export interface StatusDetail {
  type_url: string;
  value: Uint8Array;
}

/** An error the gRPC shell answers with the status of the same name and these details. */
export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    readonly details: StatusDetail[] = [],
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export function notFound(message: string): ServiceError {
  return new ServiceError('NOT_FOUND', message);
}

/** The server's ErrActivityTaskNotFound: an answer to an attempt that is not the activity's started one. */
export const ACTIVITY_TASK_NOT_FOUND =
  'invalid activityID or activity already timed out or invoking workflow is completed';

export function alreadyCompleted(): ServiceError {
  return notFound('workflow execution already completed');
}

/** The server's WorkflowNotReady: FAILED_PRECONDITION with a WorkflowNotReadyFailure detail. */
export function workflowNotReady(message: string): ServiceError {
  const failure = temporal.api.errordetails.v1.WorkflowNotReadyFailure;
  return new ServiceError('FAILED_PRECONDITION', message, [
    anyOf(failure, 'temporal.api.errordetails.v1.WorkflowNotReadyFailure', {}),
  ]);
}

/** The server's answer to an update that was not yet accepted when its workflow closed. */
export const ABORTED_BY_CLOSING_WORKFLOW = 'workflow update was aborted by closing workflow';

export function abortedByClosingWorkflow(): ServiceError {
  return notFound(ABORTED_BY_CLOSING_WORKFLOW);
}

/** The server's ErrWorkflowClosing (retryable: the caller's retry reaches the run that continues it). */
export function workflowClosing(): ServiceError {
  const Enums = temporal.api.enums.v1;
  return new ServiceError(
    'RESOURCE_EXHAUSTED',
    'workflow operation can not be applied because workflow is closing',
    [
      anyOf(
        temporal.api.errordetails.v1.ResourceExhaustedFailure,
        'temporal.api.errordetails.v1.ResourceExhaustedFailure',
        {
          cause: Enums.ResourceExhaustedCause.RESOURCE_EXHAUSTED_CAUSE_BUSY_WORKFLOW,
          scope: Enums.ResourceExhaustedScope.RESOURCE_EXHAUSTED_SCOPE_NAMESPACE,
        },
      ),
    ],
  );
}

export function anyOf<T>(
  type: { encode(message: T): { finish(): Uint8Array } },
  name: string,
  message: T,
): StatusDetail {
  return { type_url: `type.googleapis.com/${name}`, value: type.encode(message).finish() };
}

export function alreadyStarted(message: string, run: { runId: string; requestId: string }): ServiceError {
  const failure = temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure;
  return new ServiceError('ALREADY_EXISTS', message, [
    anyOf(failure, 'temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure', {
      runId: run.runId,
      startRequestId: run.requestId,
    }),
  ]);
}
