import { EventType, type temporal } from '../proto';
import { requestCancel, terminate } from '../model/closing';
import type { Engine } from '../model/engine';
import { alreadyCompleted } from '../model/errors';
import { startWorkflow } from '../model/start';
import { startParams } from '../model/start-request';
import type { Run } from '../model/run';
import { outstandingFirstTask, startTask } from '../model/workflow-task-start';

type WS = typeof temporal.api.workflowservice.v1;
type Req<K extends keyof WS> = WS[K] extends { prototype: infer T } ? T : never;

function openRun(
  engine: Engine,
  namespace: string,
  execution: temporal.api.common.v1.IWorkflowExecution | null | undefined,
): Run {
  const run = engine.findRun(namespace, execution);
  if (!run.isOpen) throw alreadyCompleted();
  return run;
}

function signal(
  run: Run,
  r: {
    signalName?: string | null;
    input?: temporal.api.common.v1.IPayloads | null;
    identity?: string | null;
    header?: temporal.api.common.v1.IHeader | null;
  },
): void {
  run.external(() =>
    run.history.append(
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
      'workflowExecutionSignaledEventAttributes',
      {
        signalName: r.signalName,
        input: r.input,
        identity: r.identity,
        header: r.header,
      },
    ),
  );
}

export const executionHandlers = {
  /**
   * As the server: a retried request (same request id) answers `started` too, with its run; asked for an
   * eager start, a new run's first workflow task goes back in the response, and a retry gets it again while
   * it is outstanding.
   */
  StartWorkflowExecution(engine: Engine, r: Req<'StartWorkflowExecutionRequest'>) {
    const { run, outcome } = startWorkflow(engine, startParams(r.namespace, r));
    const eagerWorkflowTask = !r.requestEagerExecution
      ? null
      : outcome === 'new'
        ? startTask(engine, run, r.identity)
        : outcome === 'deduped'
          ? outstandingFirstTask(engine, run)
          : null;
    return { runId: run.id.runId, started: outcome !== 'existing', status: run.status, eagerWorkflowTask };
  },

  // A signal or cancel request that arrives during a workflow task is buffered until the task ends: it is
  // answered once written, so that what was acknowledged is durable.
  async SignalWorkflowExecution(engine: Engine, r: Req<'SignalWorkflowExecutionRequest'>) {
    const run = openRun(engine, r.namespace, r.workflowExecution);
    signal(run, r);
    await run.bufferedWritten();
    return {};
  },

  async SignalWithStartWorkflowExecution(engine: Engine, r: Req<'SignalWithStartWorkflowExecutionRequest'>) {
    const existing = engine.latestRun(r.namespace, r.workflowId);
    const run = existing?.isOpen
      ? existing
      : startWorkflow(engine, { ...startParams(r.namespace, r), conflictPolicy: 2 }).run;
    signal(run, { signalName: r.signalName, input: r.signalInput, identity: r.identity, header: r.header });
    await run.bufferedWritten();
    return { runId: run.id.runId, started: run !== existing };
  },

  async RequestCancelWorkflowExecution(engine: Engine, r: Req<'RequestCancelWorkflowExecutionRequest'>) {
    const run = openRun(engine, r.namespace, r.workflowExecution);
    requestCancel(run, r.reason, undefined);
    await run.bufferedWritten();
    return {};
  },

  TerminateWorkflowExecution(engine: Engine, r: Req<'TerminateWorkflowExecutionRequest'>) {
    const run = openRun(engine, r.namespace, r.workflowExecution);
    terminate(engine, run, r.reason, r.identity);
    return {};
  },
};
