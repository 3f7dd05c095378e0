import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type JWK, SignJWT, importJWK } from 'jose';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../../api/auth/local-issuer';

/** Signs tokens with a local issuer's own private key, with whatever claims and header a test needs. */
export async function tokenForge(dataDir: string) {
  const jwk = JSON.parse(
    await readFile(path.join(dataDir, 'auth', 'local-issuer.private.jwk.json'), 'utf8'),
  ) as JWK;
  const key = await importJWK(jwk, 'RS256');
  return (options: {
    claims?: Record<string, unknown>;
    issuer?: string;
    audience?: string;
    subject?: string;
    issuedAt?: number;
    expiresAt?: number;
  }) =>
    new SignJWT({ role: 'provider', org: 'PROV-DRUGS', ...options.claims })
      .setProtectedHeader({ alg: 'RS256', kid: jwk.kid ?? 'local' })
      .setSubject(options.subject ?? 'forged-user')
      .setIssuer(options.issuer ?? LOCAL_ISSUER)
      .setAudience(options.audience ?? LOCAL_AUDIENCE)
      .setIssuedAt(options.issuedAt)
      .setExpirationTime(options.expiresAt ?? Math.floor(Date.now() / 1000) + 600)
      .sign(key);
}

/** An unsigned token (`alg: none`) with the given claims. */
export function unsignedToken(claims: Record<string, unknown>): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({
    iss: LOCAL_ISSUER,
    aud: LOCAL_AUDIENCE,
    sub: 'nobody',
    iat: now,
    exp: now + 600,
    ...claims,
  })}.`;
}
