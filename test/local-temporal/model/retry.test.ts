import { describe, expect, it } from 'vitest';
import { type ActivityTask, backoff, decideRetry } from '../../../local-temporal/model/activity-task';
import { duration, RetryState, type RetryPolicy } from '../../../local-temporal/proto';

function task(attempt: number, retryPolicy: RetryPolicy, scheduleToCloseMs = 0): ActivityTask {
  return {
    attempt,
    scheduledTimeMs: 0,
    attributes: { retryPolicy, scheduleToCloseTimeout: duration(scheduleToCloseMs) },
  } as ActivityTask;
}

const transient = { message: 'boom', applicationFailureInfo: { type: 'Error' } };

describe('activity retry rule', () => {
  it('backs off by initial × coefficient^(attempt−1), capped at the maximum interval', () => {
    const policy = {
      initialInterval: duration(1_000),
      backoffCoefficient: 2,
      maximumInterval: duration(5_000),
    };
    expect([1, 2, 3, 4, 5].map((attempt) => backoff(policy, attempt))).toEqual([
      1_000, 2_000, 4_000, 5_000, 5_000,
    ]);
    expect(backoff({}, 3)).toBe(4_000);
    expect(backoff({ initialInterval: duration(1_000) }, 20)).toBe(100_000);
  });

  it('uses the failure’s next retry delay when it gives one', () => {
    const failure = { message: 'later', applicationFailureInfo: { nextRetryDelay: duration(42_000) } };
    expect(decideRetry(task(1, {}), failure, 0)).toEqual({ retry: true, delayMs: 42_000 });
  });

  it('stops at the maximum attempts, on non-retryable failures and on listed error types', () => {
    expect(decideRetry(task(3, { maximumAttempts: 3 }), transient, 0)).toEqual({
      retry: false,
      retryState: RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED,
    });
    const nonRetryable = { message: 'no', applicationFailureInfo: { nonRetryable: true } };
    expect(decideRetry(task(1, {}), nonRetryable, 0)).toEqual({
      retry: false,
      retryState: RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE,
    });
    expect(decideRetry(task(1, { nonRetryableErrorTypes: ['Error'] }), transient, 0)).toMatchObject({
      retry: false,
    });
  });

  it('does not retry past the schedule-to-close deadline', () => {
    expect(decideRetry(task(2, {}, 2_500), transient, 1_000)).toEqual({
      retry: false,
      retryState: RetryState.RETRY_STATE_TIMEOUT,
    });
    expect(decideRetry(task(2, {}, 3_500), transient, 1_000)).toEqual({ retry: true, delayMs: 2_000 });
  });
});
