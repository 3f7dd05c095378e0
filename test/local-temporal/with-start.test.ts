import {
  Client,
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { uniqueId, useConformanceEnv } from './env';
import { ledger, pingLog } from './workflows';
import { add, count, finish, ping } from './workflows/messages';

const t = useConformanceEnv();

describe('SignalWithStart', () => {
  it('delivers the signal input, not the start arguments, to the handler', async () => {
    const result = await t.run(async (taskQueue) => {
      const handle = await t.env.client.workflow.signalWithStart(pingLog, {
        taskQueue,
        workflowId: uniqueId('signal-with-start'),
        args: ['start argument'],
        signal: ping,
        signalArgs: [7],
      });
      await handle.signal(finish);
      return handle.result();
    });
    expect(result).toEqual({ label: 'start argument', pings: [7] });
  });

  it('starts the workflow once under two concurrent calls and delivers both signals', async () => {
    const workflowId = uniqueId('signal-with-start-twice');
    const { runIds, result } = await t.run(async (taskQueue) => {
      const send = (n: number) =>
        t.env.client.workflow.signalWithStart(pingLog, {
          taskQueue,
          workflowId,
          args: ['once'],
          signal: ping,
          signalArgs: [n],
        });
      const handles = await Promise.all([send(1), send(2)]);
      await handles[0].signal(finish);
      return { runIds: handles.map((h) => h.signaledRunId), result: await handles[0].result() };
    });
    expect(new Set(runIds).size).toBe(1);
    expect(result.label).toBe('once');
    expect([...result.pings].sort()).toEqual([1, 2]);
  });
});

describe('Update-with-Start', () => {
  const startLedger = (taskQueue: string, workflowId: string, policy: 'USE_EXISTING' | 'FAIL') =>
    new WithStartWorkflowOperation(ledger, { taskQueue, workflowId, workflowIdConflictPolicy: policy });

  it('starts a new workflow with the update, then updates the running one (USE_EXISTING)', async () => {
    const workflowId = uniqueId('update-with-start');
    await t.run(async (taskQueue) => {
      const first = startLedger(taskQueue, workflowId, 'USE_EXISTING');
      expect(
        await t.env.client.workflow.executeUpdateWithStart(add, { args: [5], startWorkflowOperation: first }),
      ).toBe(5);
      const second = startLedger(taskQueue, workflowId, 'USE_EXISTING');
      const update = await t.env.client.workflow.startUpdateWithStart(add, {
        args: [2],
        waitForStage: 'ACCEPTED',
        startWorkflowOperation: second,
      });
      expect(await update.result()).toBe(7);
      const [started, joined] = [await first.workflowHandle(), await second.workflowHandle()];
      const runId = (await started.describe()).runId;
      expect((await joined.describe()).runId).toBe(runId);
      expect(update.workflowRunId).toBe(runId);
      expect(await joined.query(count)).toBe(7);
      const events = (await started.fetchHistory()).events ?? [];
      expect(events.filter((e) => e.workflowExecutionStartedEventAttributes).length).toBe(1);
      expect(events.filter((e) => e.workflowExecutionUpdateCompletedEventAttributes).length).toBe(2);
      await started.signal(finish);
      expect(await started.result()).toBe(7);
    });
  });

  it('a validator rejection fails the update but, as on the server, leaves the new workflow started', async () => {
    await t.run(async (taskQueue) => {
      const start = startLedger(taskQueue, uniqueId('update-with-start-rejected'), 'USE_EXISTING');
      const rejected = await t.env.client.workflow
        .executeUpdateWithStart(add, { args: [-1], startWorkflowOperation: start })
        .catch((e: unknown) => e);
      expect(rejected).toBeInstanceOf(WorkflowUpdateFailedError);
      expect(((rejected as Error).cause as Error).message).toBe('negative amounts are not allowed');
      const handle = await start.workflowHandle();
      expect((await handle.describe()).status.name).toBe('RUNNING');
      const events = (await handle.fetchHistory()).events ?? [];
      expect(events.some((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toBe(false);
      await handle.signal(finish);
      expect(await handle.result()).toBe(0);
    });
  });

  it('fails as already started when the workflow runs and the conflict policy is FAIL', async () => {
    const workflowId = uniqueId('update-with-start-conflict');
    await t.run(async (taskQueue) => {
      const running = await t.env.client.workflow.start(ledger, { taskQueue, workflowId });
      const start = startLedger(taskQueue, workflowId, 'FAIL');
      const error = await t.env.client.workflow
        .executeUpdateWithStart(add, { args: [1], startWorkflowOperation: start })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
      await expect(start.workflowHandle()).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
      expect(await running.query(count)).toBe(0);
      await running.signal(finish);
      expect(await running.result()).toBe(0);
    });
  });
});

describe('eager workflow start', () => {
  /** Eager start needs the client on the worker's own NativeConnection, which reserves a task slot for it. */
  const clientOfTheWorker = () =>
    new Client({ connection: t.env.nativeConnection, namespace: t.env.namespace ?? 'default' });

  it("hands the first workflow task back to the starting client's worker", async () => {
    const { eagerlyStarted, result } = await t.run(async (taskQueue) => {
      const handle = await clientOfTheWorker().workflow.start(pingLog, {
        taskQueue,
        workflowId: uniqueId('eager'),
        args: ['eager'],
        requestEagerStart: true,
      });
      await handle.signal(finish);
      return { eagerlyStarted: handle.eagerlyStarted, result: await handle.result() };
    });
    expect(eagerlyStarted).toBe(true);
    expect(result).toEqual({ label: 'eager', pings: [] });
  });

  it('is not eager when the start joins a running workflow', async () => {
    const workflowId = uniqueId('eager-existing');
    const eagerlyStarted = await t.run(async (taskQueue) => {
      const running = await t.env.client.workflow.start(pingLog, { taskQueue, workflowId, args: ['first'] });
      const joined = await clientOfTheWorker().workflow.start(pingLog, {
        taskQueue,
        workflowId,
        args: ['second'],
        workflowIdConflictPolicy: 'USE_EXISTING',
        requestEagerStart: true,
      });
      await running.signal(finish);
      expect(await joined.result()).toEqual({ label: 'first', pings: [] });
      return joined.eagerlyStarted;
    });
    expect(eagerlyStarted).toBe(false);
  });
});
