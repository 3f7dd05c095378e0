import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll } from 'vitest';
import { createActivities } from '../../activities';
import { type TestDatabase, useTestDatabase } from '../support/database';
import { createTestEnv, withWorker } from '../support/temporal';
import { CaseDriver } from './driver';

export interface ScenarioEnv {
  readonly env: TestWorkflowEnvironment;
  readonly t: TestDatabase;
  /** Runs `fn` with a real worker (the workflows, and `activities` or the real ones on this file's database). */
  withCase<T>(fn: (c: CaseDriver) => Promise<T>, activities?: object): Promise<T>;
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
        (taskQueue) => fn(new CaseDriver(current(), taskQueue)),
      ),
  };
}
