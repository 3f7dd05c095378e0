import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, withWorker } from '../support/temporal';
import type { staleDeadlineWorkflow } from './probes';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env?.teardown();
});

const HOUR_MS = 3_600_000;

describe('a deadline that produces nothing when it falls (issue 20, point 4)', () => {
  it('is tried again with a backoff until it does, instead of stopping every later deadline', async () => {
    const now = await env.currentTimeMs();
    const input = {
      deadline: new Date(now + HOUR_MS).toISOString(),
      producesFrom: new Date(now + 1.5 * HOUR_MS).toISOString(),
    };
    const result = await withWorker(env, { workflows: 'probes' }, (taskQueue) =>
      env.client.workflow.execute<typeof staleDeadlineWorkflow>('staleDeadlineWorkflow', {
        workflowId: `stale-deadline/${randomUUID()}`,
        taskQueue,
        args: [input],
      }),
    );
    // Ended with its one event, the deadline's, stored.
    expect(result).toEqual({ storedVersion: 1 });
    // Backoff 1, 2, 4, …, 32 minutes after the deadline: it fires at 1 h + 63 min, not a day later.
    expect((await env.currentTimeMs()) - now).toBeLessThan(2.5 * HOUR_MS);
  });
});
