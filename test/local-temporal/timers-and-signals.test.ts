import { type WorkflowHandle, WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, withWorker } from '../support/temporal';
import { expectDuration, longWaitMs } from './timing';
import { temporal } from '@temporalio/proto';
import {
  cancelledTimer,
  completesOnFirstPing,
  counter,
  lateHandler,
  releasable,
  sleeper,
  sleepsForADay,
} from './workflows';
import { count, finish, ping, release } from './workflows/messages';

const UNHANDLED_COMMAND =
  temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND;

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env?.teardown();
});

const run = <T>(fn: (taskQueue: string) => Promise<T>): Promise<T> =>
  withWorker(env, { workflows: 'conformance' }, fn);
const id = (name: string): string => `${name}-${Math.random().toString(36).slice(2)}`;

describe('timers', () => {
  it('sleep waits exactly its duration of workflow time', async () => {
    const wait = longWaitMs(env);
    const measured = await run((taskQueue) =>
      expectDuration(env, wait, () =>
        env.client.workflow.execute(sleeper, { taskQueue, workflowId: id('sleep'), args: [wait] }),
      ),
    );
    expect(measured).toBeGreaterThanOrEqual(wait);
    expect(measured).toBeLessThan(wait + 3_000);
  });

  it('condition times out after its timeout when nothing arrives', async () => {
    const inTime = await run((taskQueue) =>
      expectDuration(env, 30_000, () =>
        env.client.workflow.execute(releasable, { taskQueue, workflowId: id('cond'), args: [30_000] }),
      ),
    );
    expect(inTime).toBe(false);
  });

  it('condition resolves on a signal, and its timer is cancelled without moving time', async () => {
    const inTime = await run((taskQueue) =>
      expectDuration(env, 0, async () => {
        const handle = await env.client.workflow.start(releasable, {
          taskQueue,
          workflowId: id('cond'),
          args: [30_000],
        });
        await handle.signal(release);
        return handle.result();
      }),
    );
    expect(inTime).toBe(true);
  });

  it('a cancelled timer does not hold time back or fire', async () => {
    const outcome = await run((taskQueue) =>
      expectDuration(env, 10_000, () =>
        env.client.workflow.execute(cancelledTimer, { taskQueue, workflowId: id('cancel-timer') }),
      ),
    );
    expect(outcome).toBe('cancelled');
  });
});

describe('signals and queries', () => {
  it('delivers signals sent before setHandler, in order, once the handler is set', async () => {
    const got = await run((taskQueue) =>
      expectDuration(env, 5_000, async () => {
        const handle = await env.client.workflow.start(lateHandler, {
          taskQueue,
          workflowId: id('late'),
          args: [3],
        });
        await handle.signal(ping, 1);
        await handle.signal(ping, 2);
        await env.sleep(6_000);
        await handle.signal(ping, 3);
        return handle.result();
      }),
    );
    expect(got).toEqual([1, 2, 3]);
  });

  it('answers queries with the current state and rejects unknown ones', async () => {
    await run(async (taskQueue) => {
      const handle = await env.client.workflow.start(counter, { taskQueue, workflowId: id('counter') });
      await handle.signal(ping, 2);
      await handle.signal(ping, 5);
      expect(await handle.query(count)).toBe(7);
      await expect(handle.query('nope')).rejects.toThrow();
      expect((await handle.describe()).status.name).toBe('RUNNING');
      await handle.signal(finish);
      expect(await handle.result()).toBe(7);
      expect((await handle.describe()).status.name).toBe('COMPLETED');
    });
  });

  it('does not lose a signal that arrives while the run is completing', async () => {
    await withWorker(env, { workflows: 'conformance', onWorkerThread: true }, async (taskQueue) => {
      const handle = await env.client.workflow.start(completesOnFirstPing, {
        taskQueue,
        workflowId: id('race'),
      });
      await handle.signal(ping, 1);
      await untilLastEvent(
        handle,
        (e) =>
          e.workflowTaskStartedEventAttributes !== null && e.workflowTaskStartedEventAttributes !== undefined,
      );
      await handle.signal(ping, 2);
      await handle.signal(ping, 3);
      expect(await handle.result()).toEqual([1, 2, 3]);
      const history = await handle.fetchHistory();
      const rejected = history.events?.filter(
        (e) => e.workflowTaskFailedEventAttributes?.cause === UNHANDLED_COMMAND,
      );
      expect(rejected?.length).toBeGreaterThan(0);
    });
  });
});

/** Polls the history until its last event matches (the workflow task that will complete the run started). */
async function untilLastEvent(
  handle: WorkflowHandle,
  matches: (e: temporal.api.history.v1.IHistoryEvent) => boolean,
): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const events = (await handle.fetchHistory()).events ?? [];
    const last = events[events.length - 1];
    if (last && matches(last) && events.some((e) => e.workflowExecutionSignaledEventAttributes)) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error('the workflow task never started');
}

describe('cancel, terminate and time out', () => {
  it('times a run out after its run timeout', async () => {
    const wait = longWaitMs(env);
    const error = await run((taskQueue) =>
      expectDuration(env, wait, async () => {
        const handle = await env.client.workflow.start(sleepsForADay, {
          taskQueue,
          workflowId: id('timeout'),
          workflowRunTimeout: wait,
        });
        return handle.result().catch((e: unknown) => e);
      }),
    );
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect((error as WorkflowFailedError).cause?.name).toBe('TimeoutFailure');
  });

  it('cancellation ends a sleeping workflow as cancelled, at once', async () => {
    const error = await run((taskQueue) =>
      expectDuration(env, 0, async () => {
        const handle = await env.client.workflow.start(sleepsForADay, {
          taskQueue,
          workflowId: id('cancel'),
        });
        await handle.cancel();
        return handle.result().catch((e: unknown) => e);
      }),
    );
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect((error as WorkflowFailedError).cause?.name).toBe('CancelledFailure');
  });

  it('terminate closes the run with the reason, without waiting for its timer', async () => {
    const error = await run((taskQueue) =>
      expectDuration(env, 0, async () => {
        const handle = await env.client.workflow.start(sleepsForADay, {
          taskQueue,
          workflowId: id('terminate'),
        });
        await handle.terminate('enough');
        return handle.result().catch((e: unknown) => e);
      }),
    );
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect((error as WorkflowFailedError).cause?.name).toBe('TerminatedFailure');
    expect((error as WorkflowFailedError).cause?.message).toBe('enough');
  });
});
