import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { expect } from 'vitest';

/** Real time the harness itself may add on top of the virtual time a scenario needs, where time does not skip. */
const SLACK_MS = 3_000;

/**
 * A long wait: an hour where time skips (the stand-in, or Temporal's test server), 15 s against a real
 * server at TEMPORAL_ADDRESS, so that the same suite still finishes there in a few minutes.
 */
export function longWaitMs(env: TestWorkflowEnvironment): number {
  return env.supportsTimeSkipping ? 3_600_000 : 15_000;
}

/**
 * Runs `fn` and asserts how much (virtual) time it took: at least `expectedMs`, at most a little more. Where
 * time skips, the virtual time is the real time plus what was skipped, so what may be added is the real time
 * the call took (a busy machine's, too), not a fixed slack.
 */
export async function expectDuration<T>(
  env: TestWorkflowEnvironment,
  expectedMs: number,
  fn: () => Promise<T>,
): Promise<T> {
  // Real time is read first: the virtual clock runs on while the answer to `currentTimeMs` comes back.
  const realStart = Date.now();
  const start = await env.currentTimeMs();
  const result = await fn();
  const elapsed = (await env.currentTimeMs()) - start;
  const slack = env.supportsTimeSkipping ? Date.now() - realStart + 1_000 : SLACK_MS;
  expect(elapsed).toBeGreaterThanOrEqual(expectedMs);
  expect(elapsed).toBeLessThan(expectedMs + slack);
  return result;
}
