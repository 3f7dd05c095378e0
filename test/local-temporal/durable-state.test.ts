import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { status as grpcStatus } from '@grpc/grpc-js';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, stateFileIn, StateUnreadable } from '../../local-temporal';
import { encodeLine, FORMAT } from '../../local-temporal/store/state-file';
import { installQuietRuntime, withWorker, type WorkerOptions } from '../support/temporal';
import { uniqueId } from './env';
import { createConformanceActivities } from './workflows/activities';
import { ledger, retried, sleeper } from './workflows';
import { add, count } from './workflows/messages';

/** The stand-in served in-process with its state in a directory, and a client and worker connection. */
async function served(stateDir: string) {
  const server = await serve({ port: 0, clock: 'real', stateDir });
  const connection = await Connection.connect({ address: server.address });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  return {
    server,
    client: new Client({ connection }),
    run: <T>(taskQueue: string, fn: () => Promise<T>, activities?: WorkerOptions['activities']) =>
      withWorker(
        { nativeConnection, namespace: 'default' },
        { workflows: 'conformance', taskQueue, activities },
        fn,
      ),
    close: async () => {
      await nativeConnection.close();
      await connection.close();
      await server.close();
    },
  };
}

async function timerStarted(client: Client, workflowId: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    if (events.some((e) => e.timerStartedEventAttributes)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the timer never started');
}

let dir: string;
beforeAll(async () => {
  installQuietRuntime();
  dir = await mkdtemp(path.join(os.tmpdir(), 'local-temporal-state-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(process.env.TEMPORAL_ADDRESS)('local-temporal with its state in a directory', () => {
  it('finds every workflow, its updates, timers and the clock again after a restart', async () => {
    const stateDir = path.join(dir, 'restart');
    const taskQueue = `durable-${uniqueId('q')}`;
    const ledgerId = uniqueId('ledger');
    const sleeperId = uniqueId('sleeper');
    let clockBefore: number;
    const first = await served(stateDir);
    try {
      await first.run(taskQueue, async () => {
        const handle = await first.client.workflow.start(ledger, { taskQueue, workflowId: ledgerId });
        expect(await handle.executeUpdate(add, { args: [5], updateId: 'add-5' })).toBe(5);
        await first.client.workflow.start(sleeper, { taskQueue, workflowId: sleeperId, args: [3_600_000] });
        await timerStarted(first.client, sleeperId);
      });
      first.server.advance(600_000);
      clockBefore = first.server.now();
    } finally {
      await first.close();
    }

    const second = await served(stateDir);
    try {
      expect(second.server.now()).toBeGreaterThanOrEqual(clockBefore);
      expect(second.server.now() - clockBefore).toBeLessThan(60_000);
      await second.run(taskQueue, async () => {
        const handle = second.client.workflow.getHandle(ledgerId);
        // The same update id answers its first outcome; a new one runs on the state carried over.
        expect(await handle.executeUpdate(add, { args: [5], updateId: 'add-5' })).toBe(5);
        expect(await handle.executeUpdate(add, { args: [2], updateId: 'add-2' })).toBe(7);
        expect(await handle.query(count)).toBe(7);
        second.server.advance(3_000_000);
        const slept = await second.client.workflow.getHandle(sleeperId).result();
        expect(slept).toBeGreaterThanOrEqual(3_600_000);
      });
      expect(second.server.workflowTaskFailures()).toEqual([]);
    } finally {
      await second.close();
    }
  });

  it("goes on counting an activity's attempts after a restart, and refuses the answer of the attempt before", async () => {
    const stateDir = path.join(dir, 'attempts');
    const taskQueue = `attempts-${uniqueId('q')}`;
    const workflowId = uniqueId('retried');
    const first = await served(stateDir);
    let stale: Uint8Array | null | undefined;
    try {
      // A worker with no activities runs the workflow; the activity's first attempt is taken by hand.
      await first.run(taskQueue, async () => {
        await first.client.workflow.start(retried, { taskQueue, workflowId, args: [1] });
        const polled = await first.client.workflowService.pollActivityTaskQueue({
          namespace: 'default',
          taskQueue: { name: taskQueue },
        });
        expect(polled.attempt).toBe(1);
        stale = polled.taskToken;
      });
    } finally {
      await first.close();
    }

    const second = await served(stateDir);
    try {
      const { activities } = createConformanceActivities();
      const attempt = await second.run(
        taskQueue,
        () => second.client.workflow.getHandle(workflowId).result(),
        activities,
      );
      expect(attempt).toBe(2);
      const late = await second.client.workflowService
        .respondActivityTaskCompleted({
          namespace: 'default',
          taskToken: stale,
          identity: 'before the restart',
        })
        .catch((e: unknown) => e);
      expect(late).toMatchObject({ code: grpcStatus.NOT_FOUND });
    } finally {
      await second.close();
    }
  });

  it('refuses to start on a damaged state file or another format version, naming the file', async () => {
    const stateDir = path.join(dir, 'damaged');
    const first = await served(stateDir);
    await first.run(`damaged-${uniqueId('q')}`, () => Promise.resolve());
    await first.close();
    const file = stateFileIn(stateDir);
    const text = await readFile(file, 'utf8');

    // A torn last line (a crash in the middle of a write that was never acknowledged) is dropped.
    await writeFile(file, `${text}0badf00d [{"t":"clo`);
    const reopened = await serve({ port: 0, clock: 'real', stateDir });
    await reopened.close();
    expect(await readFile(file, 'utf8')).toBe(text);

    const [header, ...rest] = text.split('\n');
    await writeFile(file, [header, '00000000 [{"t":"clock","offsetMs":1}]', ...rest].join('\n'));
    const damaged = serve({ port: 0, clock: 'real', stateDir });
    await expect(damaged).rejects.toBeInstanceOf(StateUnreadable);
    await expect(damaged).rejects.toThrow(`${file} cannot be read: line 2 is damaged`);

    const other = encodeLine([{ format: FORMAT, version: 99 }]);
    await writeFile(file, [other.trimEnd(), ...rest].join('\n'));
    await expect(serve({ port: 0, clock: 'real', stateDir })).rejects.toThrow(
      `${file} cannot be read: it is in format version 99, and this version of the app reads version 1`,
    );
  });
});
