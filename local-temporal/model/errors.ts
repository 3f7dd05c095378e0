export type ServiceErrorCode =
  'NOT_FOUND' | 'ALREADY_EXISTS' | 'INVALID_ARGUMENT' | 'FAILED_PRECONDITION' | 'UNIMPLEMENTED';

/** An error the gRPC shell answers with the status of the same name. */
export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    readonly details?: { runId?: string; startRequestId?: string },
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export function notFound(message: string): ServiceError {
  return new ServiceError('NOT_FOUND', message);
}

export function alreadyCompleted(): ServiceError {
  return notFound('workflow execution already completed');
}
