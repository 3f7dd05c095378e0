import { durationMs, type Failure, type Payloads, RetryState, type temporal, TimeoutType } from '../proto';
import type { Run } from './run';
import type { TimerHandle } from './timer-queue';

export type ScheduledAttributes = temporal.api.history.v1.IActivityTaskScheduledEventAttributes;

/** One scheduled activity and its current attempt. */
export interface ActivityTask {
  run: Run;
  scheduledEventId: number;
  attributes: ScheduledAttributes;
  attempt: number;
  phase: 'queued' | 'started' | 'backoff' | 'closed';
  scheduledTimeMs: number;
  attemptScheduledTimeMs: number;
  startedTimeMs: number;
  heartbeatDetails: Payloads | null;
  lastFailure: Failure | null;
  cancelRequested: boolean;
  attemptTimers: TimerHandle[];
  heartbeatTimer: TimerHandle | undefined;
  closeTimers: TimerHandle[];
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; retryState: number };

/** The server's retry rule for a failed or timed-out attempt. */
export function decideRetry(task: ActivityTask, failure: Failure, nowMs: number): RetryDecision {
  const policy = task.attributes.retryPolicy ?? {};
  const maximumAttempts = policy.maximumAttempts ?? 0;
  if (maximumAttempts > 0 && task.attempt >= maximumAttempts) {
    return { retry: false, retryState: RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED };
  }
  const app = failure.applicationFailureInfo;
  if (app?.nonRetryable || (app?.type && (policy.nonRetryableErrorTypes ?? []).includes(app.type))) {
    return { retry: false, retryState: RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE };
  }
  const timeoutType = failure.timeoutFailureInfo?.timeoutType;
  if (
    timeoutType !== undefined &&
    timeoutType !== null &&
    timeoutType !== TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE &&
    timeoutType !== TimeoutType.TIMEOUT_TYPE_HEARTBEAT
  ) {
    return { retry: false, retryState: RetryState.RETRY_STATE_TIMEOUT };
  }
  const delayMs = app?.nextRetryDelay ? durationMs(app.nextRetryDelay) : backoff(policy, task.attempt);
  const scheduleToCloseMs = durationMs(task.attributes.scheduleToCloseTimeout);
  if (scheduleToCloseMs > 0 && nowMs + delayMs >= task.scheduledTimeMs + scheduleToCloseMs) {
    return { retry: false, retryState: RetryState.RETRY_STATE_TIMEOUT };
  }
  return { retry: true, delayMs };
}

export function backoff(policy: temporal.api.common.v1.IRetryPolicy, attempt: number): number {
  const initial = durationMs(policy.initialInterval) || 1000;
  const coefficient = policy.backoffCoefficient || 2;
  const maximum = durationMs(policy.maximumInterval) || 100 * initial;
  return Math.min(initial * coefficient ** (attempt - 1), maximum);
}

export function timeoutFailure(
  timeoutType: number,
  details: Payloads | null,
  cause: Failure | null,
): Failure {
  const name = TimeoutType[timeoutType]?.replace('TIMEOUT_TYPE_', '') ?? 'UNSPECIFIED';
  const label = name
    .split('_')
    .map((w) => w[0] + w.slice(1).toLowerCase())
    .join('');
  return {
    message: `activity ${label} timeout`,
    source: 'Server',
    timeoutFailureInfo: { timeoutType, lastHeartbeatDetails: details },
    cause,
  };
}
