import { localIssuer } from '../api/auth/local-issuer';
import { type Authenticator, createAuthenticator, remoteKeys } from '../api/auth/verify';
import type { SignIn } from '../web/env';
import type { Config } from './config';

/** AUTH_JWKS_URL (an identity provider) when set; otherwise the local development issuer in the data directory. */
export async function authenticatorFor(
  config: Config,
): Promise<{ verify: Authenticator; description: string }> {
  if (config.AUTH_JWKS_URL && config.AUTH_ISSUER) {
    return {
      verify: createAuthenticator({
        keys: remoteKeys(config.AUTH_JWKS_URL),
        issuer: config.AUTH_ISSUER,
        audience: config.AUTH_AUDIENCE,
        maxTokenAgeSeconds: config.AUTH_MAX_TOKEN_AGE_SECONDS,
      }),
      description: `tokens from ${config.AUTH_ISSUER} (keys at AUTH_JWKS_URL)`,
    };
  }
  const issuer = await localIssuer(config.dataDir);
  return {
    verify: createAuthenticator({
      keys: issuer.keys,
      issuer: issuer.issuer,
      audience: issuer.audience,
      maxTokenAgeSeconds: config.AUTH_MAX_TOKEN_AGE_SECONDS,
    }),
    description: 'tokens from the local development issuer (npm run token)',
  };
}

/**
 * How people sign in to the pages: with the identity provider (OpenID Connect, WEB_OIDC_CLIENT_ID) when the
 * API trusts one; with the local issuer's pick-a-role page only in development, where the API itself takes
 * any token `npm run token` mints. Null: an identity provider without a client for the pages, so no pages.
 */
export function webSignInFor(config: Config): SignIn | null {
  if (!config.AUTH_JWKS_URL) return { kind: 'local' };
  if (!config.AUTH_ISSUER || !config.WEB_OIDC_CLIENT_ID) return null;
  return {
    kind: 'oidc',
    issuer: config.AUTH_ISSUER,
    clientId: config.WEB_OIDC_CLIENT_ID,
    clientSecret: config.WEB_OIDC_CLIENT_SECRET,
  };
}
