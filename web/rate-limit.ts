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
}

export function pageRateLimits(
  deps: Pick<WebDeps, 'rateLimitPerMinute' | 'anonymousRateLimitPerMinute'>,
): PageRateLimits {
  return {
    perPerson: createRateLimiter({ perMinute: deps.rateLimitPerMinute }),
    perAddress: createRateLimiter({
      perMinute: deps.anonymousRateLimitPerMinute ?? DEFAULT_ANONYMOUS_RATE_LIMIT_PER_MINUTE,
    }),
  };
}

/**
 * Spends one request of the signed-in person's budget (or, without a live session, the address's): null if
 * there was one, else the "too many requests" page (429, `Retry-After`), recorded in the security log.
 */
export function spendPageRequest(limits: PageRateLimits | undefined, c: Context<WebEnv>, signedIn: boolean) {
  if (!limits) return null;
  const wait = signedIn
    ? limits.perPerson.take(c.get('principal').clientId)
    : limits.perAddress.take(clientAddress(c));
  if (wait === null) return null;
  refusePage(c, { reason: 'rate-limited' });
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
