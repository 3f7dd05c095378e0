import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { localIssuer } from '../../../api/auth/local-issuer';
import { londonDate } from '../../../domain/calendar';
import type { Role } from '../../../domain/primitives';
import { TEMPLATE_DATABASE, databaseUrl, withAdminClient } from '../../support/postgres-admin';

const ROOT = path.resolve(__dirname, '../../..');

/** A database of its own on the test cluster (copied from the migrated template), for a child process. */
export async function createChildDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = inject('postgresAdminUrl');
  const name = `app_${randomUUID().replaceAll('-', '')}`;
  await withAdminClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`));
  return {
    url: databaseUrl(adminUrl, name),
    drop: () =>
      withAdminClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}

/** A temporary data directory (the local token issuer's keys), readable as the embedded Postgres needs. */
export async function createDataDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cstr-app-'));
  await chmod(dir, 0o755);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Whether anything accepts a TCP connection on the port. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface AppProcess {
  child: ChildProcess;
  port: number;
  base: string;
  dataDir: string;
  /** Every line the process wrote to stdout and stderr, so far. */
  stdout: string[];
  stderr: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  token(role: Role, org: string): Promise<string>;
  /** SIGTERM, then waits for the exit (SIGKILL after the grace time). */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function lines(stream: NodeJS.ReadableStream | null, into: string[]): void {
  let rest = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop() ?? '';
    into.push(...parts);
  });
  stream?.on('end', () => {
    if (rest) into.push(rest);
  });
}

function withoutUndefined(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/**
 * Starts the app (`app/main.ts all`, as `npm start` does) as a child process on the in-process engine and
 * waits until `/health/ready` answers 200.
 */
export async function startApp(options: {
  databaseUrl: string;
  dataDir: string;
  /** Added to the environment; a key set to undefined is left out (e.g. CSTR_ENGINE, for a plain start). */
  env?: Record<string, string | undefined>;
  readyWithinMs?: number;
  /** `all` (API and worker, as `npm start`), or one of them (`npm run api`, `npm run worker`). */
  part?: 'all' | 'api' | 'worker';
}): Promise<AppProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/main.ts', options.part ?? 'all'], {
    cwd: ROOT,
    env: withoutUndefined({
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? os.tmpdir(),
      NODE_ENV: 'production',
      CSTR_ENGINE: 'in-process',
      // A busy CI machine can take longer than the production budget for a workflow task: these tests are not about it.
      COMMAND_TIMEOUT_MS: '15000',
      DATABASE_URL: options.databaseUrl,
      CSTR_DATA_DIR: options.dataDir,
      // The run's bundle of this code (test/support/temporal-global-setup.ts): no webpack at each start.
      WORKFLOW_BUNDLE_PATH: inject('workflowBundleFiles').cstr,
      PORT: String(port),
      HOST: '127.0.0.1',
      ...options.env,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  lines(child.stdout, stdout);
  lines(child.stderr, stderr);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const base = `http://127.0.0.1:${port}`;
  const issuer = localIssuer(options.dataDir);
  const app: AppProcess = {
    child,
    port,
    base,
    dataDir: options.dataDir,
    stdout,
    stderr,
    exited,
    token: async (role, org) => (await issuer).mint({ role, org, sub: `${role}-user` }),
    stop: async (graceMs = 30_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
  const deadline = Date.now() + (options.readyWithinMs ?? 120_000);
  let gone = false;
  void exited.then(() => (gone = true));
  for (;;) {
    if (gone) {
      throw new Error(
        `the app exited before it was ready:\n${stdout.join('\n')}\n${stderr.join('\n')}`.slice(-4_000),
      );
    }
    const ready = await fetch(`${base}/health/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) return app;
    if (Date.now() > deadline) {
      await app.stop(5_000);
      throw new Error(`the app was not ready in time:\n${stderr.join('\n')}`.slice(-4_000));
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

let keys = 0;
/** A POST as the API wants it: bearer token, JSON, and a fresh (or given) Idempotency-Key. */
export function post(
  app: Pick<AppProcess, 'base'>,
  route: string,
  token: string,
  body: unknown,
  key = `k-${randomUUID()}-${keys++}`,
): Promise<Response> {
  return fetch(`${app.base}${route}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': key,
    },
    body: JSON.stringify(body),
  });
}

export function get(app: Pick<AppProcess, 'base'>, route: string, token: string): Promise<Response> {
  return fetch(`${app.base}${route}`, { headers: { Authorization: `Bearer ${token}` } });
}

export const today = () => londonDate(new Date().toISOString());

/** An OpenCase body at court B01LY00 for PDU N07LDN. */
export function openCaseBody(
  overrides: {
    givenName?: string;
    familyName?: string;
    dateOfBirth?: string;
    offence?: string;
    proposedTypes?: Array<'DRR' | 'ATR' | 'MHTR'>;
  } = {},
) {
  return {
    person: {
      givenName: overrides.givenName ?? 'Alex',
      familyName: overrides.familyName ?? 'Example',
      dateOfBirth: overrides.dateOfBirth ?? '1990-05-01',
      homeLocalJusticeArea: 'Lambeth',
    },
    court: { code: 'B01LY00', type: 'MAGISTRATES' },
    probationDeliveryUnit: 'N07LDN',
    hearingDate: today(),
    plea: 'GUILTY',
    offences: [{ description: overrides.offence ?? 'Theft from a shop', imprisonable: true }],
    identification: { source: 'LIAISON_AND_DIVERSION', date: today() },
    proposedTypes: overrides.proposedTypes ?? ['DRR'],
  };
}
