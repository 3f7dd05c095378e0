import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../../local-temporal/model/errors';
import { startWorkflow } from '../../../local-temporal/model/start';
import { startParams } from '../../../local-temporal/model/start-request';
import { completeWorkflow, createHarness } from './harness';

describe('workflow id policies', () => {
  it('allows at most one open run per workflow id', async () => {
    const h = createHarness();
    const first = h.start('a');
    expect(() => h.start('a', { requestId: 'other' })).toThrow(ServiceError);
    expect(h.start('a').id.runId).toBe(first.id.runId);
    const useExisting = startWorkflow(
      h.engine,
      startParams('default', {
        workflowId: 'a',
        workflowType: { name: 'wf' },
        taskQueue: { name: 'q' },
        requestId: 'x',
        workflowIdConflictPolicy: 2,
      }),
    );
    expect(useExisting).toMatchObject({ run: first, outcome: 'existing' });
    const { run } = await h.poll();
    h.complete(run, [completeWorkflow()]);
    expect(h.start('a', { requestId: 'again' }).id.runId).not.toBe(first.id.runId);
  });

  it('applies the reuse policy to closed runs', async () => {
    const h = createHarness();
    h.start('a');
    const { run } = await h.poll();
    h.complete(run, [completeWorkflow()]);
    expect(() => h.start('a', { requestId: 'r2', workflowIdReusePolicy: 3 })).toThrow(/reuse policy/);
    expect(() => h.start('a', { requestId: 'r3', workflowIdReusePolicy: 2 })).toThrow(/reuse policy/);
    expect(h.start('a', { requestId: 'r4', workflowIdReusePolicy: 1 }).isOpen).toBe(true);
  });

  it('terminates the open run when the conflict policy says so', () => {
    const h = createHarness();
    const first = h.start('a');
    const second = h.start('a', { requestId: 'r2', workflowIdConflictPolicy: 3 });
    expect(first.isOpen).toBe(false);
    expect(first.closeEvent?.workflowExecutionTerminatedEventAttributes).toBeTruthy();
    expect(second.isOpen).toBe(true);
  });
});
