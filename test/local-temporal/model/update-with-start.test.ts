import { describe, expect, it } from 'vitest';
import { terminate } from '../../../local-temporal/model/closing';
import { ABORTED_BY_CLOSING_WORKFLOW, ServiceError } from '../../../local-temporal/model/errors';
import { UpdateStage } from '../../../local-temporal/model/updates';
import { temporal } from '../../../local-temporal/proto';
import { executeMultiOperation } from '../../../local-temporal/service/update-with-start';
import { createHarness, startTimer } from './harness';

const USE_EXISTING = temporal.api.enums.v1.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING;
const TERMINATE_EXISTING =
  temporal.api.enums.v1.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING;

/** Update-with-Start of update `u` on workflow `w`, joining a running workflow (USE_EXISTING). */
function updateWithStart(h: ReturnType<typeof createHarness>, requestId: string) {
  const request = temporal.api.workflowservice.v1.ExecuteMultiOperationRequest.create({
    namespace: 'default',
    operations: [
      {
        startWorkflow: {
          namespace: 'default',
          workflowId: 'w',
          workflowType: { name: 'wf' },
          taskQueue: { name: 'q' },
          requestId,
          workflowIdConflictPolicy: USE_EXISTING,
        },
      },
      {
        updateWorkflow: {
          namespace: 'default',
          workflowExecution: { workflowId: 'w' },
          request: { meta: { updateId: 'u' }, input: { name: 'add' } },
        },
      },
    ],
  });
  return executeMultiOperation(h.engine, request, { signal: new AbortController().signal });
}

const rejection: temporal.api.protocol.v1.IMessage = {
  id: 'u/reject',
  protocolInstanceId: 'u',
  body: {
    type_url: 'type.googleapis.com/temporal.api.update.v1.Rejection',
    value: temporal.api.update.v1.Rejection.encode({ failure: { message: 'invalid' } }).finish(),
  },
};

const aMoment = () => new Promise((resolve) => setImmediate(resolve));

async function runningWorkflow(h: ReturnType<typeof createHarness>) {
  h.start('w');
  const { run } = await h.poll();
  h.complete(run, [startTimer('1', 60_000)]);
  return run;
}

describe('Update-with-Start on a closing workflow', () => {
  it('is tried once more when the run it joined closes before accepting the update: the retry starts a run', async () => {
    const h = createHarness();
    const joined = await runningWorkflow(h);
    const call = updateWithStart(h, 'uws');
    expect(joined.updates.get('u')?.stage).toBe(UpdateStage.admitted);
    terminate(h.engine, joined, 'closing', 'test');
    await aMoment();
    const started = h.engine.latestRun('default', 'w')!;
    expect(started).not.toBe(joined);
    expect(started.updates.get('u')?.stage).toBe(UpdateStage.admitted);
    const { run } = await h.poll();
    h.complete(run, [], [rejection]);
    const answer = await call;
    expect(answer.responses[0]?.startWorkflow).toMatchObject({ runId: started.id.runId, started: true });
    expect(answer.responses[1]?.updateWorkflow?.outcome?.failure?.message).toBe('invalid');
  });

  it('answers ABORTED (which the client retries) when the retry is aborted by a closing run again', async () => {
    const h = createHarness();
    await runningWorkflow(h);
    const call = updateWithStart(h, 'uws').catch((e: unknown) => e);
    h.start('w', { requestId: 'second', workflowIdConflictPolicy: TERMINATE_EXISTING });
    await aMoment();
    expect(h.engine.latestRun('default', 'w')?.updates.get('u')?.stage).toBe(UpdateStage.admitted);
    h.start('w', { requestId: 'third', workflowIdConflictPolicy: TERMINATE_EXISTING });
    const error = (await call) as ServiceError;
    expect(error).toBeInstanceOf(ServiceError);
    expect(error.code).toBe('ABORTED');
    const { statuses } = temporal.api.errordetails.v1.MultiOperationExecutionFailure.decode(
      error.details[0]!.value,
    );
    expect(statuses.map((s) => [s.code, s.message])).toEqual([
      [10, 'Operation was aborted.'],
      [10, ABORTED_BY_CLOSING_WORKFLOW],
    ]);
  });
});
