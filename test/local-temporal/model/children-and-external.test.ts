import { describe, expect, it } from 'vitest';
import { CommandType, temporal } from '../../../local-temporal/proto';
import { completeWorkflow, createHarness, eventTypes } from './harness';

const Policy = temporal.api.enums.v1.ParentClosePolicy;

const startChild = (workflowId: string, parentClosePolicy: temporal.api.enums.v1.ParentClosePolicy) => ({
  commandType: CommandType.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION,
  startChildWorkflowExecutionCommandAttributes: {
    workflowId,
    workflowType: { name: 'child' },
    taskQueue: { name: 'q' },
    parentClosePolicy,
  },
});

async function parentWithChild(policy: temporal.api.enums.v1.ParentClosePolicy) {
  const h = createHarness();
  h.start('parent');
  const { run: parent } = await h.poll();
  h.complete(parent, [startChild('child', policy)]);
  expect(eventTypes(parent).slice(-2)).toEqual([
    'START_CHILD_WORKFLOW_EXECUTION_INITIATED',
    'CHILD_WORKFLOW_EXECUTION_STARTED',
  ]);
  const child = h.engine.latestRun('default', 'child')!;
  expect(child.started.parentWorkflowExecution?.workflowId).toBe('parent');
  await h.poll(); // the child's first task
  await h.poll(); // the parent's task for ChildWorkflowExecutionStarted
  h.complete(parent, [completeWorkflow()]);
  return child;
}

describe('parent-close policy', () => {
  it('requests cancellation of the child with REQUEST_CANCEL', async () => {
    const child = await parentWithChild(Policy.PARENT_CLOSE_POLICY_REQUEST_CANCEL);
    expect(child.isOpen).toBe(true);
    expect(child.cancelRequested).toBe(true);
  });

  it('leaves the child alone with ABANDON', async () => {
    const child = await parentWithChild(Policy.PARENT_CLOSE_POLICY_ABANDON);
    expect(child.isOpen).toBe(true);
    expect(child.cancelRequested).toBe(false);
  });

  it('terminates the child by default', async () => {
    const child = await parentWithChild(Policy.PARENT_CLOSE_POLICY_UNSPECIFIED);
    expect(eventTypes(child).at(-1)).toBe('WORKFLOW_EXECUTION_TERMINATED');
  });
});

describe('signal external', () => {
  it('fails with EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND when the target does not run', async () => {
    const h = createHarness();
    h.start('a');
    const { run } = await h.poll();
    h.complete(run, [
      {
        commandType: CommandType.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION,
        signalExternalWorkflowExecutionCommandAttributes: {
          execution: { workflowId: 'nobody' },
          signalName: 'hi',
        },
      },
    ]);
    expect(eventTypes(run).slice(-2)).toEqual([
      'SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED',
      'SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED',
    ]);
    expect(run.task).toBe('scheduled');
  });
});
