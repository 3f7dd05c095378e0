import type { Context } from 'hono';
import { InvalidToken, type Authenticator } from '../auth/verify';
import { clientAddress } from '../client-address';
import type { ApiEnv } from '../env';
import { problems } from '../problem';
import type { RateLimiter } from '../rate-limiter';
import { refuse } from './security-log';

/**
 * Requires a verified bearer token and sets the principal; the token itself is never logged or stored. Each
 * refusal is counted against the client's address (`refusals`): past its budget the answer is 429, not 401.
 */
export function authenticator(verify: Authenticator, refusals: RateLimiter) {
  return async function authenticate(c: Context<ApiEnv>): Promise<void> {
    const rejected = (detail?: string) => {
      const wait = refusals.take(clientAddress(c));
      const problem = wait === null ? problems.unauthenticated(detail) : problems.rateLimited(wait);
      return refuse(c, { reason: 'token-rejected' }, problem);
    };
    const header = c.req.header('Authorization') ?? '';
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/.exec(header);
    if (!match?.[1]) throw rejected();
    try {
      c.set('principal', await verify(match[1]));
    } catch (error) {
      if (error instanceof InvalidToken) throw rejected('The bearer token is not valid.');
      throw problems.notAnswering('The identity provider');
    }
  };
}
