import net from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { serve } from '../../local-temporal';
import { withWorker } from '../support/temporal';
import { uniqueId } from './env';
import { sleeper } from './workflows';

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => resolve(socket.destroy() !== undefined));
    socket.once('error', () => resolve(false));
  });
}

describe.skipIf(process.env.TEMPORAL_ADDRESS)('local-temporal served in-process', () => {
  it('runs workflows on a real-time clock that advance() moves forward, and closes its port', async () => {
    const server = await serve({ port: 0, clock: 'real' });
    const connection = await Connection.connect({ address: server.address });
    const nativeConnection = await NativeConnection.connect({ address: server.address });
    try {
      const client = new Client({ connection });
      const result = await withWorker(
        { nativeConnection, namespace: 'default' },
        { workflows: 'conformance' },
        async (taskQueue) => {
          const handle = await client.workflow.start(sleeper, {
            taskQueue,
            workflowId: uniqueId('in-process'),
            args: [3_600_000],
          });
          for (let i = 0; i < 500; i++) {
            const events = (await handle.fetchHistory()).events ?? [];
            if (events.some((e) => e.timerStartedEventAttributes)) break;
            await new Promise((resolve) => setTimeout(resolve, 5));
          }
          const before = server.now();
          server.advance(3_600_000);
          expect(server.now() - before).toBeGreaterThanOrEqual(3_600_000);
          return handle.result();
        },
      );
      expect(result).toBeGreaterThanOrEqual(3_600_000);
      expect(result).toBeLessThan(3_610_000);
      expect(server.workflowTaskFailures()).toEqual([]);
    } finally {
      await nativeConnection.close();
      await connection.close();
      await server.close();
    }
    expect(await accepts(server.port)).toBe(false);
  });
});
