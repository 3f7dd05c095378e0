import { describe, expect, it } from 'vitest';
import { uniqueId, useConformanceEnv } from './env';
import { pingLog } from './workflows';
import { finish, ping } from './workflows/messages';

const t = useConformanceEnv();

describe('SignalWithStart', () => {
  it('delivers the signal input, not the start arguments, to the handler', async () => {
    const result = await t.run(async (taskQueue) => {
      const handle = await t.env.client.workflow.signalWithStart(pingLog, {
        taskQueue,
        workflowId: uniqueId('signal-with-start'),
        args: ['start argument'],
        signal: ping,
        signalArgs: [7],
      });
      await handle.signal(finish);
      return handle.result();
    });
    expect(result).toEqual({ label: 'start argument', pings: [7] });
  });

  it('starts the workflow once under two concurrent calls and delivers both signals', async () => {
    const workflowId = uniqueId('signal-with-start-twice');
    const { runIds, result } = await t.run(async (taskQueue) => {
      const send = (n: number) =>
        t.env.client.workflow.signalWithStart(pingLog, {
          taskQueue,
          workflowId,
          args: ['once'],
          signal: ping,
          signalArgs: [n],
        });
      const handles = await Promise.all([send(1), send(2)]);
      await handles[0].signal(finish);
      return { runIds: handles.map((h) => h.signaledRunId), result: await handles[0].result() };
    });
    expect(new Set(runIds).size).toBe(1);
    expect(result.label).toBe('once');
    expect([...result.pings].sort()).toEqual([1, 2]);
  });
});
