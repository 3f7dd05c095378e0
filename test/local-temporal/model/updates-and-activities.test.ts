import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { heartbeat, startAttempt } from '../../../local-temporal/model/activity-attempts';
import { completeActivity, failActivity } from '../../../local-temporal/model/activity-results';
import { terminate } from '../../../local-temporal/model/closing';
import type { Engine } from '../../../local-temporal/model/engine';
import { ABORTED_BY_CLOSING_WORKFLOW, ACTIVITY_TASK_NOT_FOUND } from '../../../local-temporal/model/errors';
import {
  UNPROCESSED_UPDATE_FAILURE,
  UpdateRegistry,
  UpdateStage,
} from '../../../local-temporal/model/updates';
import { duration, temporal } from '../../../local-temporal/proto';
import { activityResponses, pollActivityTask } from '../../../local-temporal/service/tasks';
import { executionHandlers } from '../../../local-temporal/service/executions';
import { openState, stateFileIn } from '../../../local-temporal/store/open-state';
import { restoreRuns, resume } from '../../../local-temporal/store/recover';
import { readStateFile } from '../../../local-temporal/store/state-file';
import { createHarness, eventTypes, scheduleActivity, startTimer } from './harness';

function rejection(updateId: string): temporal.api.protocol.v1.IMessage {
  return {
    id: `${updateId}/reject`,
    protocolInstanceId: updateId,
    body: {
      type_url: 'type.googleapis.com/temporal.api.update.v1.Rejection',
      value: temporal.api.update.v1.Rejection.encode({ failure: { message: 'invalid' } }).finish(),
    },
  };
}

describe('updates', () => {
  it('a validator rejection in an update-only task leaves no event and resets the history', async () => {
    const h = createHarness();
    h.start('a');
    const first = await h.poll();
    h.complete(first.run, [startTimer('1', 60_000)]);
    const before = eventTypes(first.run);
    const { entry } = first.run.updates.admit('u1', { meta: { updateId: 'u1' }, input: { name: 'add' } });
    h.engine.requestTask(first.run);
    const { run, response } = await h.poll();
    expect(response.messages?.map((m) => m.protocolInstanceId)).toEqual(['u1']);
    expect(h.complete(run, [], [rejection('u1')])).toEqual({ resetHistoryEventId: 3 });
    expect(eventTypes(run)).toEqual(before);
    expect(entry.stage).toBe(UpdateStage.completed);
    expect(entry.outcome?.failure?.message).toBe('invalid');
  });

  it('rejects an update its task delivered that the worker did not answer, as the server (no event)', async () => {
    const h = createHarness();
    h.start('a');
    const first = await h.poll();
    h.complete(first.run, [startTimer('1', 60_000)]);
    const { entry: ignored } = first.run.updates.admit('u1', { meta: { updateId: 'u1' } });
    h.engine.clock.advance(60_000); // the timer fires: the task that carries u1 also carries an event
    const { run, response } = await h.poll();
    expect(response.messages?.map((m) => m.protocolInstanceId)).toEqual(['u1']);
    // Admitted while that task is out: not delivered by it, so not the worker's to answer yet.
    const { entry: later } = run.updates.admit('u2', { meta: { updateId: 'u2' } });
    h.complete(run, [startTimer('2', 60_000)]);
    expect(ignored.stage).toBe(UpdateStage.completed);
    expect(ignored.outcome?.failure).toEqual(UNPROCESSED_UPDATE_FAILURE);
    expect(run.updates.get('u1')).toBeUndefined();
    expect(eventTypes(run).filter((t) => t.includes('UPDATE'))).toEqual([]);
    expect(later.stage).toBe(UpdateStage.admitted);
    const next = await h.poll();
    expect(next.response.messages?.map((m) => m.protocolInstanceId)).toEqual(['u2']);
  });

  it('rejects an unanswered update of an update-only task too, and drops the task', async () => {
    const h = createHarness();
    h.start('a');
    const first = await h.poll();
    h.complete(first.run, [startTimer('1', 60_000)]);
    const before = eventTypes(first.run);
    const { entry } = first.run.updates.admit('u1', { meta: { updateId: 'u1' } });
    h.engine.requestTask(first.run);
    const { run } = await h.poll();
    expect(h.complete(run, [])).toEqual({ resetHistoryEventId: 3 });
    expect(entry.outcome?.failure?.applicationFailureInfo?.type).toBe('UnprocessedUpdate');
    expect(eventTypes(run)).toEqual(before);
    expect(run.task).toBe('none');
  });

  it('closing aborts an update not yet accepted and forgets it; an accepted one fails with an outcome', async () => {
    const h = createHarness();
    h.start('a');
    const { run } = await h.poll();
    h.complete(run, [startTimer('1', 60_000)]);
    const { entry: admitted } = run.updates.admit('u1', { meta: { updateId: 'u1' } });
    terminate(h.engine, run, 'enough', 'test');
    expect(admitted.abortedWith).toMatchObject({ code: 'NOT_FOUND', message: ABORTED_BY_CLOSING_WORKFLOW });
    expect(run.updates.get('u1')).toBeUndefined();

    const continuing = new UpdateRegistry();
    const { entry: waiting } = continuing.admit('u1', {});
    const { entry: accepted } = continuing.admit('u2', {});
    continuing.accept('u2', 5);
    continuing.abortAll(true);
    expect(waiting.abortedWith?.code).toBe('RESOURCE_EXHAUSTED');
    expect(accepted.outcome?.failure?.applicationFailureInfo?.type).toBe('AcceptedUpdateCompletedWorkflow');
    expect(continuing.get('u2')).toBe(accepted);
  });

  it('admitting an update id twice returns the first update', () => {
    const h = createHarness();
    const run = h.start('a');
    const first = run.updates.admit('same', { meta: { updateId: 'same' } });
    const second = run.updates.admit('same', { meta: { updateId: 'same' }, input: { name: 'other' } });
    expect(second).toEqual({ entry: first.entry, isNew: false });
  });
});

