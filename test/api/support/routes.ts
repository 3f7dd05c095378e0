import { commandRoutes } from '../../../api/commands/catalogue';
import { documentRoutes, readRoutes } from '../../../api/reads/routes';

export interface KnownRoute {
  method: 'GET' | 'POST';
  path: string;
  operationId: string;
}

/** Every route the API serves under /v1, from the command catalogue and the read (and document) routes. */
export const allRoutes: readonly KnownRoute[] = [
  ...commandRoutes.map((r) => ({ method: 'POST' as const, path: r.path, operationId: r.operationId })),
  ...Object.entries({ ...readRoutes, ...documentRoutes }).map(([operationId, r]) => {
    if (r.operationId !== operationId) throw new Error(`read route ${operationId} is ${r.operationId}`);
    return { method: 'GET' as const, path: r.path, operationId };
  }),
];

const matchers = allRoutes.map((r) => ({
  route: r,
  pattern: new RegExp(`^${r.path.replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`),
}));

/** The route a request went to, and the ids its path names. */
export function routeOf(method: string, url: string) {
  const path = url.split('?')[0]!;
  for (const m of matchers) {
    if (m.route.method !== method) continue;
    const found = m.pattern.exec(path);
    if (found) return { route: m.route, params: { ...found.groups } as Record<string, string> };
  }
  throw new Error(`no route for ${method} ${url}`);
}
