import path from 'node:path';
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection } from '@temporalio/worker';
import { type LocalTemporal, serve } from '../local-temporal';
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
  close(): Promise<void>;
}

export class EngineUnavailable extends Error {}

async function connectTo(
  address: string,
  namespace: string,
  description: string,
  local: LocalTemporal | null,
): Promise<Engine> {
  const connection = await Connection.connect({ address, connectTimeout: '5 seconds' });
  const nativeConnection = await NativeConnection.connect({ address });
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

/**
 * TEMPORAL_ADDRESS; else, with CSTR_ENGINE=in-process, the local stand-in served in this process on the
 * real clock; else the SDK's dev server (TEMPORAL_CLI_PATH, or the Temporal CLI it downloads once), with
 * its state on disk in the data directory.
 */
export async function startEngine(config: Config): Promise<Engine> {
  if (config.TEMPORAL_ADDRESS) {
    return connectTo(
      config.TEMPORAL_ADDRESS,
      config.TEMPORAL_NAMESPACE,
      `Temporal at ${config.TEMPORAL_ADDRESS}`,
      null,
    );
  }
  if (config.CSTR_ENGINE === 'in-process') {
    const local = await serve({ port: 0, clock: 'real' });
    return connectTo(
      local.address,
      'default',
      'the in-process stand-in Temporal server (state in memory)',
      local,
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
    throw new EngineUnavailable(
      [
        `No Temporal server could be started here (${error instanceof Error ? error.message.split('\n')[0] : String(error)}).`,
        'Three ways forward:',
        '  1. TEMPORAL_ADDRESS=host:7233 npm start        — use a Temporal server you run (e.g. `temporal server start-dev`)',
        '  2. TEMPORAL_CLI_PATH=/path/to/temporal npm start — use a Temporal CLI binary you already have',
        '  3. CSTR_ENGINE=in-process npm start            — the built-in stand-in server, in memory (trials only)',
      ].join('\n'),
    );
  }
}