async function scheduledActivity(timeouts: { heartbeatMs?: number; scheduleToCloseMs?: number }) {
  const h = createHarness();
  h.start('a');
  const { run } = await h.poll();
  h.complete(run, [
    scheduleActivity({
      heartbeatTimeout: duration(timeouts.heartbeatMs ?? 0),
      scheduleToCloseTimeout: duration(timeouts.scheduleToCloseMs ?? 0),
      retryPolicy: { initialInterval: duration(1_000), maximumAttempts: 1 },
    }),
  ]);
  const task = (await h.engine.activityQueue('q').poll(10))!;
  startAttempt(h.engine, task);
  return { h, run, task };
}

describe('activities', () => {
  it('times out on a missed heartbeat, each heartbeat restarting the timeout', async () => {
    const { h, run, task } = await scheduledActivity({ heartbeatMs: 2_000 });
    h.engine.clock.advance(1_500);
    heartbeat(h.engine, task, null);
    h.engine.clock.advance(1_500);
    expect(task.phase).toBe('started');
    h.engine.clock.advance(500);
    expect(task.phase).toBe('closed');
    const timedOut = run.history.last?.activityTaskTimedOutEventAttributes;
    expect(timedOut?.failure?.timeoutFailureInfo?.timeoutType).toBe(
      temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_HEARTBEAT,
    );
  });

  it('times out after schedule-to-close, whatever the attempts', async () => {
    const { h, run, task } = await scheduledActivity({ scheduleToCloseMs: 5_000 });
    h.engine.clock.advance(5_000);
    expect(task.phase).toBe('closed');
    const timedOut = run.history.last?.activityTaskTimedOutEventAttributes;
    expect(timedOut?.failure?.message).toBe('activity ScheduleToClose timeout');
    expect(timedOut?.retryState).toBe(temporal.api.enums.v1.RetryState.RETRY_STATE_TIMEOUT);
  });

  it('retries after the backoff on the clock, times attempts out, and records one started/closed pair', async () => {
    const h = createHarness();
    h.start('a');
    const { run } = await h.poll();
    h.complete(run, [
      scheduleActivity({
        startToCloseTimeout: duration(1_000),
        retryPolicy: { initialInterval: duration(1_000), maximumAttempts: 3 },
      }),
    ]);
    const queue = h.engine.activityQueue('q');
    const task = (await queue.poll(10))!;
    startAttempt(h.engine, task);
    failActivity(h.engine, task, { message: 'flaky', applicationFailureInfo: { type: 'Error' } }, 'w');
    expect(task.phase).toBe('backoff');
    h.engine.clock.advance(999);
    expect(queue.length).toBe(0);
    h.engine.clock.advance(1);
    expect(queue.length).toBe(1);
    startAttempt(h.engine, (await queue.poll(10))!);
    h.engine.clock.advance(1_000);
    expect(task.lastFailure?.timeoutFailureInfo?.timeoutType).toBe(
      temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE,
    );
    h.engine.clock.advance(2_000);
    startAttempt(h.engine, (await queue.poll(10))!);
    expect(task.attempt).toBe(3);
    completeActivity(h.engine, task, null, 'w');
    expect(eventTypes(run).slice(-3)).toEqual([
      'ACTIVITY_TASK_SCHEDULED',
      'ACTIVITY_TASK_STARTED',
      'ACTIVITY_TASK_COMPLETED',
    ]);
    expect(run.history.last?.activityTaskCompletedEventAttributes?.scheduledEventId).toBe(5);
    expect(run.task).toBe('scheduled');
  });

  it('goes on counting attempts after a restart and refuses an answer to the attempt out before it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'local-temporal-attempts-'));
    try {
      const h = createHarness();
      const log = await openState(h.engine, dir);
      h.start('a');
      const { run } = await h.poll();
      h.complete(run, [scheduleActivity()]);
      const pollActivity = (engine: Engine) =>
        pollActivityTask(engine, { taskQueue: { name: 'q' } } as never, {
          signal: new AbortController().signal,
        });
      const before = await pollActivity(h.engine);
      expect(before.attempt).toBe(1);
      await h.engine.durable(); // as the gRPC shell does before the poll's answer leaves
      await log.close(); // the process stops; the worker holds attempt 1

      const restarted = createHarness();
      await openState(restarted.engine, dir);
      const retry = await pollActivity(restarted.engine);
      // As the server, which keeps the attempt: the count goes on, and the token of attempt 1 is stale.
      expect(retry.attempt).toBe(2);
      const complete = (taskToken: Uint8Array | null | undefined) =>
        activityResponses.RespondActivityTaskCompleted(restarted.engine, {
          taskToken,
          identity: 'w',
        } as never);
      await expect(complete(before.taskToken)).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: ACTIVITY_TASK_NOT_FOUND,
      });
      await complete(retry.taskToken);
      const restartedRun = restarted.engine.runById(run.id.runId)!;
      expect(eventTypes(restartedRun).slice(-2)).toEqual([
        'ACTIVITY_TASK_STARTED',
        'ACTIVITY_TASK_COMPLETED',
      ]);
      expect(restartedRun.history.events.at(-2)?.activityTaskStartedEventAttributes?.attempt).toBe(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('answers a result that arrives during a workflow task once it is written, so a restart cannot lose it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'local-temporal-result-'));
    try {
      const h = createHarness();
      const log = await openState(h.engine, dir);
      h.start('a');
      const first = await h.poll();
      h.complete(first.run, [scheduleActivity()]);
      const activity = await pollActivityTask(h.engine, { taskQueue: { name: 'q' } } as never, {
        signal: new AbortController().signal,
      });
      await executionHandlers.SignalWorkflowExecution(h.engine, {
        namespace: 'default',
        workflowExecution: { workflowId: 'a' },
        signalName: 'ping',
      } as never);
      const { run } = await h.poll(); // a workflow task is out when the activity's result arrives
      let answered = false;
      const answer = Promise.resolve(
        activityResponses.RespondActivityTaskCompleted(h.engine, {
          taskToken: activity.taskToken,
          identity: 'w',
        } as never),
      )
        .then(() => h.engine.durable()) // as the gRPC shell does before the answer leaves
        .then(() => (answered = true));
      await h.engine.durable();
      await new Promise((resolve) => setImmediate(resolve));
      expect(answered).toBe(false); // its event waits for the task to end, and so does its answer
      h.complete(run, []);
      await answer;
      const stored = readStateFile(stateFileIn(dir))!.records.flatMap((r) =>
        r.t === 'event' ? [temporal.api.history.v1.HistoryEvent.decode(Buffer.from(r.event, 'base64'))] : [],
      );
      expect(stored.some((e) => e.activityTaskCompletedEventAttributes)).toBe(true);
      await log.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('times an activity out after a restart when the attempt a worker held was its last, after the task out', async () => {
    const h = createHarness();
    h.start('a');
    const { run } = await h.poll();
    h.complete(run, [scheduleActivity({ retryPolicy: { maximumAttempts: 3 } })]);
    h.engine.requestTask(run);
    await h.poll(); // a workflow task is out too when the process stops
    const restarted = createHarness();
    const { namespace, runId, requestId } = run.id;
    const stored = [{ namespace, runId, requestId, events: run.history.events, attempts: new Map([[5, 3]]) }];
    resume(restarted.engine, restoreRuns(restarted.engine, stored));
    expect(eventTypes(restarted.engine.runById(runId)!).slice(-4)).toEqual([
      'WORKFLOW_TASK_STARTED',
      'WORKFLOW_TASK_TIMED_OUT',
      'ACTIVITY_TASK_STARTED',
      'ACTIVITY_TASK_TIMED_OUT',
    ]);
    const timedOut = restarted.engine.runById(runId)!.history.last?.activityTaskTimedOutEventAttributes;
    expect(timedOut?.retryState).toBe(temporal.api.enums.v1.RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED);
    expect(timedOut?.failure?.timeoutFailureInfo?.timeoutType).toBe(
      temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE,
    );
    expect(restarted.engine.activityQueue('q').length).toBe(0);
  });
});
