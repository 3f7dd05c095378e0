import { EventType, type temporal } from '../proto';
import { requestCancel, terminate } from '../model/closing';
import type { Engine } from '../model/engine';
import { alreadyCompleted } from '../model/errors';
import { startWorkflow } from '../model/start';
import { startParams } from '../model/start-request';
import type { Run } from '../model/run';
import { startTask } from '../model/workflow-task-start';

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
  /** A new run's first workflow task goes back in the response when asked (eager start), as the server does. */
  StartWorkflowExecution(engine: Engine, r: Req<'StartWorkflowExecutionRequest'>) {
    const { run, started } = startWorkflow(engine, startParams(r.namespace, r));
    const eagerWorkflowTask = started && r.requestEagerExecution ? startTask(engine, run, r.identity) : null;
    return { runId: run.id.runId, started, status: run.status, eagerWorkflowTask };
  },

  SignalWorkflowExecution(engine: Engine, r: Req<'SignalWorkflowExecutionRequest'>) {
    signal(openRun(engine, r.namespace, r.workflowExecution), r);
    return {};
  },

  SignalWithStartWorkflowExecution(engine: Engine, r: Req<'SignalWithStartWorkflowExecutionRequest'>) {
    const existing = engine.latestRun(r.namespace, r.workflowId);
    const run = existing?.isOpen
      ? existing
      : startWorkflow(engine, { ...startParams(r.namespace, r), conflictPolicy: 2 }).run;
    signal(run, { signalName: r.signalName, input: r.signalInput, identity: r.identity, header: r.header });
    return { runId: run.id.runId, started: run !== existing };
  },

  RequestCancelWorkflowExecution(engine: Engine, r: Req<'RequestCancelWorkflowExecutionRequest'>) {
    requestCancel(openRun(engine, r.namespace, r.workflowExecution), r.reason, undefined);
    return {};
  },

  TerminateWorkflowExecution(engine: Engine, r: Req<'TerminateWorkflowExecutionRequest'>) {
    const run = openRun(engine, r.namespace, r.workflowExecution);
    terminate(engine, run, r.reason, r.identity);
    return {};
  },
};
