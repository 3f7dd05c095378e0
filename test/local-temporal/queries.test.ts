import { QueryRejectedError, ServiceError, WorkflowClient } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { withWorker } from '../support/temporal';
import { uniqueId, useConformanceEnv } from './env';
import { completesOnFirstPing, counter, type CounterEnd } from './workflows';
import { count, finish, ping } from './workflows/messages';

const Status = temporal.api.enums.v1.WorkflowExecutionStatus;
const t = useConformanceEnv();

/** A counter run that received 2 and 5 and then closed as `end` says (or terminated); its handle by run id. */
async function closedCounter(taskQueue: string, end: CounterEnd | 'terminate') {
  const handle = await t.env.client.workflow.start(counter, {
    taskQueue,
    workflowId: uniqueId(`closed-${end}`),
    args: end === 'terminate' ? [] : [end],
  });
  await handle.signal(ping, 2);
  await handle.signal(ping, 5);
  if (end === 'terminate') await handle.terminate('enough');
  else await handle.signal(finish);
  const firstRun = t.env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId, {
    followRuns: false,
  });
  await firstRun.result().catch((e: unknown) => e);
  // A run that continued as new is closed; its successor runs on until terminated.
  if (end === 'continue') await handle.terminate('done');
  return firstRun;
}

function clientRejecting(queryRejectCondition: 'NOT_OPEN' | 'NOT_COMPLETED_CLEANLY'): WorkflowClient {
  return new WorkflowClient({
    connection: t.env.connection,
    namespace: t.env.namespace ?? 'default',
    queryRejectCondition,
  });
}

describe('queries on closed workflows', () => {
  const worker = t.sharedWorker();

  it('are answered by a worker replaying the history, however the run closed', async () => {
    const { taskQueue } = worker;
    const ends = ['complete', 'fail', 'continue', 'terminate'] as const;
    const handles = await Promise.all(ends.map((end) => closedCounter(taskQueue, end)));
    const statuses = await Promise.all(handles.map(async (h) => (await h.describe()).status.name));
    expect(statuses).toEqual(['COMPLETED', 'FAILED', 'CONTINUED_AS_NEW', 'TERMINATED']);
    expect(await Promise.all(handles.map((h) => h.query(count)))).toEqual([7, 7, 7, 7]);
    await expect(handles[0]!.query('nope')).rejects.toThrow();
  });

  it('are rejected by NOT_OPEN, and by NOT_COMPLETED_CLEANLY unless the run completed', async () => {
    const { taskQueue } = worker;
    const [completed, failed] = await Promise.all([
      closedCounter(taskQueue, 'complete'),
      closedCounter(taskQueue, 'fail'),
    ]);
    const notOpen = clientRejecting('NOT_OPEN');
    const notCleanly = clientRejecting('NOT_COMPLETED_CLEANLY');
    const rejection = (await notOpen
      .getHandle(completed.workflowId)
      .query(count)
      .catch((e: unknown) => e)) as QueryRejectedError;
    expect(rejection).toBeInstanceOf(QueryRejectedError);
    expect(rejection.status).toBe(Status.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    expect(await notCleanly.getHandle(completed.workflowId).query(count)).toBe(7);
    const failedRejection = (await notCleanly
      .getHandle(failed.workflowId)
      .query(count)
      .catch((e: unknown) => e)) as QueryRejectedError;
    expect(failedRejection).toBeInstanceOf(QueryRejectedError);
    expect(failedRejection.status).toBe(Status.WORKFLOW_EXECUTION_STATUS_FAILED);

    const running = await t.env.client.workflow.start(counter, { taskQueue, workflowId: uniqueId('open') });
    await running.signal(ping, 3);
    expect(await notOpen.getHandle(running.workflowId).query(count)).toBe(3);
    await running.terminate('done');
  });

  it('a query sent while the closing workflow task runs is answered once the run has closed', async () => {
    // Its workflow keeps the closing task busy: on a worker thread, so that the test can act meanwhile.
    await withWorker(t.env, { workflows: 'conformance', onWorkerThread: true }, async (taskQueue) => {
      const handle = await t.env.client.workflow.start(completesOnFirstPing, {
        taskQueue,
        workflowId: uniqueId('closing'),
      });
      await handle.signal(ping, 1);
      await untilWorkflowTaskStartedAfterSignal(handle.workflowId);
      expect(await handle.query(count)).toBe(1);
      expect(await handle.result()).toEqual([1]);
    });
  });

  it('a run closed before any workflow task completed is not ready for queries', async () => {
    const handle = await t.env.client.workflow.start(counter, {
      taskQueue: uniqueId('no-worker'),
      workflowId: uniqueId('never-ran'),
    });
    await handle.terminate('never ran');
    const error = await handle.query(count).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect(String((error as ServiceError).cause)).toMatch(/closed before WorkflowTaskStarted/);
  });
});

/** Polls the history until a workflow task started after the first signal is its last event. */
async function untilWorkflowTaskStartedAfterSignal(workflowId: string): Promise<void> {
  const handle = t.env.client.workflow.getHandle(workflowId);
  for (let i = 0; i < 500; i++) {
    const events = (await handle.fetchHistory()).events ?? [];
    const last = events[events.length - 1];
    if (
      last?.workflowTaskStartedEventAttributes &&
      events.some((e) => e.workflowExecutionSignaledEventAttributes)
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error('the workflow task never started');
}
