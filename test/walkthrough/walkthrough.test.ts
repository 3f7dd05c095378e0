import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localIssuer } from '../../api/auth/local-issuer';
import type { Role } from '../../domain/primitives';

// `npm start` as a newcomer runs it (in-process engine, development clock), the curl walk-through of one DRR
// against it, `npm run demo` against the same server, then a graceful stop.

const REPO = process.cwd();

interface RequirementRead {
  status: string;
  type: string;
  reviews: { status: string }[];
  drugTests: unknown[];
  appointments: unknown[];
}

interface OrderListItem {
  id: string;
  status: string;
  requirementTypes: string[];
}

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Runs a command, collecting its output; `exited` resolves with its exit code. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv): Started {
  const child = spawn(command, args, { cwd: REPO, env: { ...process.env, ...env } });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** A process as /proc shows it: its parent, and its start time (so that a reused pid is not mistaken for it). */
function procStat(pid: number): { ppid: number; start: string; state: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0]!, ppid: Number(fields[1]), start: fields[19]! };
  } catch {
    return null;
  }
}

/** Every live descendant of `root`, with its start time. */
function descendants(root: number): Map<number, string> {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    const stat = Number.isInteger(pid) ? procStat(pid) : null;
    if (stat) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), pid]);
  }
  const found = new Map<number, string>();
  const queue = [root];
  while (queue.length > 0) {
    for (const pid of children.get(queue.shift()!) ?? []) {
      const stat = procStat(pid);
      if (stat) found.set(pid, stat.start);
      queue.push(pid);
    }
  }
  return found;
}

function stillRunning(processes: Map<number, string>): number[] {
  return [...processes]
    .filter(([pid, start]) => {
      const stat = procStat(pid);
      return stat !== null && stat.start === start && stat.state !== 'Z';
    })
    .map(([pid]) => pid);
}

/** SIGTERM to the topmost of `processes` still running, then SIGKILL to any left after 10 s. */
async function stopLeftovers(processes: Map<number, string>): Promise<void> {
  const running = stillRunning(processes);
  const tops = running.filter((pid) => !running.includes(procStat(pid)?.ppid ?? 0));
  for (const pid of tops) process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (stillRunning(processes).length > 0 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  for (const pid of stillRunning(processes)) process.kill(pid, 'SIGKILL');
}

async function readyWithin(base: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const ok = await fetch(`${base}/health/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

describe('npm start, the DRR walk-through and npm run demo', () => {
  let dataDir: string;
  let base: string;
  let server: Started;
  let readyAfterMs: number;
  let ready: boolean;
  let tree = new Map<number, string>();
  const env = () => ({ BASE_URL: base, CSTR_DATA_DIR: dataDir });

  const get = async <T>(role: Role, org: string, route: string): Promise<T> => {
    const issuer = await localIssuer(dataDir);
    const token = await issuer.mint({ role, org, sub: 'walkthrough-test' });
    const res = await fetch(`${base}${route}`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status, `GET ${route}`).toBe(200);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'cstr-walkthrough-'));
    await chmod(dataDir, 0o755); // as root, Postgres runs as the `postgres` user, which must reach it
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const spawnedAt = Date.now();
    server = run('npm', ['start'], {
      CSTR_ENGINE: 'in-process',
      CSTR_DEV_CLOCK: '1',
      // A busy CI machine can take longer than the production budget for a workflow task.
      COMMAND_TIMEOUT_MS: '15000',
      CSTR_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
    });
    ready = await readyWithin(base, 120_000);
    readyAfterMs = Date.now() - spawnedAt;
    console.info(`/health/ready answered 200 ${readyAfterMs} ms after spawn`);
  });

  afterAll(async () => {
    // After a failure: stop whatever the server left running (only processes this test started).
    if (server?.child.pid) await stopLeftovers(new Map([...tree, ...descendants(server.child.pid)]));
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  // How soon is measured, not asserted: a busy machine must not fail the suite (the time is printed above).
  it('becomes ready after spawn', () => {
    expect(ready, server.output()).toBe(true);
  });

  it('takes a DRR from case opening to completion with curl and npm run token', async () => {
    const started = Date.now();
    const script = run('bash', [path.join(REPO, 'test/walkthrough/drr-walkthrough.sh')], env());
    const code = await script.exited;
    console.info(`walk-through: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(code, script.output()).toBe(0);
    const done = /order ([0-9a-f-]{36}), requirement ([0-9a-f-]{36}) COMPLETED/.exec(script.output());
    expect(done, script.output()).not.toBeNull();
    const [, orderId, requirementId] = done!;

    const requirement = await get<RequirementRead>(
      'probation',
      'N07LDN',
      `/v1/requirements/${requirementId}`,
    );
    expect(requirement).toMatchObject({ status: 'COMPLETED', type: 'DRR' });
    expect(requirement.reviews.map((r) => r.status)).toEqual(['HELD', 'HELD']);
    expect(requirement.drugTests).toHaveLength(2);
    expect(requirement.appointments).toHaveLength(3);
    const order = await get<{ status: string }>('court', 'B01LY00', `/v1/orders/${orderId}`);
    expect(order.status).toBe('ENDED');
  }, 300_000);

  it('seeds the demo cases through the same server with npm run demo', async () => {
    const started = Date.now();
    const demo = run('npm', ['run', '--silent', 'demo'], env());
    const code = await demo.exited;
    console.info(`demo: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(code, demo.output()).toBe(0);
    const orderIds = [...demo.output().matchAll(/order ([0-9a-f-]{36}) {2}\(/g)].map((m) => m[1]!);
    expect(orderIds, demo.output()).toHaveLength(6);

    const { items } = await get<{ items: OrderListItem[] }>('probation', 'N07LDN', '/v1/orders?limit=50');
    const seeded = items.filter((o) => orderIds.includes(o.id));
    expect(seeded).toHaveLength(6);
    expect(seeded.every((o) => o.status === 'ACTIVE')).toBe(true);
    const types = seeded.map((o) => [...o.requirementTypes].sort().join('+'));
    expect(types.sort()).toEqual(['ATR', 'ATR', 'DRR', 'DRR', 'DRR+MHTR', 'MHTR']);

    const breachOrderId = /DRR in breach +order ([0-9a-f-]{36})/.exec(demo.output())![1]!;
    const breach = await get<{ inBreachProceedings: boolean }>(
      'court',
      'B01LY00',
      `/v1/orders/${breachOrderId}`,
    );
    expect(breach.inBreachProceedings).toBe(true);
    const incidents = await get<{ items: { status: string }[] }>(
      'enforcement',
      'N07LDN',
      `/v1/orders/${breachOrderId}/incidents`,
    );
    expect(incidents.items.map((i) => i.status)).toEqual(['WARNED', 'REFERRED']);
  }, 300_000);

  it('stops on SIGTERM with exit code 0 and no process left behind', async () => {
    const pid = server.child.pid!;
    tree = descendants(pid);
    expect(tree.size).toBeGreaterThan(0);
    server.child.kill('SIGTERM');
    const code = await server.exited;
    expect(code, server.output()).toBe(0);
    expect(stillRunning(tree)).toEqual([]);
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  });
});
