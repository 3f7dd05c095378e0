import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import { findTarget } from '../api/middleware/authorize';
import { recordRefusal } from '../api/middleware/security-log';
import type { Refusal } from '../api/env';
import type { WebDeps, WebEnv } from './env';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The object a page's path names first: `/cases/{orderId}…` or `/requirements/{requirementId}…`. */
const NAMED = /^\/(cases|requirements)\/([^/]+)/;

/** Marks a page's answer as a refusal, for the security log. */
export function refusePage(c: Context<WebEnv>, refusal: Refusal): void {
  c.set('refusal', refusal);
}

/**
 * What a page refused, as the API's security log records it: who (when signed in), the route, the id the
 * path named (only if it is an id), the status, the request id. A page marks its refusal (`refusePage`);
 * a "Page not found" that did not is recorded from its path: out of scope when it names a case or
 * requirement that exists but is another party's, else no such thing.
 */
export function pageSecurityLog(deps: Pick<WebDeps, 'db'>) {
  return createMiddleware<WebEnv>(async function pageSecurityLog(c, next) {
    await next();
    const refusal = c.get('refusal') ?? (c.res.status === 404 ? await notFoundRefusal(deps, c) : undefined);
    if (!refusal) return;
    await recordRefusal(deps.db, refusal, {
      // Unset where the request was refused before anyone signed in.
      actor: c.get('principal'),
      status: c.res.status,
      method: c.req.method,
      // The route that answered: the handler's, or the middleware's that refused it.
      route: routePath(c),
      requestId: c.get('requestId'),
    });
  });
}

async function notFoundRefusal(deps: Pick<WebDeps, 'db'>, c: Context<WebEnv>): Promise<Refusal> {
  const [, kind, given = ''] = NAMED.exec(c.req.path) ?? [];
  const principal = c.get('principal') as WebEnv['Variables']['principal'] | undefined;
  if (!kind || !principal || !UUID.test(given)) return { reason: 'no-such-resource' };
  const resourceType = kind === 'cases' ? 'order' : 'requirement';
  const found = await findTarget(deps.db, principal, resourceType, given);
  return {
    reason: found && !found.visible ? 'out-of-scope' : 'no-such-resource',
    resourceType,
    resourceId: given,
    orderId: found?.orderId ?? null,
  };
}
