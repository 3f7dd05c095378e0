import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { createActivities } from '../../activities';
import { workflowDataConverter } from '../../app/worker';
import { type LocalIssuer, localIssuer } from '../../api/auth/local-issuer';
import { createAuthenticator } from '../../api/auth/verify';
import { type Api, createApi } from '../../api/app';
import type { ApiDeps } from '../../api/env';
import { DEFAULT_CONFIG } from '../../domain/config';
import type { Role } from '../../domain/primitives';
import type { TestDatabase } from '../support/database';
import { createTestEnv, inProcessWorkflows } from '../support/temporal';

export interface ApiHarness {
  api: Api;
  issuer: LocalIssuer;
  /** Where the local issuer keeps its key pair. */
  dataDir: string;
  env: TestWorkflowEnvironment;
  deps: ApiDeps;
  token(role: Role, org: string, sub?: string): Promise<string>;
  /** A JSON request as a client sends it: bearer token, JSON body, a fresh Idempotency-Key on POST. */
  call(
    method: 'GET' | 'POST',
    path: string,
    options: { token: string; body?: unknown; key?: string; headers?: Record<string, string> },
  ): Promise<Response>;
  close(): Promise<void>;
}

/**
 * The local issuer kept in `dir`, with one key pair for every harness of this worker process: making an
 * RS256 pair is most of an issuer's cost. Each harness keeps its copy of the key in its own directory.
 */
let issuerKey: Promise<string> | undefined;
async function harnessIssuer(dir: string): Promise<LocalIssuer> {
  const keyFile = path.join(dir, 'auth', 'local-issuer.private.jwk.json');
  if (issuerKey) {
    await mkdir(path.dirname(keyFile), { recursive: true });
    await writeFile(keyFile, await issuerKey, { mode: 0o600 });
    return localIssuer(dir);
  }
  const issuer = localIssuer(dir);
  issuerKey = issuer.then(() => readFile(keyFile, 'utf8'));
  return issuer;
}

/** The API on the stand-in Temporal with a real worker and the test file's database. */
export async function startApiHarness(
  t: TestDatabase,
  overrides: Partial<ApiDeps> = {},
): Promise<ApiHarness> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cstr-api-'));
  const [issuer, env] = await Promise.all([harnessIssuer(dir), createTestEnv()]);
  const taskQueue = `api-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { code: await readFile(inject('workflowBundleFiles').cstr!, 'utf8') },
    activities: createActivities({ db: t.db }),
    dataConverter: workflowDataConverter(t.db),
    maxCachedWorkflows: 100,
    ...inProcessWorkflows(),
  });
  const running = worker.run();
  const deps: ApiDeps = {
    db: t.db,
    reportsDb: t.db,
    temporal: { client: env.client, taskQueue },
    auth: createAuthenticator({ keys: issuer.keys, issuer: issuer.issuer, audience: issuer.audience }),
    config: DEFAULT_CONFIG,
    rateLimitPerMinute: 10_000,
    anonymousRateLimitPerMinute: 10_000,
    commandTimeoutMs: 10_000,
    clock: () => new Date(),
    ...overrides,
  };
  const api = createApi(deps);
  return {
    api,
    issuer,
    dataDir: dir,
    env,
    deps,
    token: (role, org, sub) => issuer.mint({ role, org, ...(sub ? { sub } : {}) }),
    call: (method, url, { token, body, key, headers }) =>
      Promise.resolve(
        api.request(url, {
          method,
          headers: {
            Authorization: `Bearer ${token}`,
            ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
            ...(method === 'POST' ? { 'Idempotency-Key': key ?? randomUUID() } : {}),
            ...headers,
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }),
      ),
    close: async () => {
      worker.shutdown();
      await running;
      await env.teardown();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
