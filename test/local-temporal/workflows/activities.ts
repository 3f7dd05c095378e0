import { ApplicationFailure, Context } from '@temporalio/activity';

export interface ActivityDependencies {
  /** The test environment's sleep: skips time on a time-skipping server. */
  sleepOnTestClock(ms: number): Promise<void>;
}

/** Activities of the conformance workflows; `calls` counts attempts per activity for assertions. */
export function createConformanceActivities(
  dependencies: ActivityDependencies = {
    sleepOnTestClock: () => Promise.reject(new Error('sleepOnTestClock needs a test environment')),
  },
) {
  const calls: Record<string, number> = {};
  const counted = (name: string): number => (calls[name] = (calls[name] ?? 0) + 1);
  return {
    calls,
    activities: {
      flaky(succeedOnAttempt: number): Promise<number> {
        counted('flaky');
        const { attempt } = Context.current().info;
        if (attempt < succeedOnAttempt)
          return Promise.reject(new Error(`transient failure on attempt ${attempt}`));
        return Promise.resolve(attempt);
      },
      rejectNonRetryable(): Promise<never> {
        counted('rejectNonRetryable');
        return Promise.reject(ApplicationFailure.nonRetryable('not allowed', 'Forbidden'));
      },
      async hang(): Promise<void> {
        counted('hang');
        await Context.current().sleep(60_000);
      },
      async heartbeatUntilCancelled(): Promise<never> {
        counted('heartbeatUntilCancelled');
        for (;;) {
          Context.current().heartbeat();
          await Context.current().sleep(50);
        }
      },
      double(n: number): Promise<number> {
        counted('double');
        return Promise.resolve(n * 2);
      },
      async sleepOnTestClock(ms: number): Promise<string> {
        counted('sleepOnTestClock');
        await dependencies.sleepOnTestClock(ms);
        return 'activity';
      },
      explode(message: string): Promise<never> {
        counted('explode');
        return Promise.reject(ApplicationFailure.nonRetryable(message, 'Explosion'));
      },
    },
  };
}

export type ConformanceActivities = ReturnType<typeof createConformanceActivities>['activities'];
