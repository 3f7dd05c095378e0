import type { Logger } from './logger';

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
