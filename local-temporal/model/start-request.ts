import { durationMs, type temporal } from '../proto';
import { ServiceError } from './errors';
import type { StartParams } from './start';

/** StartWorkflowExecution (or SignalWithStart) request to start parameters; refuses what is not modelled. */
export function startParams(
  namespace: string,
  r: temporal.api.workflowservice.v1.IStartWorkflowExecutionRequest,
): StartParams {
  if (r.cronSchedule) throw new ServiceError('UNIMPLEMENTED', 'local-temporal does not support cronSchedule');
  if (durationMs(r.workflowStartDelay) > 0) {
    throw new ServiceError('UNIMPLEMENTED', 'local-temporal does not support workflowStartDelay');
  }
  return {
    namespace,
    workflowId: r.workflowId ?? '',
    workflowType: r.workflowType?.name ?? '',
    taskQueue: r.taskQueue?.name ?? '',
    input: r.input,
    requestId: r.requestId ?? '',
    identity: r.identity ?? '',
    reusePolicy: r.workflowIdReusePolicy ?? 0,
    conflictPolicy: r.workflowIdConflictPolicy ?? 0,
    taskTimeoutMs: durationMs(r.workflowTaskTimeout) || 10_000,
    runTimeoutMs: durationMs(r.workflowRunTimeout),
    executionTimeoutMs: durationMs(r.workflowExecutionTimeout),
    extra: {
      header: r.header,
      memo: r.memo,
      searchAttributes: r.searchAttributes,
      retryPolicy: r.retryPolicy,
    },
  };
}
