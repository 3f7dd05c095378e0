import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { clientAddress } from '../api/client-address';
import { DEFAULT_ANONYMOUS_RATE_LIMIT_PER_MINUTE } from '../api/middleware/rate-limit';
import { type RateLimiter, createRateLimiter } from '../api/rate-limiter';
import type { WebDeps, WebEnv } from './env';
import { render } from './render';
import { refusePage } from './security-log';

export interface PageRateLimits {
  /** Per signed-in person, `RATE_LIMIT_PER_MINUTE` as in the API. */
  perPerson: RateLimiter;
  /** Per client address, without a live session (`RATE_LIMIT_ANONYMOUS_PER_MINUTE`, as the API's). */
  perAddress: RateLimiter;
  /** Who is being refused now: only the first refusal of a run is written to the security log. */
  refusing: Set<string>;
}

/** Past this many refusing clients remembered, the set starts again (a few more rows, never unbounded memory). */
const MAX_REFUSING = 10_000;

export function pageRateLimits(
  deps: Pick<WebDeps, 'rateLimitPerMinute' | 'anonymousRateLimitPerMinute'>,
): PageRateLimits {
  return {
    perPerson: createRateLimiter({ perMinute: deps.rateLimitPerMinute }),
    perAddress: createRateLimiter({
      perMinute: deps.anonymousRateLimitPerMinute ?? DEFAULT_ANONYMOUS_RATE_LIMIT_PER_MINUTE,
    }),
    refusing: new Set(),
  };
}

/**
 * Spends one request of the signed-in person's budget (or, without a live session, the address's): null if
 * there was one, else the "too many requests" page (429, `Retry-After`). The first refusal of a run is
 * recorded in the security log; the rest of it are not, so that a flood writes one row, not one per request.
 */
export function spendPageRequest(limits: PageRateLimits | undefined, c: Context<WebEnv>, signedIn: boolean) {
  if (!limits) return null;
  const who = signedIn ? `person ${c.get('principal').clientId}` : `address ${clientAddress(c)}`;
  const wait = (signedIn ? limits.perPerson : limits.perAddress).take(who);
  if (wait === null) {
    limits.refusing.delete(who);
    return null;
  }
  if (!limits.refusing.has(who)) {
    if (limits.refusing.size >= MAX_REFUSING) limits.refusing.clear();
    limits.refusing.add(who);
    refusePage(c, { reason: 'rate-limited' });
  }
  c.header('Retry-After', String(wait));
  return render(
    c,
    'problem.njk',
    {
      title: 'Sorry, there have been too many requests',
      advice: `Wait ${wait === 1 ? '1 second' : `${wait} seconds`}, then try again.`,
    },
    429,
  );
}

/** Signing in: per address, as every page without a live session. */
export const limitAnonymousPages = (limits: PageRateLimits) =>
  createMiddleware<WebEnv>(async function limitAnonymousPages(c, next) {
    const limited = spendPageRequest(limits, c, false);
    if (limited) return limited;
    await next();
  });
