import { localIssuer } from '../api/auth/local-issuer';
import { type Authenticator, createAuthenticator, remoteKeys } from '../api/auth/verify';
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
