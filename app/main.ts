import cluster from 'node:cluster';
import { Client, Connection } from '@temporalio/client';
import type { Authenticator } from '../api/auth/verify';
import { createApi } from '../api/app';
import type { ApiDeps } from '../api/env';
import { StateUnreadable } from '../local-temporal';
import { DEFAULT_CONFIG } from '../domain/config';
import { migrateToLatest } from '../db/migrate';
import { createDb, reportsDb } from '../db/pool';
import type { Database } from '../db/schema';
import type { Kysely } from 'kysely';
import { createWeb } from '../web/app';
import { type PdfRenderer, createPdfRenderer } from '../web/pdf/renderer';
import { type ApiProcesses, forkApiProcesses, stopWhenAsked } from './api-processes';
import { authenticatorFor, webSignInFor } from './auth';
import { type Config, ConfigError, loadConfig } from './config';
import { locateDatabase } from './database';
import { EngineUnavailable, startEngine } from './engine';
import { devClockRoute } from './dev-clock';
import { healthRoutes } from './health';
import { logRequests } from './request-log';
import { errorFacts } from '../db/error-facts';
import { closeServer, listen, stoppable } from './server';
import { startIdempotencyPurge } from './idempotency-purge';
import { type Logger, createLogger } from './logger';
import { startNotificationRelay } from './notification-relay';
import { installTemporalRuntime } from './runtime';
import { readSubscribersFile, upsertSubscriber } from './subscribers';
import { createWorker, workflowBundle } from './worker';

/**
 * The HTTP API, its health routes and the pages (when people can sign in), as this process or each API
 * process (API_PROCESSES) serves them.
 */
function apiFor(
  config: Config,
  deps: {
    db: Kysely<Database>;
    reportsDb: Kysely<Database>;
    connection: Connection;
    namespace: string;
    auth: Authenticator;
    clock: () => Date;
    log: Logger;
    pdf: PdfRenderer;
  },
) {
  const { db, log } = deps;
  const apiDeps: ApiDeps = {
    db,
    reportsDb: deps.reportsDb,
    temporal: {
      client: new Client({ connection: deps.connection, namespace: deps.namespace }),
      taskQueue: config.TEMPORAL_TASK_QUEUE,
    },
    auth: deps.auth,
    config: DEFAULT_CONFIG,
    rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
    anonymousRateLimitPerMinute: config.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
    commandTimeoutMs: config.COMMAND_TIMEOUT_MS,
    idempotencyWindowMs: config.idempotencyWindowMs,
    kpiSuppressionThreshold: config.KPI_SUPPRESSION_THRESHOLD,
    clock: deps.clock,
    pdf: deps.pdf,
    onUnexpectedError: (error, requestId) =>
      log.error({ requestId, ...errorFacts(error) }, 'unexpected error'),
  };
  const api = createApi(apiDeps);
  api.route('/', healthRoutes(db, deps));
  const signIn = webSignInFor(config);
  if (signIn)
    api.route('/', createWeb({ ...apiDeps, signIn, sessionIdleMs: config.sessionIdleMs, pdf: deps.pdf }));
  return api;
}

const Parts = {
  all: { api: true, worker: true },
  api: { api: true, worker: false },
  worker: { api: false, worker: true },
};

/**
 * `npm start`: migrate, then serve the API and run the worker (with the notification relay) in one process.
 * `npm run api` and `npm run worker` run one part each, for deployments that scale them apart.
 */
