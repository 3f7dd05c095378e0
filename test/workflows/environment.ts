import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll } from 'vitest';
import { createActivities } from '../../activities';
import { type TestDatabase, useTestDatabase } from '../support/database';
import { createTestEnv, withWorker } from '../support/temporal';
import { orderWorkflowId, requirementWorkflowId } from '../../workflows/messages';
import { CaseDriver } from './driver';

export interface ScenarioEnv {
  readonly env: TestWorkflowEnvironment;
  readonly t: TestDatabase;
  /** Runs `fn` with a real worker (the workflows, and `activities` or the real ones on this file's database). */
  withCase<T>(fn: (c: CaseDriver) => Promise<T>, activities?: object): Promise<T>;
}

/**
 * Stops whatever the case left running: with its worker gone, a timer firing later would leave a workflow
 * task no one polls, and the time-skipping server does not skip past work it is waiting for.
 */
async function terminateCase(env: TestWorkflowEnvironment, t: TestDatabase, orderId: string): Promise<void> {
  const requirements = await t.db
    .selectFrom('requirements')
    .select('id')
    .where('order_id', '=', orderId)
    .execute();
  const ids = [orderWorkflowId(orderId), ...requirements.map((r) => requirementWorkflowId(orderId, r.id))];
  for (const id of ids)
    await env.client.workflow
      .getHandle(id)
      .terminate('the scenario is over')
      .catch(() => undefined);
}

/** One time-skipping server and one fresh database per scenario file. */
export function useScenarioEnv(): ScenarioEnv {
  const t = useTestDatabase();
  let env: TestWorkflowEnvironment | undefined;
  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });
  const current = (): TestWorkflowEnvironment => {
    if (!env) throw new Error('useScenarioEnv() is read before its beforeAll hook ran');
    return env;
  };
  return {
    get env() {
      return current();
    },
    t,
    withCase: (fn, activities) =>
      withWorker(
        current(),
        { workflows: 'cstr', activities: activities ?? createActivities({ db: t.db }) },
        async (taskQueue) => {
          const c = new CaseDriver(current(), taskQueue);
          try {
            return await fn(c);
          } finally {
            await terminateCase(current(), t, c.orderId);
          }
        },
      ),
  };
}
