import { Hono } from 'hono';
import * as client from 'openid-client';
import { principalOf } from '../../api/auth/verify';
import type { WebDeps, WebEnv } from '../env';
import { clearHostCookie, readHostCookie, setHostCookie } from '../session/cookie';
import { SESSION_COOKIE } from '../session/middleware';
import { startSession } from '../session/store';
import { safeReturnTo } from './return-to';

const PENDING_COOKIE = 'cstr-oidc';
const CALLBACK = '/sign-in/callback';

/**
 * Sign-in with the identity provider that issues the API's tokens: authorization code with PKCE. The
 * verifier, state and where to go afterwards wait in a short-lived HttpOnly cookie; the ID token's `sub`,
 * `role` and `org` claims make the session, as they make the API's principal.
 */
export function oidcSignIn(deps: WebDeps, settings: Extract<WebDeps['signIn'], { kind: 'oidc' }>) {
  const app = new Hono<WebEnv>();
  let discovered: Promise<client.Configuration> | undefined;
  const configuration = () => {
    discovered ??= client
      .discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret)
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
    const redirect = new URL(CALLBACK, c.req.url);
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirect.href,
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    });
    const pending = JSON.stringify({ verifier, state, returnTo: safeReturnTo(c.req.query('returnTo')) });
    setHostCookie(c, PENDING_COOKIE, Buffer.from(pending).toString('base64url'), 600);
    return c.redirect(url.href, 303);
  });

  app.get(CALLBACK, async (c) => {
    const cookie = readHostCookie(c, PENDING_COOKIE);
    clearHostCookie(c, PENDING_COOKIE);
    if (!cookie) return c.redirect('/sign-in', 303);
    const pending = JSON.parse(Buffer.from(cookie, 'base64url').toString()) as {
      verifier: string;
      state: string;
      returnTo: string;
    };
    const tokens = await client.authorizationCodeGrant(await configuration(), new URL(c.req.url), {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
    });
    const principal = principalOf(tokens.claims());
    if (!principal) return c.text('Your account has no role or organisation for this service.', 403);
    const { sessionId } = await startSession(deps.db, principal, deps.sessionIdleMs);
    setHostCookie(c, SESSION_COOKIE, sessionId);
    return c.redirect(safeReturnTo(pending.returnTo), 303);
  });
  return app;
}
