import { createMiddleware } from 'hono/factory';
import { InvalidToken, type Authenticator } from '../auth/verify';
import type { ApiEnv } from '../env';
import { problems } from '../problem';
import { refuse } from './security-log';

/** Requires a verified bearer token and sets the principal; the token itself is never logged or stored. */
export function authenticate(verify: Authenticator) {
  return createMiddleware<ApiEnv>(async function authenticate(c, next) {
    const header = c.req.header('Authorization') ?? '';
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/.exec(header);
    if (!match?.[1]) throw refuse(c, { reason: 'token-rejected' }, problems.unauthenticated());
    try {
      c.set('principal', await verify(match[1]));
    } catch (error) {
      if (error instanceof InvalidToken)
        throw refuse(
          c,
          { reason: 'token-rejected' },
          problems.unauthenticated('The bearer token is not valid.'),
        );
      throw problems.unavailable('The identity provider');
    }
    await next();
  });
}
