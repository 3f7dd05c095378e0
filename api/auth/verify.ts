import { type JWTVerifyGetKey, createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { z } from 'zod';
import { Role } from '../../domain/primitives';
import type { Principal } from '../env';

const Claims = z.object({ sub: z.string().min(1), role: Role, org: z.string().min(1) });

export interface AuthOptions {
  keys: JWTVerifyGetKey;
  issuer: string;
  audience: string;
}

export type Authenticator = (token: string) => Promise<Principal>;

export class InvalidToken extends Error {}

/** Verifies RS256 bearer tokens: signature from the key set, issuer, audience, expiry with 60 s of leeway. */
export function createAuthenticator(options: AuthOptions): Authenticator {
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, options.keys, {
        algorithms: ['RS256'],
        issuer: options.issuer,
        audience: options.audience,
        clockTolerance: 60,
        requiredClaims: ['exp', 'sub'],
      });
      const claims = Claims.safeParse(payload);
      if (!claims.success) throw new InvalidToken('the token lacks a valid role or org claim');
      return { ...claims.data, clientId: `${claims.data.org}/${claims.data.sub}` };
    } catch (error) {
      if (error instanceof InvalidToken) throw error;
      if (error instanceof errors.JOSEError) throw new InvalidToken(error.code);
      throw error;
    }
  };
}

/** Keys from an identity provider's JWKS endpoint (AUTH_JWKS_URL), cached and refreshed by jose. */
export function remoteKeys(url: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(url), { timeoutDuration: 1_500, cooldownDuration: 30_000 });
}
