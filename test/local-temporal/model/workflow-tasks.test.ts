import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../../local-temporal/model/errors';
import { failTask } from '../../../local-temporal/model/workflow-task-completion';
import { taskTimeoutMs } from '../../../local-temporal/model/workflow-task-start';
import { executionHandlers } from '../../../local-temporal/service/executions';
import { respondWorkflowTaskCompleted } from '../../../local-temporal/service/tasks';
import { restoreRuns, resume } from '../../../local-temporal/store/recover';
import { EventType } from '../../../local-temporal/proto';
import { completeWorkflow, createHarness, eventTypes, startTimer } from './harness';

function signal(h: ReturnType<typeof createHarness>, workflowId: string): void {
  // Answered once the signal is written (after a started task); the tests look at the history instead.
  void executionHandlers.SignalWorkflowExecution(h.engine, {
    namespace: 'default',
    workflowExecution: { workflowId },
    signalName: 'ping',
  } as never);
}

describe('workflow tasks', () => {
  it('numbers events from 1 and hands out the full history with the previous started id', async () => {
    const h = createHarness();
    h.start('a');
    const { run, response } = await h.poll();
    expect(response.history?.events?.map((e) => Number(e.eventId))).toEqual([1, 2, 3]);
    expect(Number(response.startedEventId)).toBe(3);
    expect(Number(response.previousStartedEventId)).toBe(0);
    h.complete(run, [startTimer('1', 5_000)]);
    expect(eventTypes(run)).toEqual([
      'WORKFLOW_EXECUTION_STARTED',
      'WORKFLOW_TASK_SCHEDULED',
      'WORKFLOW_TASK_STARTED',
      'WORKFLOW_TASK_COMPLETED',
      'TIMER_STARTED',
    ]);
    expect(run.task).toBe('none');
  });

  it('buffers a signal that arrives during a task until the task completes, then schedules a new one', async () => {
    const h = createHarness();
    h.start('a');
    const { run } = await h.poll();
    signal(h, 'a');
    expect(eventTypes(run)).not.toContain('WORKFLOW_EXECUTION_SIGNALED');
    h.complete(run, [startTimer('1', 5_000)]);
    expect(eventTypes(run).slice(-2)).toEqual(['TIMER_STARTED', 'WORKFLOW_EXECUTION_SIGNALED']);
    expect(run.task).toBe('scheduled');
  });

  it('rejects a completion that closes the run while events are buffered (UNHANDLED_COMMAND)', async () => {
    const h = createHarness();
    h.start('a');
    const { run } = await h.poll();
    signal(h, 'a');
    expect(() => h.complete(run, [completeWorkflow()])).toThrow(
      new ServiceError('INVALID_ARGUMENT', 'UnhandledCommand'),
    );
    expect(run.isOpen).toBe(true);
    expect(eventTypes(run).slice(-2)).toEqual(['WORKFLOW_TASK_FAILED', 'WORKFLOW_EXECUTION_SIGNALED']);
    expect(run.history.last?.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
    const retry = await h.poll();
    expect(retry.response.history?.events?.some((e) => e.workflowExecutionSignaledEventAttributes)).toBe(
      true,
    );
    h.complete(run, [completeWorkflow()]);
    expect(run.isOpen).toBe(false);
    expect(eventTypes(run).at(-1)).toBe('WORKFLOW_EXECUTION_COMPLETED');
  });

  it('records a failed task loudly and retries it at once with the next attempt', async () => {
    const h = createHarness();
    h.start('a');
    const { run } = await h.poll();
    failTask(h.engine, run, {
      cause: 0,
      failure: { message: 'boom', stackTrace: 'at wf' },
      identity: 'test',
    });
    expect(h.engine.failures.list()).toMatchObject([{ workflowId: 'a', message: 'boom' }]);
    expect(h.logged.join('')).toContain('boom');
    expect(run.task).toBe('scheduled');
    const retry = await h.poll();
    expect(retry.response.attempt).toBe(2);
    expect(eventTypes(run).slice(-3)).toEqual([
      'WORKFLOW_TASK_FAILED',
      'WORKFLOW_TASK_SCHEDULED',
      'WORKFLOW_TASK_STARTED',
    ]);
    expect(run.history.last?.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
  });

  it('gives a task that keeps failing a growing timeout from its fourth attempt, as the server does', () => {
    const h = createHarness();
    const run = h.start('a');
    const timeouts = [1, 2, 3, 4, 5, 6, 20].map((attempt) => {
      run.taskAttempt = attempt;
      return taskTimeoutMs(run) - run.id.taskTimeoutMs;
    });
    expect(timeouts).toEqual([0, 0, 0, 5_000, 10_000, 20_000, 600_000]);
  });

  it('fires a timer on the clock and cancels timers when the run closes', async () => {
    const h = createHarness();
    h.start('a');
    const first = await h.poll();
    h.complete(first.run, [startTimer('1', 5_000), startTimer('2', 9_000)]);
    h.engine.clock.advance(5_000);
    expect(eventTypes(first.run).at(-1)).toBe('TIMER_FIRED');
    const second = await h.poll();
    h.complete(second.run, [completeWorkflow()]);
    expect(first.run.timers.size).toBe(0);
    h.engine.clock.advance(10_000);
    expect(eventTypes(first.run).at(-1)).toBe('WORKFLOW_EXECUTION_COMPLETED');
  });
});

describe('workflow task timeout', () => {
  it('times out a started task nobody answers, records it and schedules the task again', async () => {
    const h = createHarness();
    h.start('a');
    const { run } = await h.poll();
    h.engine.clock.advance(10_000);
    expect(eventTypes(run).at(-1)).toBe('WORKFLOW_TASK_TIMED_OUT');
    expect(h.engine.failures.list()).toMatchObject([{ workflowId: 'a', cause: 'WORKFLOW_TASK_TIMED_OUT' }]);
    expect(run.task).toBe('scheduled');
    const retry = await h.poll();
    h.complete(retry.run, [completeWorkflow()]);
    expect(run.isOpen).toBe(false);
  });
});

describe('a workflow task from before a restart', () => {
  it("refuses its completion once recovery has timed it out, and takes the next attempt's", async () => {
    const h = createHarness();
    const run = h.start('a');
    // A worker took the first task; the server was killed before the worker's completion reached it.
    const before = await h.poll();
    const restarted = createHarness();
    const { namespace, runId, requestId } = run.id;
    const stored = [{ namespace, runId, requestId, events: run.history.events }];
    resume(restarted.engine, restoreRuns(restarted.engine, stored));
    const retry = await restarted.poll();
    expect(retry.response.attempt).toBe(2);
    // The worker's retried completion of the old task arrives while the new attempt is out: as the server
    // (whose task token names the task's started event and attempt), it answers that the task is not found.
    // Taken instead, its commands would be the old history's, not the new attempt's (a freeze, issue 14).
    const stale = { taskToken: before.response.taskToken, commands: [startTimer('stale', 1_000)] };
    expect(() => respondWorkflowTaskCompleted(restarted.engine, stale as never)).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
    const current = { taskToken: retry.response.taskToken, commands: [startTimer('1', 1_000)] };
    respondWorkflowTaskCompleted(restarted.engine, current as never);
    expect(eventTypes(retry.run).slice(-3)).toEqual([
      'WORKFLOW_TASK_STARTED',
      'WORKFLOW_TASK_COMPLETED',
      'TIMER_STARTED',
    ]);
  });
});
