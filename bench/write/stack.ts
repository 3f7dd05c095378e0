import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { Kysely, PostgresDialect } from 'kysely';
import { createActivities } from '../../activities';
import { type LocalIssuer, localIssuer } from '../../api/auth/local-issuer';
import { createAuthenticator } from '../../api/auth/verify';
import { createApi } from '../../api/app';
import { listen } from '../../app/http';
import { DEFAULT_CONFIG } from '../../domain/config';
import { createDb, createPool } from '../../db/pool';
import type { Database } from '../../db/schema';
import { type LocalTemporal, serve } from '../../local-temporal';
import { closeHttp } from '../support/http';
import { type BenchDatabase, startBenchDatabase } from '../support/postgres';
import { WriteTimings } from './timing';

export interface WriteStack {
  db: BenchDatabase;
  /** http://127.0.0.1:<port> of the API. */
  base: string;
  issuer: LocalIssuer;
  local: LocalTemporal;
  timings: WriteTimings;
  close(): Promise<void>;
}

const TASK_QUEUE = 'bench-write';
let runtimeInstalled = false;

/**
 * The app as app/main.ts wires it, in this process: embedded Postgres, the stand-in Temporal on the real
 * clock, a worker with the bundled workflows (its activities and pool timed), and the API listening on a
 * local port with real token verification.
 */
export async function startWriteStack(log: (m: string) => void): Promise<WriteStack> {
  if (process.env.TEMPORAL_ADDRESS)
    throw new Error('write runs on the stand-in Temporal only: it moves its clock (unset TEMPORAL_ADDRESS)');
  if (!runtimeInstalled) Runtime.install({ logger: new DefaultLogger('ERROR') });
  runtimeInstalled = true;
  const timings = new WriteTimings();
  const db = await startBenchDatabase('write');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cstr-bench-write-'));
  const issuer = await localIssuer(dir);
  const local = await serve({ port: 0, clock: 'real' });
  const connection = await Connection.connect({ address: local.address });
  const nativeConnection = await NativeConnection.connect({ address: local.address });
  const workerPool = createPool({ url: db.url });
  timings.watchPool(workerPool);
  const workerDb = new Kysely<Database>({ dialect: new PostgresDialect({ pool: workerPool }) });
  const apiDb = createDb({ url: db.url });
  log('write: bundling the workflows');
  const quiet = () => undefined;
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    logger: { log: quiet, trace: quiet, debug: quiet, info: quiet, warn: quiet, error: (m) => log(m) },
  });
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowBundle: { code },
    activities: timings.activities(createActivities({ db: workerDb })),
    maxCachedWorkflows: 2_000,
  });
  const running = worker.run();
  const api = createApi({
    db: apiDb,
    temporal: {
      client: new Client({ connection, interceptors: { workflow: [timings.interceptor()] } }),
      taskQueue: TASK_QUEUE,
    },
    auth: createAuthenticator({ keys: issuer.keys, issuer: issuer.issuer, audience: issuer.audience }),
    config: DEFAULT_CONFIG,
    rateLimitPerMinute: 1_000_000,
    commandTimeoutMs: 10_000,
    clock: () => new Date(local.now()),
  });
  const { server, port } = await listen(timings.handler(api.fetch), 0, '127.0.0.1');
  return {
    db,
    base: `http://127.0.0.1:${port}`,
    issuer,
    local,
    timings,
    close: async () => {
      await closeHttp(server);
      worker.shutdown();
      await running;
      await connection.close();
      await nativeConnection.close();
      await local.close();
      await apiDb.destroy();
      await workerDb.destroy();
      await db.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
