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
  const patternsOf = new Map<string, { route: string; regex: RegExp }[]>();
  for (const r of routes) {
    if (r.method === 'ALL' || r.path.includes('*')) continue;
    const regex = new RegExp(`^${r.path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/]+')}/?$`);
    patternsOf.set(r.method, [...(patternsOf.get(r.method) ?? []), { route: r.path, regex }]);
  }
  // The line's fields are all made here (none is a redaction path), so the redaction every other line pays
  // for (app/logger.ts) is left off this one, the one logged for every request.
  const requests = log.child({ component: 'http' }, { redact: [] });
  const routeOf = (method: string, pathname: string) =>
    patternsOf.get(method)?.find((p) => p.regex.test(pathname))?.route ?? 'unmatched';
  return async (request) => {
    const started = performance.now();
    const method = request.method;
    const route = routeOf(method, pathOf(request.url));
    const response = await fetchHandler(request);
    const fields = {
      method,
      route,
      status: response.status,
      durationMs: Math.round(performance.now() - started),
      requestId: response.headers.get('X-Request-Id') ?? undefined,
    };
    if (response.status >= 500) requests.error(fields, 'request failed');
    else if (route.startsWith('/health/')) requests.debug(fields, 'request');
    else requests.info(fields, 'request');
    return response;
  };
}

/** The path of an absolute URL as it came (up to its query or fragment), without parsing the whole URL. */
function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('://') + 3);
  if (start === -1) return '/';
  const query = url.indexOf('?', start);
  const fragment = url.indexOf('#', start);
  const end = Math.min(query === -1 ? url.length : query, fragment === -1 ? url.length : fragment);
  return url.slice(start, end);
}
