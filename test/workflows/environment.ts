import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, expect } from 'vitest';
import { createActivities } from '../../activities';
import { type TestDatabase, useTestDatabase } from '../support/database';
import { type TestEnvOptions, type WorkerOptions, createTestEnv, withWorker } from '../support/temporal';
import { orderWorkflowId, requirementWorkflowId } from '../../workflows/messages';
import { CaseDriver } from './driver';
import { recording, saveHistories } from './recorded-histories';

export interface ScenarioEnv {
  readonly env: TestWorkflowEnvironment;
  readonly t: TestDatabase;
  /** Runs `fn` with a real worker (the workflows, and `activities` or the real ones on this file's database). */
  withCase<T>(
    fn: (c: CaseDriver) => Promise<T>,
    activities?: object,
    worker?: Pick<WorkerOptions, 'onWorkerThread'>,
  ): Promise<T>;
}

/** The order's workflow and its requirements', each with a name for its recorded history. */
async function caseWorkflows(
  t: TestDatabase,
  orderId: string,
): Promise<{ name: string; workflowId: string }[]> {
  const requirements = await t.db
    .selectFrom('requirements')
    .select(['id', 'type'])
    .where('order_id', '=', orderId)
    .orderBy('id')
    .execute();
  return [
    { name: 'order', workflowId: orderWorkflowId(orderId) },
    ...requirements.map((r, i) => ({
      name: `${r.type.toLowerCase()}-${i + 1}`,
      workflowId: requirementWorkflowId(orderId, r.id),
    })),
  ];
}

/**
 * Stops whatever the case left running: with its worker gone, a timer firing later would leave a workflow
 * task no one polls, and the time-skipping server does not skip past work it is waiting for. Records the
 * case's histories first when asked to (recorded-histories.ts).
 */
async function endCase(env: TestWorkflowEnvironment, t: TestDatabase, orderId: string): Promise<void> {
  const workflows = await caseWorkflows(t, orderId);
  if (recording) {
    const { testPath = 'unnamed', currentTestName = 'unnamed' } = expect.getState();
    await saveHistories(env, t.db, { file: testPath, name: currentTestName.split(' > ').at(-1)! }, workflows);
  }
  for (const { workflowId } of workflows)
    await env.client.workflow
      .getHandle(workflowId)
      .terminate('the scenario is over')
      .catch(() => undefined);
}

/** One time-skipping server and one fresh database per scenario file. */
export function useScenarioEnv(options: TestEnvOptions = {}): ScenarioEnv {
  const t = useTestDatabase();
  let env: TestWorkflowEnvironment | undefined;
  beforeAll(async () => {
    env = await createTestEnv(options);
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
    withCase: (fn, activities, worker) =>
      withWorker(
        current(),
        { workflows: 'cstr', activities: activities ?? createActivities({ db: t.db }), db: t.db, ...worker },
        async (taskQueue) => {
          const c = new CaseDriver(current(), taskQueue);
          try {
            return await fn(c);
          } finally {
            await endCase(current(), t, c.orderId);
          }
        },
      ),
  };
}
