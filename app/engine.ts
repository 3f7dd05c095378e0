import { existsSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection } from '@temporalio/worker';
import { type LocalTemporal, serve, stateFileIn } from '../local-temporal';
import type { Config } from './config';

/** The Temporal the app talks to: connections for the API's client and for the worker. */
export interface Engine {
  description: string;
  /** The frontend's host:port, for other processes (API_PROCESSES) to connect to. */
  address: string;
  namespace: string;
  connection: Connection;
  nativeConnection: NativeConnection;
  /** The stand-in server, when the engine runs in-process: its clock can be read and moved. */
  local: LocalTemporal | null;
  /** Why plain `npm start` is on the stand-in (it could not start the dev server, or the data is there). */
  fallbackReason?: string | undefined;
  close(): Promise<void>;
}

export class EngineUnavailable extends Error {}

async function connectTo(
  address: string,
  namespace: string,
  description: string,
  local: LocalTemporal | null,
): Promise<Engine> {
  const connection = await Connection.connect({
    address,
    connectTimeout: '5 seconds',
    // The stand-in is in this process: never through an HTTPS_PROXY the machine may have set.
    ...(local ? { channelArgs: { 'grpc.enable_http_proxy': 0 } } : {}),
  });
  const nativeConnection = await NativeConnection.connect({
    address,
    // Core gzips every request by default; to the stand-in in this process that is CPU spent twice (Core
    // compressing, the stand-in inflating) on the same cores, to save nothing.
    ...(local ? { grpcCompression: { codec: 'none' } } : {}),
  });
  return {
    description,
    address,
    namespace,
    connection,
    nativeConnection,
    local,
    close: async () => {
      await connection.close();
      await nativeConnection.close();
      await local?.close();
    },
  };
}

/** What the stand-in needs to know before it starts beside a database. */
export interface StandInGuard {
  /** Whether the database already holds cases (whose workflows must then be in the stand-in's state). */
  databaseHasCases(): Promise<boolean>;
}

/**
 * The stand-in server in this process on the real clock, its state kept in `<dataDir>/local-temporal` so
 * that workflows, timers and the development clock survive a restart. It refuses to start empty beside a
 * database that already holds cases: their workflows would be missing and every command would fail.
 */
async function startStandIn(config: Config, guard: StandInGuard, fallbackReason?: string): Promise<Engine> {
  const stateDir = path.join(config.dataDir, 'local-temporal');
  const stateFile = stateFileIn(stateDir);
  if (!existsSync(stateFile) && (await guard.databaseHasCases())) {
    throw new EngineUnavailable(
      [
        `The database already holds cases, but the stand-in Temporal server has no state beside it (${stateFile} is missing),`,
        'so their workflows would be missing. Nothing was started. Either',
        '  1. start with the Temporal server those workflows are on (TEMPORAL_ADDRESS=host:7233, or plain `npm start` where the',
        '     Temporal dev server can run), or restore the missing state file from a backup; or',
        `  2. to give up those cases, move the data directory (${config.dataDir}) aside, or use another DATABASE_URL, and start afresh.`,
      ].join('\n'),
    );
  }
  const local = await serve({ port: 0, clock: 'real', stateDir });
  const engine = await connectTo(
    local.address,
    'default',
    `the in-process stand-in Temporal server (state in ${stateDir})`,
    local,
  );
  return { ...engine, fallbackReason };
}

/**
 * TEMPORAL_ADDRESS; else, with CSTR_ENGINE=in-process, the local stand-in served in this process; else the
 * SDK's dev server (TEMPORAL_CLI_PATH, or the Temporal CLI it downloads once), with its state on disk in the
 * data directory. Outside production (and unless CSTR_ENGINE=server or TEMPORAL_CLI_PATH asks for a server),
 * a data directory that already holds the stand-in's state keeps using it, and a dev server that cannot be
 * started (no network to download it) falls back to it.
 */
export async function startEngine(config: Config, guard: StandInGuard): Promise<Engine> {
  if (config.TEMPORAL_ADDRESS) {
    return connectTo(
      config.TEMPORAL_ADDRESS,
      config.TEMPORAL_NAMESPACE,
      `Temporal at ${config.TEMPORAL_ADDRESS}`,
      null,
    );
  }
  if (config.CSTR_ENGINE === 'in-process') return startStandIn(config, guard);
  const mayFallBack = !config.production && config.CSTR_ENGINE !== 'server' && !config.TEMPORAL_CLI_PATH;
  if (mayFallBack && existsSync(stateFileIn(path.join(config.dataDir, 'local-temporal')))) {
    return startStandIn(
      config,
      guard,
      'this data directory already holds the stand-in server’s state, so its workflows are there',
    );
  }
  try {
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: config.TEMPORAL_CLI_PATH
          ? { type: 'existing-path', path: config.TEMPORAL_CLI_PATH }
          : { type: 'cached-download', downloadDir: path.join(config.dataDir, 'temporal-cli') },
        dbFilename: path.join(config.dataDir, 'temporal.db'),
        namespace: config.TEMPORAL_NAMESPACE,
      },
    });
    return {
      description: 'the Temporal dev server (state in the data directory)',
      address: env.address,
      namespace: config.TEMPORAL_NAMESPACE,
      connection: env.connection,
      nativeConnection: env.nativeConnection,
      local: null,
      close: () => env.teardown(),
    };
  } catch (error) {
    const reason = `no Temporal server could be started here (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
    if (mayFallBack) return startStandIn(config, guard, reason);
    throw new EngineUnavailable(
      [
        `${reason[0]!.toUpperCase()}${reason.slice(1)}.`,
        'Three ways forward:',
        '  1. TEMPORAL_ADDRESS=host:7233 npm start        — use a Temporal server you run (e.g. `temporal server start-dev`)',
        '  2. TEMPORAL_CLI_PATH=/path/to/temporal npm start — use a Temporal CLI binary you already have',
        '  3. CSTR_ENGINE=in-process npm start            — the built-in stand-in server, its state in the data directory (not for production)',
      ].join('\n'),
    );
  }
}
