import * as grpc from '@grpc/grpc-js';
import type { Engine } from '../model/engine';
import { grpcStatusCode, ServiceError } from '../model/errors';
import { google } from '../proto';
import type { CallContext } from '../service/context';

type Handler = (engine: Engine, request: never, context: CallContext) => unknown;

/**
 * grpc-js implementations for every method of a service definition: implemented ones call the handler,
 * the rest answer UNIMPLEMENTED naming themselves.
 */
export function implementation(
  serviceName: string,
  definition: grpc.ServiceDefinition,
  handlers: Record<string, Handler>,
  engine: Engine,
  inFlight: Set<AbortController>,
): grpc.UntypedServiceImplementation {
  const impl: grpc.UntypedServiceImplementation = {};
  for (const method of Object.keys(definition)) {
    const handler = handlers[method];
    impl[method] = (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      if (!handler) {
        callback({
          code: grpc.status.UNIMPLEMENTED,
          details: `local-temporal does not implement ${serviceName}/${method}`,
        });
        return;
      }
      const controller = new AbortController();
      inFlight.add(controller);
      call.on('cancelled', () => controller.abort());
      // Nothing is answered before what the call changed is durable (at once when state is in memory).
      Promise.resolve()
        .then(() => handler(engine, call.request as never, { signal: controller.signal }))
        .then(
          async (response) => {
            await engine.durable();
            return response;
          },
          async (error: unknown) => {
            await engine.durable();
            throw error;
          },
        )
        .then(
          (response) => callback(null, response),
          (error: unknown) => callback(toStatus(method, error)),
        )
        .finally(() => inFlight.delete(controller));
    };
  }
  return impl;
}

function toStatus(method: string, error: unknown): Partial<grpc.StatusObject> {
  if (error instanceof ServiceError) return serviceStatus(error);
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`[local-temporal] ${method} failed: ${message}\n`);
  return {
    code: grpc.status.INTERNAL,
    details: `${method}: ${error instanceof Error ? error.message : String(error)}`,
  };
}

/** The status, with its details in `grpc-status-details-bin` (a google.rpc.Status), as the server sends them. */
function serviceStatus(error: ServiceError): Partial<grpc.StatusObject> {
  const code: grpc.status = grpcStatusCode[error.code];
  const metadata = new grpc.Metadata();
  if (error.details.length > 0) {
    const status = google.rpc.Status.encode({ code, message: error.message, details: error.details });
    metadata.set('grpc-status-details-bin', Buffer.from(status.finish()));
  }
  return { code, details: error.message, metadata };
}
