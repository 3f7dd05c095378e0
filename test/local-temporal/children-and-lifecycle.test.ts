import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowFailedError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { uniqueId, useConformanceEnv } from './env';
import { expectDuration, longWaitMs } from './timing';
import {
  abandonsChild,
  buggy,
  chattyParent,
  countdown,
  failsFirstTask,
  parentOfOne,
  patchedWorkflow,
  sleepsForADay,
} from './workflows';

const t = useConformanceEnv();

describe('child workflows', () => {
  it('returns a child result to its parent', async () => {
    const wait = longWaitMs(t.env);
    const result = await t.run((taskQueue) =>
      expectDuration(t.env, wait, () =>
        t.env.client.workflow.execute(parentOfOne, {
          taskQueue,
          workflowId: uniqueId('parent'),
          args: [41, wait],
        }),
      ),
    );
    expect(result).toBe('42');
  });

  it('surfaces a child failure in the parent', async () => {
    const wait = longWaitMs(t.env);
    const result = await t.run((taskQueue) =>
      expectDuration(t.env, wait, () =>
        t.env.client.workflow.execute(parentOfOne, {
          taskQueue,
          workflowId: uniqueId('parent'),
          args: [-1, wait],
        }),
      ),
    );
    expect(result).toBe('child failed: Negative: negative child');
  });

  it('carries signals from child to parent and from parent to child', async () => {
    const heard = await t.run((taskQueue) =>
      expectDuration(t.env, 0, () =>
        t.env.client.workflow.execute(chattyParent, { taskQueue, workflowId: uniqueId('chatty') }),
      ),
    );
    expect(heard).toEqual(['hello parent', 'child heard: hello child']);
  });

  it('terminates an open child when its parent closes (default parent-close policy)', async () => {
    await t.run(async (taskQueue) => {
      const childId = await t.env.client.workflow.execute(abandonsChild, {
        taskQueue,
        workflowId: uniqueId('abandons'),
      });
      const child = t.env.client.workflow.getHandle(childId);
      const error = await child.result().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WorkflowFailedError);
      expect((error as WorkflowFailedError).cause?.name).toBe('TerminatedFailure');
    });
  });
});

describe('runs and ids', () => {
  it('continue-as-new carries state and result() follows the chain', async () => {
    const result = await t.run((taskQueue) =>
      expectDuration(t.env, 4_000, () =>
        t.env.client.workflow.execute(countdown, { taskQueue, workflowId: uniqueId('countdown'), args: [4] }),
      ),
    );
    expect(result).toEqual({ total: 10, continued: true });
  });

  it('records a patch marker and takes the patched branch', async () => {
    await t.run(async (taskQueue) => {
      const handle = await t.env.client.workflow.start(patchedWorkflow, {
        taskQueue,
        workflowId: uniqueId('patch'),
      });
      expect(await expectDuration(t.env, 1_000, () => handle.result())).toBe('new');
      const markers = (await handle.fetchHistory()).events?.filter((e) => e.markerRecordedEventAttributes);
      expect(markers?.map((e) => e.markerRecordedEventAttributes?.markerName)).toEqual(['core_patch']);
    });
  });

  it('rejects a second start while the first run is open, and allows one after it closed', async () => {
    await t.run(async (taskQueue) => {
      const workflowId = uniqueId('conflict');
      const first = await t.env.client.workflow.start(sleepsForADay, { taskQueue, workflowId });
      await expect(
        t.env.client.workflow.start(sleepsForADay, { taskQueue, workflowId }),
      ).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
      await first.terminate();
      const second = await t.env.client.workflow.start(sleepsForADay, { taskQueue, workflowId });
      expect(second.firstExecutionRunId).not.toBe(first.firstExecutionRunId);
      await second.terminate();
    });
  });

  it('answers a repeated start request id as started, with the same run, re-sending an outstanding eager task', async () => {
    const service = t.env.client.workflowService;
    const request = {
      namespace: t.env.namespace ?? 'default',
      workflowId: uniqueId('retried-start'),
      workflowType: { name: 'sleepsForADay' },
      taskQueue: { name: uniqueId('no-worker') },
      requestId: randomUUID(),
      identity: 'test',
    };
    const first = await service.startWorkflowExecution({ ...request, requestEagerExecution: true });
    const retried = await service.startWorkflowExecution({ ...request, requestEagerExecution: true });
    const plainRetry = await service.startWorkflowExecution(request);
    await t.env.client.workflow.getHandle(request.workflowId).terminate();
    expect(first.started).toBe(true);
    expect(retried).toMatchObject({ started: true, runId: first.runId });
    expect(plainRetry).toMatchObject({ started: true, runId: first.runId });
    expect(String(first.eagerWorkflowTask?.startedEventId)).toBe('3');
    expect(String(retried.eagerWorkflowTask?.startedEventId)).toBe('3');
    expect(plainRetry.eagerWorkflowTask).toBeFalsy();
  });

  it('retries a failed workflow task at once, as the server does, with no new event needed', async () => {
    await t.run(async (taskQueue) => {
      const handle = await t.env.client.workflow.start(failsFirstTask, {
        taskQueue,
        workflowId: uniqueId('fails-first-task'),
      });
      expect(await handle.result()).toBe('recovered');
      const types = ((await handle.fetchHistory()).events ?? []).map((e) => e.eventType);
      const failed = types.indexOf(temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
      expect(failed).toBeGreaterThan(0);
      expect(types.slice(failed + 1)).toContain(
        temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
      );
    });
  });

  it('records a failed workflow task in history instead of retrying it silently', async () => {
    await t.run(async (taskQueue) => {
      const handle = await t.env.client.workflow.start(buggy, { taskQueue, workflowId: uniqueId('buggy') });
      let message: string | null | undefined;
      for (let i = 0; i < 100 && !message; i++) {
        await t.env.sleep(1_000);
        const events = (await handle.fetchHistory()).events ?? [];
        message = events.find((e) => e.workflowTaskFailedEventAttributes)?.workflowTaskFailedEventAttributes
          ?.failure?.message;
      }
      expect(message).toBe('bug in workflow code');
      await handle.terminate();
    });
  });
});
