import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator, remoteKeys } from '../../api/auth/verify';
import { createApi } from '../../api/app';
import type { ApiDeps } from '../../api/env';
import { closeServer, listen } from '../../app/server';
import { DEFAULT_CONFIG } from '../../domain/config';
import { createWeb } from '../../web/app';
import { useTestDatabase } from '../support/database';
import { type FakeIdp, startFakeIdp } from './support/fake-idp';
import { createPdfRenderer } from '../../web/pdf/renderer';

const t = useTestDatabase();
const CLIENT = { clientId: 'cstr-pages', clientSecret: 'pages-secret', audience: 'cstr-api' };
let idp: FakeIdp;
let site: { base: string; close(): Promise<void> };

beforeAll(async () => {
  idp = await startFakeIdp(CLIENT);
  const deps: ApiDeps = {
    db: t.db,
    reportsDb: t.db,
    // No command is sent here: sign-in, the worklist and sign-out read and write only the database.
    temporal: undefined as never,
    auth: createAuthenticator({
      keys: remoteKeys(`${idp.issuer}/jwks`),
      issuer: idp.issuer,
      audience: CLIENT.audience,
    }),
    config: DEFAULT_CONFIG,
    rateLimitPerMinute: 10_000,
    anonymousRateLimitPerMinute: 10_000,
    commandTimeoutMs: 1_000,
    clock: () => new Date(),
  };
  const api = createApi(deps);
  const signIn = { kind: 'oidc', issuer: idp.issuer, ...CLIENT } as const;
  api.route('/', createWeb({ ...deps, signIn, sessionIdleMs: 30 * 60_000, pdf: createPdfRenderer() }));
  const { server, port } = await listen(api.fetch, 0, '127.0.0.1');
  site = { base: `http://127.0.0.1:${port}`, close: () => closeServer(server, 1_000) };
});
afterAll(async () => {
  await site?.close();
  await idp?.close();
});

/** A browser's cookies for the site, and each hop of a redirect chain followed by hand. */
function browser() {
  const cookies = new Map<string, string>();
  const hops: { url: string; status: number }[] = [];
  const request = async (url: string, init: RequestInit = {}) => {
    const onSite = url.startsWith(site.base);
    const headers = new Headers(init.headers);
    if (onSite && cookies.size > 0)
      headers.set('Cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    hops.push({ url, status: res.status });
    if (onSite)
      for (const line of res.headers.getSetCookie()) {
        const [pair = '', ...attributes] = line.split(';');
        const [name = '', value = ''] = pair.split('=');
        const expired = attributes.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim()));
        if (expired || value === '') cookies.delete(name);
        else cookies.set(name, value);
      }
    return res;
  };
  /** Follows redirects from `path`; `rewrite` may change a hop's URL before it is requested, as an attacker might. */
  const follow = async (path: string, rewrite: (url: URL) => URL = (u) => u) => {
    let res = await request(new URL(path, site.base).href);
    while (res.status >= 300 && res.status < 400) {
      const next = rewrite(new URL(res.headers.get('Location')!, hops.at(-1)!.url));
      res = await request(next.href);
    }
    return res;
  };
  return { cookies, hops, request, follow };
}

const securityLog = (requestId: string | null) =>
  t.ownerDb
    .selectFrom('security_log')
    .select(['reason', 'status', 'route', 'actor_sub'])
    .where('request_id', '=', requestId ?? '')
    .execute();

