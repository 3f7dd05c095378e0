import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { type ServerType, serve } from '@hono/node-server';
import { ProblemError, bareProblemResponse } from '../api/problem';

export type FetchHandler = (request: Request) => Response | Promise<Response>;

export function listen(fetchHandler: FetchHandler, port: number, hostname: string) {
  return new Promise<{ server: ServerType; port: number }>((resolve) => {
    const server = serve({ fetch: fetchHandler, port, hostname }, (info) =>
      resolve({ server, port: info.port }),
    );
  });
}

/** How long requests in flight may take to finish once the server is stopping; then their connections are cut. */
const DRAIN_MS = 15_000;

/**
 * Stops taking requests and waits for those in flight to finish. New connections are refused at once; a
 * keep-alive connection is closed as soon as it is idle, and a request that still arrives on one is answered
 * with `Connection: close` (the handler answers it 503, see `stoppable`), so that no client can keep the
 * server alive by reusing its socket.
 */
export function closeServer(server: ServerType, drainMs = DRAIN_MS): Promise<void> {
  const http = server as HttpServer;
  return new Promise((resolve) => {
    const sweep = setInterval(() => http.closeIdleConnections(), 50);
    const force = setTimeout(() => http.closeAllConnections(), drainMs);
    http.on('request', (_req: IncomingMessage, res: ServerResponse) => {
      if (!res.headersSent) res.setHeader('Connection', 'close');
    });
    http.close(() => {
      clearInterval(sweep);
      clearTimeout(force);
      resolve();
    });
    http.closeIdleConnections();
  });
}

const STOPPING = new ProblemError(
  503,
  'unavailable',
  'Stopping',
  'This instance is shutting down; retry the request (with the same Idempotency-Key).',
  [],
  { 'Retry-After': '1', Connection: 'close' },
);

/** Wraps a handler so that, once `stopping()` is true, a request that reaches it is refused with 503. */
export function stoppable(fetchHandler: FetchHandler, stopping: () => boolean): FetchHandler {
  return (request) => (stopping() ? bareProblemResponse(STOPPING) : fetchHandler(request));
}