async function main(part: keyof typeof Parts): Promise<void> {
  const parts = Parts[part];
  const config = loadConfig();
  if (part !== 'all' && config.CSTR_ENGINE === 'in-process') {
    throw new ConfigError(
      'Invalid configuration:\n  CSTR_ENGINE: in-process keeps workflows in this process, so run API and worker together (npm start)',
    );
  }
  const log = createLogger(config.LOG_LEVEL);
  installTemporalRuntime(log, config.LOG_LEVEL);

  const webhooks = { allowPrivate: config.CSTR_WEBHOOKS_ALLOW_PRIVATE };
  const subscribers = config.CSTR_SUBSCRIBERS_FILE
    ? await readSubscribersFile(config.CSTR_SUBSCRIBERS_FILE, webhooks)
    : [];
  if (webhooks.allowPrivate)
    log.warn('CSTR_WEBHOOKS_ALLOW_PRIVATE: webhooks may use plain http and loopback or private addresses');

  // Bundling takes seconds of CPU while starting the database and Temporal mostly waits: both at once.
  const bundling = parts.worker ? workflowBundle(config.WORKFLOW_BUNDLE_PATH, log) : null;
  // Awaited once the worker is created; a start that fails before then reports its own error, not this one.
  bundling?.catch(() => undefined);
  const database = await locateDatabase(config, config.dataDir);
  // Start-up waits longer for a connection than a request does: a busy database must not stop the app.
  const owner = createDb({
    url: database.url,
    role: null,
    statementTimeoutMs: 600_000,
    connectTimeoutMs: 10_000,
  });
  const { applied } = await migrateToLatest(owner).finally(() => owner.destroy());
  const db = createDb({ url: database.url });
  const reports = reportsDb(database.url);
  for (const s of subscribers) await upsertSubscriber(db, s);

  const engine = await startEngine(config, {
    databaseHasCases: async () =>
      (await db.selectFrom('orders').select('id').limit(1).executeTakeFirst()) !== undefined,
  });
  const worker = bundling
    ? await createWorker({
        engine,
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        bundle: await bundling,
        db,
        log,
      })
    : null;
  const auth = await authenticatorFor(config);
  const local = engine.local;
  const signIn = webSignInFor(config);
  const workerRun = worker?.run();
  const relay = parts.worker
    ? startNotificationRelay({ db, log, allowPrivateDestinations: webhooks.allowPrivate })
    : null;
  const purge = parts.api ? startIdempotencyPurge({ db, log, windowMs: config.idempotencyWindowMs }) : null;
  // Chromium is launched on the first PDF asked for, not here.
  const pdf = createPdfRenderer({ executablePath: config.CHROMIUM_PATH });
  // A worker-only process still answers /health, so that an orchestrator can probe it.
  let stopping = false;
  let processes: ApiProcesses | null = null;
  let server: Awaited<ReturnType<typeof listen>>['server'] | null = null;
  let port: number;
  if (parts.api && config.API_PROCESSES > 1) {
    // The API in processes of its own, on this one's database and Temporal; this one keeps the rest.
    processes = await forkApiProcesses({
      count: config.API_PROCESSES,
      env: {
        DATABASE_URL: database.url,
        TEMPORAL_ADDRESS: engine.address,
        TEMPORAL_NAMESPACE: engine.namespace,
        CSTR_ENGINE: undefined,
      },
      onExit: (code, signal) => {
        log[code === 0 ? 'info' : 'error']({ code, signal }, 'an API process exited: stopping');
        void stop('api-process-exit', code === 0 ? 0 : 1);
      },
    });
    port = processes.port;
  } else {
    const api = parts.api
      ? apiFor(config, {
          db,
          reportsDb: reports,
          connection: engine.connection,
          namespace: engine.namespace,
          auth: auth.verify,
          clock: local ? () => new Date(local.now()) : () => new Date(),
          log,
          pdf,
        })
      : null;
    if (api && local && config.CSTR_DEV_CLOCK) api.route('/', devClockRoute(local));
    const served = api ?? healthRoutes(db, engine);
    ({ server, port } = await listen(
      stoppable(logRequests(served.fetch, served.routes, log), () => stopping),
      config.PORT,
      config.HOST,
    ));
  }
  const base = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${port}`;
  log.info({ port, migrationsApplied: applied.length }, 'started');
  process.stdout.write(
    [
      '',
      `CSTR workflow engine (${part === 'all' ? 'API and worker' : part}) on ${base}${processes ? ` (the API in ${config.API_PROCESSES} processes)` : ''}`,
      `  API:        ${base}/v1    reference: ${base}/docs    OpenAPI: ${base}/openapi.json`,
      `  health:     ${base}/health/ready`,
      ...(parts.api
        ? [
            signIn
              ? `  pages:      ${base}/  (${signIn.kind === 'local' ? 'sign in by choosing a role and organisation' : `sign in at ${signIn.issuer}`})`
              : '  pages:      off (set WEB_OIDC_CLIENT_ID to sign people in with AUTH_ISSUER)',
          ]
        : []),
      `  database:   ${database.description}`,
      `  workflows:  ${engine.description}`,
      `  auth:       ${auth.description}`,
      '  first token: npm run --silent token -- --role probation --org N07LDN',
      ...(local
        ? [
            '',
            '  !! The workflows run on the built-in stand-in Temporal server, in this process: for trials and offline',
            '  !! development, never production. Its state is kept in the data directory and survives a restart.',
          ]
        : []),
      ...(engine.fallbackReason
        ? [
            `  !! It was chosen because ${engine.fallbackReason}.`,
            '  !! For a real Temporal server: TEMPORAL_ADDRESS=host:7233 npm start (see README, "Real Postgres and Temporal").',
          ]
        : []),
      ...(local && config.CSTR_DEV_CLOCK
        ? [
            `  dev clock:  curl -X POST ${base}/dev/clock -H 'Content-Type: application/json' -d '{"advance":"P30D"}'`,
          ]
        : []),
      '',
    ].join('\n'),
  );

  async function stop(signal: string, exitCode = 0) {
    if (stopping) return;
    stopping = true;
    // The listening socket is closed before the line is written: whoever reads it can count on that.
    const closing = processes ? processes.stop() : closeServer(server!);
    log.info({ signal }, 'stopping: no new requests, draining, finishing workflow tasks');
    try {
      await closing;
      await pdf.close();
      worker?.shutdown();
      await workerRun;
      await relay?.stop();
      await purge?.stop();
      await engine.close();
      await reports.destroy();
      await db.destroy();
      await database.stop();
    } catch (error) {
      log.error({ err: error instanceof Error ? error.name : 'unknown' }, 'stopping failed');
      process.exit(1);
    }
    log.info('stopped');
    process.exit(exitCode);
  }
  process.once('SIGTERM', (s) => void stop(s));
  process.once('SIGINT', (s) => void stop(s));
}

/**
 * One of API_PROCESSES: the API alone, on the database and Temporal the primary found (DATABASE_URL and
 * TEMPORAL_ADDRESS are set for it), listening on the primary's port.
 */
async function apiProcess(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const db = createDb({ url: config.DATABASE_URL! });
  const reports = reportsDb(config.DATABASE_URL!);
  const connection = await Connection.connect({
    address: config.TEMPORAL_ADDRESS!,
    connectTimeout: '5 seconds',
  });
  const auth = await authenticatorFor(config);
  const pdf = createPdfRenderer({ executablePath: config.CHROMIUM_PATH });
  const api = apiFor(config, {
    db,
    reportsDb: reports,
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    auth: auth.verify,
    clock: () => new Date(),
    log,
    pdf,
  });
  let stopping = false;
  const { server } = await listen(
    stoppable(logRequests(api.fetch, api.routes, log), () => stopping),
    config.PORT,
    config.HOST,
  );
  stopWhenAsked(async () => {
    stopping = true;
    await closeServer(server);
    await pdf.close();
    await connection.close();
    await reports.destroy();
    await db.destroy();
    process.exit(0);
  });
}

const part = process.argv[2] ?? 'all';
if (!(part in Parts)) {
  console.error(`usage: tsx app/main.ts [all|api|worker]`);
  process.exit(2);
}

(cluster.isPrimary ? main(part as keyof typeof Parts) : apiProcess()).catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof EngineUnavailable || error instanceof StateUnreadable)
    console.error(error.message);
  else console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
