import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  type JWK,
  type JWTVerifyGetKey,
  SignJWT,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
} from 'jose';
import type { Role } from '../../domain/primitives';

export const LOCAL_ISSUER = 'urn:cstr:local-issuer';
export const LOCAL_AUDIENCE = 'cstr-api';

export interface LocalIssuer {
  issuer: string;
  audience: string;
  keys: JWTVerifyGetKey;
  /** The public key set, as an identity provider would publish it. */
  jwks: { keys: JWK[] };
  mint(claims: { role: Role; org: string; sub?: string; ttlSeconds?: number }): Promise<string>;
}

/**
 * A development and test issuer: an RS256 key pair kept in `<dataDir>/auth`, made on first use. Production
 * points AUTH_JWKS_URL at the real identity provider instead.
 */
export async function localIssuer(dataDir: string): Promise<LocalIssuer> {
  const dir = path.join(dataDir, 'auth');
  const file = path.join(dir, 'local-issuer.private.jwk.json');
  if (!existsSync(file)) {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    await mkdir(dir, { recursive: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: `local-${Date.now().toString(36)}`, alg: 'RS256' };
    await writeFile(file, JSON.stringify(jwk), { mode: 0o600 });
  }
  const privateJwk = JSON.parse(await readFile(file, 'utf8')) as JWK;
  const privateKey = await importJWK(privateJwk, 'RS256');
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = privateJwk;
  const jwks = { keys: [{ ...publicJwk, use: 'sig' }] };
  return {
    issuer: LOCAL_ISSUER,
    audience: LOCAL_AUDIENCE,
    keys: createLocalJWKSet(jwks),
    jwks,
    mint: ({ role, org, sub = `${role}-user`, ttlSeconds = 3_600 }) =>
      new SignJWT({ role, org })
        .setProtectedHeader({ alg: 'RS256', kid: publicJwk.kid ?? 'local' })
        .setSubject(sub)
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(privateKey),
  };
}
