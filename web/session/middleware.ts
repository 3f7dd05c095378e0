import { timingSafeEqual } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import { recordAccess } from '../../api/middleware/access-log';
import type { WebDeps, WebEnv } from '../env';
import { type PageRateLimits, spendPageRequest } from '../rate-limit';
import { refusePage } from '../security-log';
import { SESSION_COOKIE, readHostCookie } from './cookie';
import { resumeSession } from './store';

export { SESSION_COOKIE };

/** Equal strings, compared in constant time. */
export function sameToken(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A page for signed-in people: without a live session, to the sign-in page (and back after). Each request
 * spends one of the person's rate limit, or without a live session one of the address's. A form
 * post must carry the session's CSRF token. What the page showed or wrote goes to the access log, as the API's.
 */
export function signedIn(deps: Pick<WebDeps, 'db' | 'sessionIdleMs'>, limits?: PageRateLimits) {
  return createMiddleware<WebEnv>(async function signedIn(c, next) {
    const sessionId = readHostCookie(c, SESSION_COOKIE);
    const session = sessionId ? await resumeSession(deps.db, sessionId, deps.sessionIdleMs) : null;
    if (!session) {
      const limited = spendPageRequest(limits, c, false);
      if (limited) return limited;
      if (c.req.method !== 'GET') return c.text('Your session has ended. Sign in again.', 401);
      return c.redirect(`/sign-in?returnTo=${encodeURIComponent(c.req.path)}`, 303);
    }
    c.set('principal', session.principal);
    c.set('csrfToken', session.csrfToken);
    const limited = spendPageRequest(limits, c, true);
    if (limited) return limited;
    if (c.req.method === 'POST') {
      const form = await c.req.parseBody();
      if (!sameToken(form.csrfToken, session.csrfToken)) {
        refusePage(c, { reason: 'csrf-rejected' });
        return c.text('The form has expired. Go back and try again.', 403);
      }
    }
    c.set('accessed', []);
    await next();
    await recordAccess(deps.db, session.principal, c.get('accessed'), {
      requestId: c.get('requestId'),
      status: c.res.status,
    });
  });
}
