import { WorkflowUpdateFailedError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { msToTs } from '@temporalio/common/lib/time';
import { ActivityFailure, ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { uniqueId, useConformanceEnv } from './env';
import { expectDuration, longWaitMs } from './timing';
import { cancellableWork, ledger, nonRetryable, retried, timerDuringActivity, timesOut } from './workflows';
import { add, addViaActivity, count, finish } from './workflows/messages';

const t = useConformanceEnv();

describe('activities', () => {
  it('retries with the exact backoff on the workflow clock (1 s, then 2 s)', async () => {
    const attempt = await t.run((taskQueue) =>
      expectDuration(t.env, 3_000, () =>
        t.env.client.workflow.execute(retried, { taskQueue, workflowId: uniqueId('retry'), args: [3] }),
      ),
    );
    expect(attempt).toBe(3);
    expect(t.calls.flaky).toBe(3);
  });

  it('does not retry a non-retryable failure', async () => {
    const outcome = await t.run((taskQueue) =>
      expectDuration(t.env, 0, () =>
        t.env.client.workflow.execute(nonRetryable, { taskQueue, workflowId: uniqueId('non-retryable') }),
      ),
    );
    expect(outcome).toBe('NON_RETRYABLE_FAILURE:Forbidden:not allowed');
    expect(t.calls.rejectNonRetryable).toBe(1);
  });

  it('times an attempt out after start-to-close and retries it after the backoff', async () => {
    const outcome = await t.run((taskQueue) =>
      expectDuration(t.env, 2_600, () =>
        t.env.client.workflow.execute(timesOut, { taskQueue, workflowId: uniqueId('timeout') }),
      ),
    );
    expect(outcome).toBe('MAXIMUM_ATTEMPTS_REACHED:START_TO_CLOSE');
    expect(t.calls.hang).toBe(2);
  });

  it('cancels a running activity through its heartbeat when the workflow is cancelled', async () => {
    const outcome = await t.run((taskQueue) =>
      expectDuration(t.env, 0, async () => {
        const handle = await t.env.client.workflow.start(cancellableWork, {
          taskQueue,
          workflowId: uniqueId('cancel-activity'),
        });
        for (let i = 0; i < 500 && !t.calls.heartbeatUntilCancelled; i++)
          await new Promise((r) => setTimeout(r, 5));
        const pending = (await handle.describe()).raw.pendingActivities ?? [];
        expect(pending.map((a) => a.activityType?.name)).toEqual(['heartbeatUntilCancelled']);
        await handle.cancel();
        return handle.result();
      }),
    );
    expect(outcome).toBe('activity cancelled');
    expect(t.calls.heartbeatUntilCancelled).toBe(1);
  });
});

describe('time skipping while an activity runs', () => {
  it('env.sleep inside an activity skips time, firing the workflow timer on the way', async () => {
    const timerMs = longWaitMs(t.env);
    const realStart = performance.now();
    const { order, workflowElapsed } = await t.run(async (taskQueue) => {
      const start = await t.env.currentTimeMs();
      const order = await t.env.client.workflow.execute(timerDuringActivity, {
        taskQueue,
        workflowId: uniqueId('timer-during-activity'),
        args: [timerMs],
      });
      return { order, workflowElapsed: (await t.env.currentTimeMs()) - start };
    });
    const realElapsed = performance.now() - realStart;
    expect(order).toEqual(['timer', 'activity']);
    expect(workflowElapsed).toBeGreaterThanOrEqual(2 * timerMs);
    // Two hours of workflow time in under 72 s of real time: only skipping can do that, however loaded the machine.
    if (t.env.supportsTimeSkipping) expect(realElapsed).toBeLessThan(workflowElapsed / 100);
  });
});

describe('updates', () => {
  it('accepts, rejects in the validator without a trace, fails in the handler, and deduplicates by id', async () => {
    await t.run((taskQueue) =>
      expectDuration(t.env, 0, async () => {
        const handle = await t.env.client.workflow.start(ledger, {
          taskQueue,
          workflowId: uniqueId('ledger'),
        });
        expect(await handle.executeUpdate(add, { args: [5] })).toBe(5);
        const eventsBefore = (await handle.fetchHistory()).events?.length;

        const rejected = await handle
          .executeUpdate(add, { args: [-1], updateId: 'rejected' })
          .catch((e: unknown) => e);
        expect(rejected).toBeInstanceOf(WorkflowUpdateFailedError);
        expect(((rejected as Error).cause as Error).message).toBe('negative amounts are not allowed');
        expect((await handle.fetchHistory()).events?.length).toBe(eventsBefore);
        // Nothing of a rejection stays: its id is unknown (NOT_FOUND), and the same id is a new update.
        const forgotten = await handle
          .getUpdateHandle('rejected')
          .result()
          .catch((e: unknown) => e);
        expect(forgotten).toBeInstanceOf(WorkflowNotFoundError);
        expect((forgotten as Error).message).toMatch(/update "rejected" not found/);
        expect(await handle.executeUpdate(add, { args: [0], updateId: 'rejected' })).toBe(5);

        const failed = await handle.executeUpdate(add, { args: [13] }).catch((e: unknown) => e);
        expect(failed).toBeInstanceOf(WorkflowUpdateFailedError);
        expect((failed as Error).cause).toBeInstanceOf(ApplicationFailure);
        expect(((failed as Error).cause as ApplicationFailure).type).toBe('Unlucky');

        expect(await handle.executeUpdate(add, { args: [2], updateId: 'once' })).toBe(7);
        expect(await handle.executeUpdate(add, { args: [100], updateId: 'once' })).toBe(7);
        expect(await handle.query(count)).toBe(7);

        expect(await handle.executeUpdate(addViaActivity, { args: [4] })).toBe(15);
        const viaActivity = await handle
          .executeUpdate(addViaActivity, { args: [-4] })
          .catch((e: unknown) => e);
        expect((viaActivity as Error).cause).toBeInstanceOf(ActivityFailure);

        await handle.signal(finish);
        expect(await handle.result()).toBe(15);
        const accepted = (await handle.fetchHistory()).events?.filter(
          (e) => e.workflowExecutionUpdateAcceptedEventAttributes,
        );
        expect(accepted?.length).toBe(6);
      }),
    );
  });
});

describe('an update the worker does not answer', () => {
  it('is rejected by the server when the task that carried it completes (UnprocessedUpdate), leaving no event', async () => {
    // A bare worker, through the service itself: the SDK's worker always answers an update it is given.
    const service = t.env.client.workflowService;
    const namespace = t.env.namespace ?? 'default';
    const taskQueue = uniqueId('unanswered');
    const poll = () =>
      service.pollWorkflowTaskQueue({ namespace, taskQueue: { name: taskQueue }, identity: 'bare' });
    const handle = await t.env.client.workflow.start(ledger, {
      taskQueue,
      workflowId: uniqueId('unanswered'),
    });
    const first = await poll();
    await service.respondWorkflowTaskCompleted({
      namespace,
      taskToken: first.taskToken,
      identity: 'bare',
      commands: [
        {
          commandType: temporal.api.enums.v1.CommandType.COMMAND_TYPE_START_TIMER,
          startTimerCommandAttributes: { timerId: '1', startToFireTimeout: msToTs('1 hour') },
        },
      ],
    });
    const eventsBefore = (await handle.fetchHistory()).events?.length;
    const update = handle.executeUpdate(add, { args: [1], updateId: 'ignored' }).catch((e: unknown) => e);
    const carrying = await poll();
    expect(carrying.messages?.map((m) => m.protocolInstanceId)).toEqual(['ignored']);
    await service.respondWorkflowTaskCompleted({
      namespace,
      taskToken: carrying.taskToken,
      identity: 'bare',
    });
    const rejected = await update;
    expect(rejected).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (rejected as Error).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect((cause as ApplicationFailure).type).toBe('UnprocessedUpdate');
    expect((cause as ApplicationFailure).message).toMatch(/wasn't processed by worker/);
    expect((await handle.fetchHistory()).events?.length).toBe(eventsBefore);
    await handle.terminate();
  });
});
