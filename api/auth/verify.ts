import { type JWTVerifyGetKey, createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { z } from 'zod';
import { Role } from '../../domain/primitives';
import type { Principal } from '../env';

/** Printable text: a control, format (zero-width, bidirectional) or unpaired surrogate character is refused. */
const ClaimText = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^\p{Cc}\p{Cf}\p{Cs}]+$/u);
const Claims = z.object({ sub: ClaimText, role: Role, org: ClaimText });

/** Who the claims of a verified token (or an identity provider's ID token) name; null without a valid sub, role or org. */
export function principalOf(claims: unknown): Principal | null {
  const parsed = Claims.safeParse(claims);
  if (!parsed.success) return null;
  return { ...parsed.data, clientId: `${parsed.data.org}/${parsed.data.sub}` };
}

/** The longest a token may be used after it was issued, unless configured (AUTH_MAX_TOKEN_AGE_SECONDS). */
export const DEFAULT_MAX_TOKEN_AGE_SECONDS = 12 * 3_600;

export interface AuthOptions {
  keys: JWTVerifyGetKey;
  issuer: string;
  audience: string;
  /** A token issued longer ago than this, or made to live longer than this, is refused. */
  maxTokenAgeSeconds?: number;
}

export type Authenticator = (token: string) => Promise<Principal>;

export class InvalidToken extends Error {}

const LEEWAY_SECONDS = 60;
/** How long a verified token is taken on trust (never past its expiry): a key withdrawn bites within this. */
const TRUSTED_FOR_MS = 60_000;
/** Verified tokens remembered at most; the memory is emptied when full. */
const TRUSTED_MAX = 10_000;

/**
 * Verifies RS256 bearer tokens: signature from the key set, issuer, audience, expiry with 60 s of leeway,
 * age since issue (`iat`) and lifetime (`exp - iat`) within the maximum, printable `sub` and `org`. A
 * caller sends the same token with every request, so a verified token is remembered for a minute (or until
 * it expires): the signature check is most of what authentication costs.
 */
export function createAuthenticator(options: AuthOptions, now: () => number = Date.now): Authenticator {
  const trusted = new Map<string, { principal: Principal; until: number }>();
  const maxAge = options.maxTokenAgeSeconds ?? DEFAULT_MAX_TOKEN_AGE_SECONDS;
  const verify = async (token: string) => {
    try {
      const { payload } = await jwtVerify(token, options.keys, {
        algorithms: ['RS256'],
        issuer: options.issuer,
        audience: options.audience,
        clockTolerance: LEEWAY_SECONDS,
        currentDate: new Date(now()),
        maxTokenAge: maxAge,
        requiredClaims: ['exp', 'iat', 'sub'],
      });
      const issuedAt = payload.iat!;
      const expiresAt = payload.exp!;
      if (expiresAt - issuedAt > maxAge) throw new InvalidToken('the token lives longer than allowed');
      const principal = principalOf(payload);
      if (!principal) throw new InvalidToken('the token lacks a valid sub, role or org claim');
      return { principal, expiresAtMs: (expiresAt + LEEWAY_SECONDS) * 1000 };
    } catch (error) {
      if (error instanceof InvalidToken) throw error;
      if (error instanceof errors.JOSEError) throw new InvalidToken(error.code);
      throw error;
    }
  };
  return async (token) => {
    const known = trusted.get(token);
    if (known && known.until > now()) return known.principal;
    const { principal, expiresAtMs } = await verify(token);
    if (trusted.size >= TRUSTED_MAX) trusted.clear();
    trusted.set(token, { principal, until: Math.min(expiresAtMs, now() + TRUSTED_FOR_MS) });
    return principal;
  };
}

/** Keys from an identity provider's JWKS endpoint (AUTH_JWKS_URL), cached and refreshed by jose. */
export function remoteKeys(url: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(url), { timeoutDuration: 1_500, cooldownDuration: 30_000 });
}
