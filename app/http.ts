import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { type ServerType, serve } from '@hono/node-server';
import { Hono } from 'hono';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema';
import type { Engine } from './engine';
import type { Logger } from './logger';

const TIMEOUT_MS = 1_500;

function within<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS)),
  ]);
}

/** Liveness (the process answers) and readiness (Postgres and Temporal both answer). */
export function healthRoutes(db: Kysely<Database>, engine: Engine) {
  const app = new Hono();
  app.get('/health/live', (c) => c.json({ status: 'ok' }));
  app.get('/health/ready', async (c) => {
    const [postgres, temporal] = await Promise.all([
      within(sql`SELECT 1`.execute(db)).then(
        () => true,
        () => false,
      ),
      within(engine.connection.workflowService.getSystemInfo({})).then(
        () => true,
        () => false,
      ),
    ]);
    const ready = postgres && temporal;
    return c.json(
      { status: ready ? 'ready' : 'unavailable', postgres, temporal },
      ready ? 200 : 503,
      ready ? {} : { 'Retry-After': '5' },
    );
  });
  return app;
}

/** ISO 8601 durations of days, hours, minutes and seconds: `P30D`, `PT12H`, `P1DT2H30M`. */
const Duration = z
  .string()
  .regex(
    /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/,
    'an ISO 8601 duration such as P30D',
  );

export function durationMs(iso: string): number {
  const [, w, d, h, m, s] =
    /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso) ?? [];
  const n = (v: string | undefined) => Number(v ?? 0);
  return (((n(w) * 7 + n(d)) * 24 + n(h)) * 60 + n(m)) * 60_000 + n(s) * 1_000;
}

/** `POST /dev/clock {"advance": "P30D"}`: moves the in-process stand-in's clock, firing every timer on the way. */
export function devClockRoute(local: NonNullable<Engine['local']>) {
  const app = new Hono();
  app.post('/dev/clock', async (c) => {
    const parsed = z
      .object({ advance: Duration })
      .strict()
      .safeParse(await c.req.json().catch(() => null));
    if (!parsed.success || durationMs(parsed.data.advance) <= 0) {
      return c.json(
        {
          type: 'https://cstr.service.justice.gov.uk/problems/malformed-request',
          title: 'Malformed request',
          status: 400,
          detail: 'Send {"advance": "P30D"}: a positive ISO 8601 duration.',
        },
        400,
        { 'Content-Type': 'application/problem+json' },
      );
    }
    local.advance(durationMs(parsed.data.advance));
    return c.json({ now: new Date(local.now()).toISOString() });
  });
  app.get('/dev/clock', (c) => c.json({ now: new Date(local.now()).toISOString() }));
  return app;
}

export function listen(
  fetchHandler: (request: Request) => Response | Promise<Response>,
  port: number,
  hostname: string,
) {
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

/** Wraps a handler so that, once `stopping()` is true, a request that reaches it is refused with 503. */
export function stoppable(
  fetchHandler: (request: Request) => Response | Promise<Response>,
  stopping: () => boolean,
): (request: Request) => Response | Promise<Response> {
  return (request) =>
    stopping()
      ? new Response(
          JSON.stringify({
            type: 'https://cstr.service.justice.gov.uk/problems/unavailable',
            title: 'Stopping',
            status: 503,
            detail: 'This instance is shutting down; retry the request (with the same Idempotency-Key).',
          }),
          {
            status: 503,
            headers: {
              'Content-Type': 'application/problem+json',
              'Retry-After': '1',
              Connection: 'close',
            },
          },
        )
      : fetchHandler(request);
}

/**
 * Logs every request as its route pattern (`/v1/orders/:orderId/screening`), never the path it came with,
 * the query or the body: those carry ids at best and names or clinical text at worst. With the status, the
 * time it took and the request id the API answered with, for finding the access-log rows.
 */
export function logRequests(
  fetchHandler: (request: Request) => Response | Promise<Response>,
  routes: ReadonlyArray<{ method: string; path: string }>,
  log: Logger,
): (request: Request) => Promise<Response> {
  const patterns = routes
    .filter((r) => r.method !== 'ALL' && !r.path.includes('*'))
    .map((r) => ({
      method: r.method,
      route: r.path,
      regex: new RegExp(`^${r.path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/]+')}/?$`),
    }));
  const routeOf = (method: string, pathname: string) =>
    patterns.find((p) => p.method === method && p.regex.test(pathname))?.route ?? 'unmatched';
  return async (request) => {
    const started = performance.now();
    const method = request.method;
    const route = routeOf(method, new URL(request.url).pathname);
    const response = await fetchHandler(request);
    const fields = {
      component: 'http',
      method,
      route,
      status: response.status,
      durationMs: Math.round(performance.now() - started),
      requestId: response.headers.get('X-Request-Id') ?? undefined,
    };
    if (response.status >= 500) log.error(fields, 'request failed');
    else if (route.startsWith('/health/')) log.debug(fields, 'request');
    else log.info(fields, 'request');
    return response;
  };
}
