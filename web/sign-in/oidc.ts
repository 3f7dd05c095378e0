import { type Context, Hono } from 'hono';
import * as client from 'openid-client';
import { principalOf } from '../../api/auth/verify';
import type { WebDeps, WebEnv } from '../env';
import { render } from '../render';
import { refusePage } from '../security-log';
import { clearHostCookie, readHostCookie, setHostCookie } from '../session/cookie';
import { SESSION_COOKIE } from '../session/middleware';
import { startSession } from '../session/store';
import { safeReturnTo } from './return-to';

const PENDING_COOKIE = 'cstr-oidc';
const CALLBACK = '/sign-in/callback';
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** What the identity provider's answer failed: a check of ours (state, nonce, issuer, signature, times) or its own refusal. */
const REFUSED_CODES = new Set([
  'OAUTH_INVALID_RESPONSE',
  'OAUTH_JWT_CLAIM_COMPARISON_FAILED',
  'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED',
  'OAUTH_JWT_TIMESTAMP_CHECK_FAILED',
  'OAUTH_PARSE_ERROR',
]);
const isRefusal = (error: unknown) =>
  error instanceof client.AuthorizationResponseError ||
  error instanceof client.ResponseBodyError ||
  (error instanceof client.ClientError && REFUSED_CODES.has(error.code ?? ''));

interface Pending {
  verifier: string;
  state: string;
  nonce: string;
  returnTo: string;
}

/** The sign-in waiting in the cookie, unless the cookie is not one this page set. */
function pendingOf(cookie: string): Pending | null {
  try {
    const pending = JSON.parse(Buffer.from(cookie, 'base64url').toString()) as Partial<Pending>;
    const { verifier, state, nonce, returnTo } = pending;
    return [verifier, state, nonce, returnTo].every((v) => typeof v === 'string')
      ? (pending as Pending)
      : null;
  } catch {
    return null;
  }
}

/** A sign-in that did not complete: a page offering to start again, recorded in the security log. */
function refused(c: Context<WebEnv>, status: 400 | 403, advice: string) {
  refusePage(c, { reason: 'sign-in-refused' });
  return render(
    c,
    'problem.njk',
    { title: 'Sorry, you could not be signed in', advice, signInAgain: true },
    status,
  );
}

/**
 * Sign-in with the identity provider that issues the API's tokens: authorization code with PKCE. The
 * verifier, state, nonce and where to go afterwards wait in a short-lived HttpOnly cookie; the ID token's
 * `sub`, `role` and `org` claims make the session, as they make the API's principal. An answer that fails a
 * check (state, nonce, the provider refusing the code or its verifier) starts no session. Plain http is
 * allowed only to an identity provider on this machine's loopback, as in development and tests.
 */
export function oidcSignIn(deps: WebDeps, settings: Extract<WebDeps['signIn'], { kind: 'oidc' }>) {
  const app = new Hono<WebEnv>();
  let discovered: Promise<client.Configuration> | undefined;
  const configuration = () => {
    const issuer = new URL(settings.issuer);
    const insecure = issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname);
    discovered ??= client
      .discovery(issuer, settings.clientId, settings.clientSecret, undefined, {
        ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
      })
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
    return discovered;
  };

  app.get('/sign-in', async (c) => {
    const config = await configuration();
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const redirect = new URL(CALLBACK, c.req.url);
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirect.href,
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    const pending = JSON.stringify({
      verifier,
      state,
      nonce,
      returnTo: safeReturnTo(c.req.query('returnTo')),
    });
    setHostCookie(c, PENDING_COOKIE, Buffer.from(pending).toString('base64url'), 600);
    return c.redirect(url.href, 303);
  });

  app.get(CALLBACK, async (c) => {
    const cookie = readHostCookie(c, PENDING_COOKIE);
    clearHostCookie(c, PENDING_COOKIE);
    if (!cookie) return c.redirect('/sign-in', 303);
    const pending = pendingOf(cookie);
    if (!pending) return refused(c, 400, 'Your sign-in was interrupted.');
    let tokens;
    try {
      tokens = await client.authorizationCodeGrant(await configuration(), new URL(c.req.url), {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
      });
    } catch (error) {
      if (!isRefusal(error)) throw error;
      return refused(c, 400, 'The answer from your organisation’s sign-in service could not be accepted.');
    }
    const principal = principalOf(tokens.claims());
    if (!principal) return refused(c, 403, 'Your account has no role or organisation for this service.');
    const { sessionId } = await startSession(deps.db, principal, deps.sessionIdleMs);
    setHostCookie(c, SESSION_COOKIE, sessionId);
    return c.redirect(safeReturnTo(pending.returnTo), 303);
  });
  return app;
}
