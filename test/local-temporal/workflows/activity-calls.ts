import {
  ActivityCancellationType,
  ActivityFailure,
  ApplicationFailure,
  isCancellation,
  proxyActivities,
  sleep,
  TimeoutFailure,
} from '@temporalio/workflow';
import type { ConformanceActivities } from './activities';

const retrying = proxyActivities<ConformanceActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumAttempts: 5 },
});

const shortLived = proxyActivities<ConformanceActivities>({
  startToCloseTimeout: '300 milliseconds',
  retry: { initialInterval: '2 seconds', maximumAttempts: 2 },
});

const cancellable = proxyActivities<ConformanceActivities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '1 second',
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
});

/** Cancelling the workflow cancels its heartbeating activity; the workflow waits for that and cleans up. */
export async function cancellableWork(): Promise<string> {
  try {
    await cancellable.heartbeatUntilCancelled();
    return 'finished';
  } catch (e) {
    if (isCancellation(e)) return 'activity cancelled';
    throw e;
  }
}

/** Succeeds on the given attempt; returns that attempt number. */
export async function retried(succeedOnAttempt: number): Promise<number> {
  return retrying.flaky(succeedOnAttempt);
}

/** A non-retryable failure reaches the workflow at once, wrapped as the server and Core wrap it. */
export async function nonRetryable(): Promise<string> {
  try {
    await retrying.rejectNonRetryable();
    return 'no error';
  } catch (e) {
    if (!(e instanceof ActivityFailure) || !(e.cause instanceof ApplicationFailure)) throw e;
    return `${e.retryState}:${e.cause.type ?? ''}:${e.cause.message}`;
  }
}

/** Each attempt exceeds its start-to-close timeout; after two attempts the activity times out. */
export async function timesOut(): Promise<string> {
  try {
    await shortLived.hang();
    return 'no error';
  } catch (e) {
    if (!(e instanceof ActivityFailure) || !(e.cause instanceof TimeoutFailure)) throw e;
    return `${e.retryState}:${e.cause.timeoutType}`;
  }
}

/**
 * Races a timer of `timerMs` against an activity that sleeps `2 × timerMs` on the test environment's clock
 * (the example of TestWorkflowEnvironment.sleep's documentation); returns which finished in which order.
 */
export async function timerDuringActivity(timerMs: number): Promise<string[]> {
  const { sleepOnTestClock } = proxyActivities<ConformanceActivities>({
    startToCloseTimeout: 10 * timerMs,
    retry: { maximumAttempts: 1 },
  });
  const finished: string[] = [];
  const timer = sleep(timerMs).then(() => void finished.push('timer'));
  const activity = sleepOnTestClock(2 * timerMs).then((name) => void finished.push(name));
  await Promise.all([timer, activity]);
  return finished;
}