describe('sign-in with an OpenID Connect provider (authorization code + PKCE)', () => {
  it('signs a probation officer in through the provider and lands on the worklist as that role', async () => {
    idp.nextUser = { sub: 'officer-7', role: 'probation', org: 'N07LDN' };
    const b = browser();
    const res = await b.follow('/');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Your worklist');
    expect(html).toContain('Signed in as probation at N07LDN');
    const paths = b.hops.map((h) => new URL(h.url).pathname);
    expect(paths).toEqual(['/', '/sign-in', '/idp/authorize', '/sign-in/callback', '/']);
    const authorize = new URL(b.hops[2]!.url).searchParams;
    expect(authorize.get('code_challenge_method')).toBe('S256');
    expect(authorize.get('state')).toBeTruthy();
    expect(authorize.get('nonce')).toBeTruthy();
    const session = await t.ownerDb
      .selectFrom('web_sessions')
      .select(['sub', 'role', 'org'])
      .where('sub', '=', 'officer-7')
      .execute();
    expect(session).toEqual([{ sub: 'officer-7', role: 'probation', org: 'N07LDN' }]);
    expect(idp.refusals).toEqual([]);
  });

  it('refuses a callback whose state is not the one sent, and starts no session', async () => {
    idp.nextUser = { sub: 'state-victim', role: 'court', org: 'B01LY00' };
    const b = browser();
    const res = await b.follow('/sign-in', (url) => {
      if (url.pathname === '/sign-in/callback') url.searchParams.set('state', 'forged-state');
      return url;
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Sorry, you could not be signed in');
    expect(await sessionsOf('state-victim')).toBe(0);
    expect(await securityLog(res.headers.get('X-Request-Id'))).toEqual([
      { reason: 'sign-in-refused', status: 400, route: '/sign-in/callback', actor_sub: null },
    ]);
  });

  it('refuses an ID token whose nonce is not the one sent', async () => {
    idp.nextUser = { sub: 'nonce-victim', role: 'court', org: 'B01LY00' };
    idp.idTokenNonce = 'a-nonce-from-another-sign-in';
    try {
      const res = await browser().follow('/sign-in');
      expect(res.status).toBe(400);
      expect(await sessionsOf('nonce-victim')).toBe(0);
    } finally {
      idp.idTokenNonce = undefined;
    }
  });

  it('is refused by the provider when the code is redeemed with another PKCE verifier', async () => {
    idp.nextUser = { sub: 'pkce-victim', role: 'court', org: 'B01LY00' };
    const b = browser();
    const res = await b.follow('/sign-in', (url) => {
      // The pending sign-in's cookie swapped for one with another verifier, as a stolen code would be redeemed.
      if (url.pathname === '/sign-in/callback') {
        const pending = JSON.parse(Buffer.from(b.cookies.get('cstr-oidc')!, 'base64url').toString()) as {
          verifier: string;
        };
        pending.verifier = 'x'.repeat(43);
        b.cookies.set('cstr-oidc', Buffer.from(JSON.stringify(pending)).toString('base64url'));
      }
      return url;
    });
    expect(res.status).toBe(400);
    expect(idp.refusals).toEqual(['PKCE verifier does not match the challenge']);
    expect(await sessionsOf('pkce-victim')).toBe(0);
  });

  it('refuses an account without a role the service knows', async () => {
    idp.nextUser = { sub: 'no-role', role: 'janitor', org: 'N07LDN' };
    const res = await browser().follow('/sign-in');
    expect(res.status).toBe(403);
    expect(await sessionsOf('no-role')).toBe(0);
  });

  it('ends the session at sign-out: the cookie no longer opens a page', async () => {
    idp.nextUser = { sub: 'leaving', role: 'provider', org: 'PROV-DRUGS' };
    const b = browser();
    const home = await b.follow('/');
    const csrf = /name="csrfToken" value="([^"]+)"/.exec(await home.text())?.[1];
    const sessionCookie = b.cookies.get('cstr-session')!;
    const out = await b.request(`${site.base}/sign-out`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken: csrf ?? '' }).toString(),
    });
    expect(out.status).toBe(303);
    expect(await sessionsOf('leaving')).toBe(0);
    const again = await fetch(`${site.base}/`, {
      headers: { Cookie: `cstr-session=${sessionCookie}` },
      redirect: 'manual',
    });
    expect(again.status).toBe(303);
    expect(again.headers.get('Location')).toBe('/sign-in?returnTo=%2F');
  });

  it('ends a session left idle past the timeout', async () => {
    idp.nextUser = { sub: 'idle', role: 'enforcement', org: 'N07LDN' };
    const b = browser();
    expect((await b.follow('/')).status).toBe(200);
    await t.ownerDb
      .updateTable('web_sessions')
      .set({ last_seen_at: sql<Date>`now() - interval '31 minutes'` })
      .where('sub', '=', 'idle')
      .execute();
    const res = await b.request(`${site.base}/cases`);
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/sign-in?returnTo=%2Fcases');
  });

  it('issues with the same sign-in an access token the API accepts, with the same role and organisation', async () => {
    idp.nextUser = { sub: 'integrator', role: 'probation', org: 'N07LDN' };
    expect((await browser().follow('/')).status).toBe(200);
    const res = await fetch(`${site.base}/v1/deadlines`, {
      headers: { Authorization: `Bearer ${idp.lastAccessToken}` },
    });
    expect(res.status).toBe(200);
  });
});

const sessionsOf = async (sub: string) =>
  (await t.ownerDb.selectFrom('web_sessions').select('sub').where('sub', '=', sub).execute()).length;
