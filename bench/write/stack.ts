import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { Runtime, Worker } from '@temporalio/worker';
import { Kysely, PostgresDialect } from 'kysely';
import { createActivities } from '../../activities';
import { type LocalIssuer, localIssuer } from '../../api/auth/local-issuer';
import { createAuthenticator } from '../../api/auth/verify';
import { createApi } from '../../api/app';
import { loadConfig } from '../../app/config';
import { startEngine } from '../../app/engine';
import { listen } from '../../app/server';
import { WORKER_TUNING, workflowDataConverter } from '../../app/worker';
import { bundleWorkflows } from '../../app/workflow-bundle';
import { DEFAULT_CONFIG } from '../../domain/config';
import { createPool } from '../../db/pool';
import type { Database } from '../../db/schema';
import { closeHttp } from '../support/http';
import { type BenchDatabase, startBenchDatabase } from '../support/postgres';
import { type DueClock, dueClockOf } from './due-clock';
import { forkStandIn } from './stand-in-process';
import { WriteTimings, watchJournalSyncs } from './timing';

export interface WriteStack {
  db: BenchDatabase;
  /** http://127.0.0.1:<port> of the API. */
  base: string;
  issuer: LocalIssuer;
  /** Which Temporal server, for the notes. */
  temporal: string;
  /** The stand-in's own process, when it runs in one (BENCH_STAND_IN=process): its CPU is measured. */
  standInPid: number | null;
  clock: DueClock;
  timings: WriteTimings;
  /** The stand-in's journal syncs (write + fdatasync, epoch ms) since the last call; none on a real server. */
  journalSyncs(): Promise<(readonly [number, number])[]>;
  close(): Promise<void>;
}

let runtimeInstalled = false;

/**
 * TEMPORAL_ADDRESS (namespace TEMPORAL_NAMESPACE) as the app connects to it; else the stand-in, its state
 * kept (as the app keeps it) in the bench's own temporary directory: in this process, or with
 * BENCH_STAND_IN=process in a process of its own, reached over gRPC as a server is (its clock still moved).
 */
async function startTemporal(dir: string) {
  const { TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, BENCH_STAND_IN } = process.env;
  const connect = (address: string) =>
    startEngine(loadConfig({ TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE }), {
      databaseHasCases: () => Promise.resolve(false),
    });
  if (TEMPORAL_ADDRESS) {
    const engine = await connect(TEMPORAL_ADDRESS);
    return {
      engine,
      clock: dueClockOf(engine),
      description: engine.description,
      standInPid: null,
      journalSyncs: () => Promise.resolve([]),
    };
  }
  if (BENCH_STAND_IN === 'process') {
    const standIn = await forkStandIn(path.join(dir, 'local-temporal'));
    const engine = await connect(standIn.address);
    return {
      engine: { ...engine, close: () => engine.close().then(() => standIn.close()) },
      clock: standIn.clock,
      description: `the stand-in server in a process of its own (pid ${standIn.pid}), its clock moved by message`,
      standInPid: standIn.pid,
      journalSyncs: () => standIn.syncs(),
    };
  }
  const syncs = await watchJournalSyncs();
  const engine = await startEngine(loadConfig({ CSTR_ENGINE: 'in-process', CSTR_DATA_DIR: dir }), {
    databaseHasCases: () => Promise.resolve(false),
  });
  return {
    engine,
    clock: dueClockOf(engine),
    description: engine.description,
    standInPid: null,
    journalSyncs: () => Promise.resolve(syncs()),
  };
}

/**
 * The app as app/main.ts wires it, in this process: embedded Postgres, Temporal (the stand-in on the real
 * clock unless TEMPORAL_ADDRESS is set), a worker with the bundled workflows (its activities and pool timed),
 * and the API listening on a local port with real token verification.
 */
export async function startWriteStack(log: (m: string) => void): Promise<WriteStack> {
  const timings = new WriteTimings();
  // The worker's activations and cache are timed from its trace lines (errors are still printed).
  if (!runtimeInstalled) Runtime.install({ logger: timings.runtimeLogger() });
  runtimeInstalled = true;
  // First, so that an address no server answers on fails before anything else is started.
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cstr-bench-write-'));
  const { engine, clock, description, standInPid, journalSyncs } = await startTemporal(dir);
  const db = await startBenchDatabase('write');
  const issuer = await localIssuer(dir);
  // Workflows a real server keeps from earlier runs must not reach this run's worker.
  const taskQueue = `bench-write-${randomUUID()}`;
  const workerPool = createPool({ url: db.url });
  timings.watchPool(workerPool);
  const workerDb = new Kysely<Database>({ dialect: new PostgresDialect({ pool: workerPool }) });
  const apiPool = createPool({ url: db.url });
  timings.watchPool(apiPool);
  const apiDb = new Kysely<Database>({ dialect: new PostgresDialect({ pool: apiPool }) });
  log('write: bundling the workflows');
  const code = await bundleWorkflows({ report: (level, m) => level === 'error' && log(m) });
  timings.watchWorkflowThreads();
  const worker = await Worker.create({
    connection: engine.nativeConnection,
    namespace: engine.namespace,
    taskQueue,
    workflowBundle: { code },
    activities: timings.activities(createActivities({ db: workerDb })),
    dataConverter: workflowDataConverter(workerDb),
    ...WORKER_TUNING,
  });
  const running = worker.run();
  const api = createApi({
    db: apiDb,
    reportsDb: apiDb,
    temporal: {
      client: new Client({
        connection: engine.connection,
        namespace: engine.namespace,
        interceptors: { workflow: [timings.interceptor()] },
      }),
      taskQueue,
    },
    auth: createAuthenticator({ keys: issuer.keys, issuer: issuer.issuer, audience: issuer.audience }),
    config: DEFAULT_CONFIG,
    rateLimitPerMinute: 1_000_000,
    commandTimeoutMs: 10_000,
    clock: () => new Date(clock.now()),
  });
  const { server, port } = await listen(timings.handler(api.fetch), 0, '127.0.0.1');
  return {
    db,
    base: `http://127.0.0.1:${port}`,
    issuer,
    temporal: description,
    standInPid,
    clock,
    timings,
    journalSyncs,
    close: async () => {
      timings.stop();
      await closeHttp(server);
      worker.shutdown();
      await running;
      await engine.close();
      await apiDb.destroy();
      await workerDb.destroy();
      await db.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
