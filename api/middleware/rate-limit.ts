import type { Context } from 'hono';
import { clientAddress } from '../client-address';
import type { ApiEnv } from '../env';
import { problems } from '../problem';
import type { RateLimiter } from '../rate-limiter';

/** Requests a client address may make a minute without a valid token, unless configured. */
export const DEFAULT_ANONYMOUS_RATE_LIMIT_PER_MINUTE = 60;

/** Per client: the verified token's subject within its organisation. */
export function takeFromClient(limiter: RateLimiter, c: Context<ApiEnv>): void {
  const wait = limiter.take(c.get('principal').clientId);
  if (wait !== null) throw problems.rateLimited(wait);
}

/** Per client address, for what needs no token. */
export function takeFromAddress(limiter: RateLimiter, c: Context): void {
  const wait = limiter.take(clientAddress(c));
  if (wait !== null) throw problems.rateLimited(wait);
}
