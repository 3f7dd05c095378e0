import { randomUUID } from 'node:crypto';
import type { temporal } from '../proto';
import type { Engine } from '../model/engine';
import { alreadyCompleted, notFound, workflowNotReady } from '../model/errors';
import { dispatchQueries, queryRefusal, rejectsQuery } from '../model/queries';
import type { Run } from '../model/run';
import { UpdateStage } from '../model/updates';
import { type CallContext, LONG_POLL_MS } from './context';

type WS = typeof temporal.api.workflowservice.v1;
type Req<K extends keyof WS> = WS[K] extends { prototype: infer T } ? T : never;

/**
 * QueryWorkflow, open or closed run alike: a legacy query task, dispatched once no workflow task is
 * outstanding, which a worker answers by replaying the history; refused first by its reject condition.
 */
export function queryWorkflow(engine: Engine, r: Req<'QueryWorkflowRequest'>) {
  const run = engine.findRun(r.namespace, r.execution);
  if (rejectsQuery(run, r.queryRejectCondition)) return { queryRejected: { status: run.status } };
  const refusal = queryRefusal(run);
  if (refusal) throw workflowNotReady(refusal);
  return new Promise((resolve, reject) => {
    run.queries.push({
      id: randomUUID(),
      query: r.query ?? {},
      answer: (result) => (result.ok ? resolve({ queryResult: result.value }) : reject(result.error)),
    });
    dispatchQueries(engine, run);
  });
}

/** UpdateWorkflowExecution: admits (or finds, by update id) the update and waits for the asked stage. */
export function updateWorkflow(
  engine: Engine,
  r: Req<'UpdateWorkflowExecutionRequest'>,
  context: CallContext,
) {
  return admitUpdate(engine, engine.findRun(r.namespace, r.workflowExecution), r, context);
}

export async function admitUpdate(
  engine: Engine,
  run: Run,
  r: temporal.api.workflowservice.v1.IUpdateWorkflowExecutionRequest,
  context: CallContext,
): Promise<temporal.api.workflowservice.v1.IUpdateWorkflowExecutionResponse> {
  const id = r.request?.meta?.updateId ?? '';
  const known = run.updates.get(id);
  if (!known && !run.isOpen) throw alreadyCompleted();
  const { entry, isNew } = run.updates.admit(id, r.request ?? {});
  if (isNew) engine.requestTask(run);
  const stage = Math.max(r.waitPolicy?.lifecycleStage ?? 0, UpdateStage.accepted);
  await run.updates.waitFor(entry, stage, LONG_POLL_MS, context.signal);
  if (entry.abortedWith) throw entry.abortedWith;
  return {
    updateRef: { workflowExecution: run.execution, updateId: id },
    outcome: entry.outcome,
    stage: entry.stage,
  };
}

export async function pollUpdate(
  engine: Engine,
  r: Req<'PollWorkflowExecutionUpdateRequest'>,
  context: CallContext,
) {
  const ref = r.updateRef;
  const run = engine.findRun(r.namespace, ref?.workflowExecution);
  const entry = run.updates.get(ref?.updateId ?? '');
  if (!entry) throw notFound(`update "${ref?.updateId ?? ''}" not found`);
  const stage = Math.max(r.waitPolicy?.lifecycleStage ?? 0, UpdateStage.accepted);
  await run.updates.waitFor(entry, stage, LONG_POLL_MS, context.signal);
  if (entry.abortedWith) throw entry.abortedWith;
  return {
    outcome: entry.outcome,
    stage: entry.stage,
    updateRef: { workflowExecution: run.execution, updateId: entry.id },
  };
}
