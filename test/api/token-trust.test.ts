import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalIssuer, localIssuer } from '../../api/auth/local-issuer';
import { type Authenticator, InvalidToken, createAuthenticator } from '../../api/auth/verify';

describe('a verified token taken on trust', () => {
  let dir: string;
  let issuer: LocalIssuer;
  let clock: number;
  let verify: Authenticator;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cstr-token-trust-'));
    issuer = await localIssuer(dir);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const authenticator = (maxTokenAgeSeconds?: number) => {
    clock = Date.now();
    verify = createAuthenticator(
      {
        keys: issuer.keys,
        issuer: issuer.issuer,
        audience: issuer.audience,
        ...(maxTokenAgeSeconds ? { maxTokenAgeSeconds } : {}),
      },
      () => clock,
    );
  };

  it('is refused once it expires beyond the leeway, though it was verified before', async () => {
    authenticator();
    const token = await issuer.mint({ role: 'probation', org: 'N07LDN', sub: 'officer-1', ttlSeconds: 30 });
    expect(await verify(token)).toMatchObject({ role: 'probation', org: 'N07LDN', sub: 'officer-1' });
    clock += 80_000; // 30 s to expiry, 60 s of leeway: still good
    expect((await verify(token)).sub).toBe('officer-1');
    clock += 15_000;
    await expect(verify(token)).rejects.toBeInstanceOf(InvalidToken);
  });

  it('trusts nothing that differs from the verified token by a single character', async () => {
    authenticator();
    const token = await issuer.mint({ role: 'provider', org: 'PROV-DRUGS' });
    await verify(token);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const escalated = Buffer.from(JSON.stringify({ ...claims, org: 'PROV-OTHER' })).toString('base64url');
    await expect(verify(`${header}.${escalated}.${signature}`)).rejects.toBeInstanceOf(InvalidToken);
    const middle = Math.floor(signature.length / 2); // the last character also carries padding bits
    const flipped = `${signature.slice(0, middle)}${signature[middle] === 'A' ? 'B' : 'A'}${signature.slice(middle + 1)}`;
    await expect(verify(`${header}.${payload}.${flipped}`)).rejects.toBeInstanceOf(InvalidToken);
  });

  it('honours a configured maximum age: a token made to live longer is refused, one within it is not', async () => {
    authenticator(600);
    const longLived = await issuer.mint({ role: 'probation', org: 'N07LDN', ttlSeconds: 900 });
    await expect(verify(longLived)).rejects.toBeInstanceOf(InvalidToken);
    const token = await issuer.mint({ role: 'probation', org: 'N07LDN', sub: 'officer-2', ttlSeconds: 600 });
    expect((await verify(token)).sub).toBe('officer-2');
  });
});
