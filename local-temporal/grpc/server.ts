import * as grpc from '@grpc/grpc-js';
import type { ClockMode } from '../model/clock';
import { Engine } from '../model/engine';
import type { WorkflowTaskFailureRecord } from '../model/workflow-task-failures';
import { testServiceHandlers } from '../service/test-service';
import { workflowServiceHandlers } from '../service/workflow-service';
import { serviceDefinition, services } from './definitions';
import { implementation } from './handlers';
import { openState } from '../store/open-state';

export interface ServeOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  clock: ClockMode;
  /**
   * Keep the state (histories, timers, task queues, the clock's offset) in this directory and load it
   * again on the next start; without it, state is in memory only.
   */
  stateDir?: string;
  /** Workflow tasks suggest continue-as-new once history holds this many events (default: the server's 4,096). */
  suggestContinueAsNewAfterEvents?: number;
}

export interface LocalTemporal {
  /** host:port, for Connection.connect({ address }) and NativeConnection.connect({ address }). */
  address: string;
  port: number;
  /** Moves the clock forward by `ms`, firing every timer due on the way. */
  advance(ms: number): void;
  now(): number;
  workflowTaskFailures(): readonly WorkflowTaskFailureRecord[];
  close(): Promise<void>;
}

/** Serves WorkflowService and TestService over gRPC around an engine, in memory or kept in `stateDir`. */
export async function serve(options: ServeOptions): Promise<LocalTemporal> {
  const engine = new Engine(options.clock, {
    suggestContinueAsNewAfterEvents: options.suggestContinueAsNewAfterEvents,
  });
  const journal = options.stateDir ? await openState(engine, options.stateDir) : undefined;
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 128 * 1024 * 1024 });
  const inFlight = new Set<AbortController>();
  const handlers = [
    [services.workflow, workflowServiceHandlers],
    [services.test, testServiceHandlers],
  ] as const;
  for (const [service, table] of handlers) {
    const definition = serviceDefinition(service);
    server.addService(definition, implementation(service.name, definition, table, engine, inFlight));
  }
  const host = options.host ?? '127.0.0.1';
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:${options.port}`, grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    address: `${host}:${port}`,
    port,
    advance: (ms) => engine.clock.advance(ms),
    now: () => engine.now(),
    workflowTaskFailures: () => engine.failures.list(),
    close: async () => {
      engine.close();
      for (const controller of inFlight) controller.abort();
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2_000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
      await journal?.close();
    },
  };
}
