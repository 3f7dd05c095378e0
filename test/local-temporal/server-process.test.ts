import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { describe, expect, inject, it } from 'vitest';
import { createTestEnv } from '../support/temporal';

/** Processes running the stand-in server, with the port each was given. */
function standInProcesses(): { pid: number; port: number }[] {
  const executable = inject('localTemporalPath');
  const found: { pid: number; port: number }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const at = args.indexOf(executable);
      if (at >= 0) found.push({ pid: Number(entry), port: Number(args[at + 1]) });
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => resolve(socket.destroy() !== undefined));
    socket.once('error', () => resolve(false));
  });
}

describe.skipIf(process.env.TEMPORAL_ADDRESS)('the stand-in server process', () => {
  it('answers UNIMPLEMENTED naming the RPC, and leaves no process or port behind after teardown', async () => {
    const before = new Set(standInProcesses().map((p) => p.pid));
    const env = await createTestEnv();
    const mine = standInProcesses().filter((p) => !before.has(p.pid));
    expect(mine).toHaveLength(1);
    const { pid, port } = mine[0]!;
    expect(await accepts(port)).toBe(true);

    const error = await env.client.workflowService
      .listWorkflowExecutions({ namespace: 'default' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 12 });
    expect((error as Error).message).toContain('ListWorkflowExecutions');
    const outOfScope = {
      StartActivityExecution: () =>
        env.client.workflowService.startActivityExecution({ namespace: 'default' }),
      StartNexusOperationExecution: () =>
        env.client.workflowService.startNexusOperationExecution({ namespace: 'default' }),
    };
    for (const [rpc, call] of Object.entries(outOfScope)) {
      const unimplemented = await call().catch((e: unknown) => e);
      expect(unimplemented).toMatchObject({ code: 12 });
      expect((unimplemented as Error).message).toContain(rpc);
    }

    await env.teardown();
    for (let i = 0; i < 50 && isAlive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(isAlive(pid)).toBe(false);
    expect(await accepts(port)).toBe(false);
  });
});
