import type { Context, ErrorHandler, MiddlewareHandler, Next } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { isPage } from '../../web/page-paths';
import type { ApiDeps, ApiEnv } from '../env';
import { problems } from '../problem';
import { createRateLimiter } from '../rate-limiter';
import { recordAccessOf } from './access-log';
import { authenticator } from './authenticate';
import { assertJsonBody } from './json-only';
import { forbidStoring } from './no-store';
import { DEFAULT_ANONYMOUS_RATE_LIMIT_PER_MINUTE, takeFromAddress, takeFromClient } from './rate-limit';
import { assignRequestId } from './request-id';
import { recordRefusalOf } from './security-log';
import { assertStorableQuery } from './storable-text';

const MAX_BODY_BYTES = 64 * 1024;

/**
 * What every request passes through before its route, as one middleware: each layer a plain call, in the
 * order the layers were once separate middlewares, answering an error where that middleware's own error
 * would have been answered (so the layers around it see the answer: the security log its status, the secure
 * headers their response). Reads are many and each Hono middleware costs a dispatch and a promise a request.
 *
 * `/v1`: request id, secure headers, no-store, the security log (after), authentication, the per-client rate
 * limit, the body limit, JSON bodies only, storable query text, the access log (after, committed before the
 * answer leaves). Everything else: request id, secure headers, and the per-address rate limit except for
 * assets and pages (which count against their own limits).
 */
export function requestLayers(deps: ApiDeps, answerError: ErrorHandler<ApiEnv>): MiddlewareHandler<ApiEnv> {
  // Whatever comes without a valid token (public pages, refused tokens) shares one budget per address.
  const anonymous = createRateLimiter({
    perMinute: deps.anonymousRateLimitPerMinute ?? DEFAULT_ANONYMOUS_RATE_LIMIT_PER_MINUTE,
  });
  const secure = secureHeaders();
  const authenticate = authenticator(deps.auth, anonymous);
  const perClient = createRateLimiter({ perMinute: deps.rateLimitPerMinute });
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw problems.tooLarge();
    },
  });
  /** Runs `layer`, answering what it throws as the app would have answered it there. */
  const answering = async (c: Context<ApiEnv, string>, layer: () => Promise<void>) => {
    try {
      await layer();
    } catch (error) {
      if (!(error instanceof Error)) throw error;
      c.error = error;
      c.res = await answerError(error, c);
    }
  };

  const api = (c: Context<ApiEnv, string>, next: Next) =>
    secure(c, async () => {
      forbidStoring(c);
      await answering(c, async () => {
        await authenticate(c);
        takeFromClient(perClient, c);
        const rest = async () => {
          assertJsonBody(c);
          assertStorableQuery(c);
          c.set('accessed', []);
          await next();
          await answering(c, () => recordAccessOf(deps.db, c));
        };
        // A GET or HEAD has no body to limit (a Request cannot carry one): skipping them spares every read the
        // full Request object that asking for the body would make @hono/node-server build.
        if (c.req.method === 'GET' || c.req.method === 'HEAD') await rest();
        else await limitBody(c, rest);
      });
      await answering(c, () => recordRefusalOf(deps.db, c));
    });

  const others = (c: Context<ApiEnv, string>, next: Next) =>
    secure(c, async () => {
      await answering(c, async () => {
        if (!isAsset(c.req.path) && !isPage(c)) takeFromAddress(anonymous, c);
        await next();
      });
    });

  return async function layers(c, next) {
    assignRequestId(c);
    await (under('/v1', c.req.path) ? api(c, next) : others(c, next));
  };
}

/** Whether `path` is `prefix` or below it, as Hono's `prefix/*` matches. */
const under = (prefix: string, path: string) => path === prefix || path.startsWith(`${prefix}/`);
const isAsset = (path: string) => under('/assets', path);
