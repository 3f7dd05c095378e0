import type { Server } from 'node:http';
import type { ServerType } from '@hono/node-server';

/** Closes a benchmark's HTTP server, its keep-alive connections included. */
export function closeHttp(server: ServerType): Promise<void> {
  const http = server as Server;
  return new Promise((resolve, reject) => {
    http.close((error) => (error ? reject(error) : resolve()));
    http.closeAllConnections();
  });
}
