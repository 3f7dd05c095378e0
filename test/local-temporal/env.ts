import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll } from 'vitest';
import { createTestEnv, withWorker } from '../support/temporal';
import { createConformanceActivities } from './workflows/activities';

/** One environment per test file, torn down after it; `run` gives each test its own worker and queue. */
export function useConformanceEnv() {
  const state: { env: TestWorkflowEnvironment; calls: Record<string, number> } = {
    env: undefined as unknown as TestWorkflowEnvironment,
    calls: {},
  };
  beforeAll(async () => {
    state.env = await createTestEnv();
  });
  afterAll(async () => {
    await state.env?.teardown();
  });
  return {
    get env(): TestWorkflowEnvironment {
      return state.env;
    },
    /** Attempts per activity name during the last `run`. */
    get calls(): Record<string, number> {
      return state.calls;
    },
    run<T>(fn: (taskQueue: string) => Promise<T>): Promise<T> {
      const { calls, activities } = createConformanceActivities({
        sleepOnTestClock: (ms) => state.env.sleep(ms),
      });
      state.calls = calls;
      return withWorker(state.env, { workflows: 'conformance', activities }, fn);
    },
    /**
     * One worker for the tests of the enclosing describe block, running from its beforeAll to its afterAll
     * (a worker costs seconds to start): returns its task queue, once started.
     */
    sharedWorker(): { readonly taskQueue: string } {
      const shared = { taskQueue: '' };
      let release = (): void => undefined;
      let running: Promise<void> | undefined;
      beforeAll(async () => {
        await new Promise<void>((started) => {
          running = this.run(async (taskQueue) => {
            shared.taskQueue = taskQueue;
            started();
            await new Promise<void>((resolve) => (release = resolve));
          });
        });
      });
      afterAll(async () => {
        release();
        await running;
      });
      return shared;
    },
  };
}

export const uniqueId = (name: string): string => `${name}-${Math.random().toString(36).slice(2)}`;
