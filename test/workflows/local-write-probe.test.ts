import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestEnv, withWorker } from '../support/temporal';
import { type Decided, decideUpdate, finishSignal, type localWriteWorkflow } from './probes';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env?.teardown();
});

/**
 * Why the persist activity is not a local activity (issue 15): a local activity's input is decided in the
 * workflow task that runs it and recorded only with its result, so when that task is lost after the write
 * (a worker or server killed, the task timed out) the workflow decides again, later, and the store keeps a
 * decision the workflow does not hold. A scheduled activity's input is in history before it runs.
 */
it('a local activity whose workflow task is lost after it wrote leaves stored a decision the workflow does not hold', async () => {
  const stored = new Map<string, Decided>();
  let writes = 0;
  const activities = {
    /** Stores a decision unless its id is stored (as the events table does), after a moment the first time. */
    async write(decided: Decided) {
      writes += 1;
      if (writes === 1) await sleep(1_000);
      if (!stored.has(decided.id)) stored.set(decided.id, decided);
      return writes;
    },
  };
  const { answer, folded } = await withWorker(env, { workflows: 'probes', activities }, async (taskQueue) => {
    const handle = await env.client.workflow.start<typeof localWriteWorkflow>('localWriteWorkflow', {
      workflowId: `local-write/${randomUUID()}`,
      taskQueue,
    });
    const answer = await handle.executeUpdate(decideUpdate);
    await handle.signal(finishSignal);
    return { answer, folded: await handle.result() };
  });
  expect(writes).toBe(2);
  expect(folded).toEqual([answer]);
  // The same id (the randomness replays), decided a second later: the store keeps the lost task's decision.
  const kept = stored.get(answer.id);
  expect(kept).toBeDefined();
  expect(Date.parse(answer.at) - Date.parse(kept!.at)).toBeGreaterThanOrEqual(1_000);
});
