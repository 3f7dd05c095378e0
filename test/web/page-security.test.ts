import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../api/app';
import { createWeb } from '../../web/app';
import { startSession } from '../../web/session/store';
import { type ApiHarness, startApiHarness } from '../api/harness';
import { sentencedCase } from '../api/support/cases';
import { Journey, actors } from '../api/support/journey';
import { useTestDatabase } from '../support/database';
import { createPdfRenderer } from '../../web/pdf/renderer';

const t = useTestDatabase();
let h: ApiHarness;
let orderId: string;
let drrId: string;
let reviewId: string | undefined;
const IDLE_MS = 30 * 60_000;

beforeAll(async () => {
  h = await startApiHarness(t);
  const sentenced = await sentencedCase(new Journey(h), {
    months: 12,
    requirements: [{ type: 'DRR', months: 12, reviewed: true }],
  });
  orderId = sentenced.orderId;
  drrId = sentenced.ids[0]!;
  const review = await t.db
    .selectFrom('reviews')
    .select('id')
    .where('requirement_id', '=', drrId)
    .executeTakeFirst();
  reviewId = review?.id;
});
afterAll(async () => {
  await h?.close();
});

/** The API with the pages mounted, as app/main.ts mounts them, with these rate limits. */
function site(limits: { rateLimitPerMinute?: number; anonymousRateLimitPerMinute?: number } = {}) {
  const deps = { ...h.deps, ...limits };
  const app = createApi(deps);
  const web = createWeb({
    ...deps,
    signIn: { kind: 'local' },
    sessionIdleMs: IDLE_MS,
    pdf: createPdfRenderer(),
  });
  app.route('/', web);
  return { app, web };
}

/** What the Node server hands the app: the connection the request came on. */
const from = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });

async function signedIn(who: { sub: string; role: string; org: string }) {
  const { sessionId } = await startSession(t.db, who, IDLE_MS);
  const csrf = (
    await t.db
      .selectFrom('web_sessions')
      .select('csrf_token')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow()
  ).csrf_token;
  return { cookie: `cstr-session=${sessionId}`, csrf };
}

const securityLog = (res: Response) =>
  t.ownerDb
    .selectFrom('security_log')
    .select([
      'reason',
      'status',
      'actor_sub',
      'actor_role',
      'route',
      'resource_type',
      'resource_id',
      'order_id',
    ])
    .where('request_id', '=', res.headers.get('X-Request-Id') ?? '')
    .execute();

describe('no page is stored by a browser', () => {
  it('answers every page route, GET and POST, signed in or not, with Cache-Control: no-store', async () => {
    const { app, web } = site();
    const probation = await signedIn(actors.probation);
    const ids: Record<string, string | undefined> = { orderId, requirementId: drrId, reviewId };
    const routes = web.routes
      .filter((r) => (r.method === 'GET' || r.method === 'POST') && !r.path.includes('*'))
      .filter((r) => !r.path.startsWith('/assets'))
      // Signing out ends the session the other requests use: last.
      .sort((a, b) => Number(a.path === '/sign-out') - Number(b.path === '/sign-out'));
    expect(routes.map((r) => r.path)).toEqual(
      expect.arrayContaining(['/', '/cases', '/cases/:orderId', '/requirements/:requirementId', '/sign-in']),
    );
    const answered: string[] = [];
    for (const { method, path } of routes) {
      const url = path.replace(/:(\w+)/g, (_, name: string) => ids[name] ?? randomUUID());
      for (const cookie of [probation.cookie, undefined]) {
        const res = await app.request(url, {
          method,
          headers: {
            ...(cookie ? { Cookie: cookie } : {}),
            ...(method === 'POST' ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
          },
          ...(method === 'POST'
            ? { body: new URLSearchParams({ csrfToken: probation.csrf }).toString() }
            : {}),
        });
        expect(
          res.headers.get('Cache-Control'),
          `${method} ${url} ${cookie ? 'signed in' : 'anonymous'}`,
        ).toBe('no-store');
        answered.push(`${method} ${path} ${res.status}`);
      }
    }
    // Signed in, the case pages were shown, not only refused.
    expect(answered).toEqual(
      expect.arrayContaining(['GET /cases/:orderId 200', 'GET /requirements/:requirementId 200']),
    );
  });
});

describe('page rate limits', () => {
  it('answers a signed-in person past RATE_LIMIT_PER_MINUTE a 429 page with Retry-After; another person at the same address goes on', async () => {
    const { app } = site({ rateLimitPerMinute: 3 });
    const court = await signedIn({ sub: 'clerk-busy', role: 'court', org: actors.court.org });
    const colleague = await signedIn({ sub: 'clerk-calm', role: 'court', org: actors.court.org });
    const get = (cookie: string) =>
      app.request('/cases', { headers: { Cookie: cookie } }, from('198.51.100.7'));
    for (let i = 0; i < 3; i++) expect((await get(court.cookie)).status).toBe(200);
    const limited = await get(court.cookie);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('Content-Type')).toMatch(/^text\/html/);
    expect(await limited.text()).toContain('Sorry, there have been too many requests');
    expect(await securityLog(limited)).toEqual([
      {
        reason: 'rate-limited',
        status: 429,
        actor_sub: 'clerk-busy',
        actor_role: 'court',
        route: '/cases/*',
        resource_type: null,
        resource_id: null,
        order_id: null,
      },
    ]);
    // The rest of the run is refused alike, without a row each: a flood writes one.
    const again = await get(court.cookie);
    expect(again.status).toBe(429);
    expect(await securityLog(again)).toEqual([]);
    expect((await get(colleague.cookie)).status).toBe(200);
  });

  it('limits page requests without a live session per address, as the API does, with a 429 page', async () => {
    const { app } = site({ anonymousRateLimitPerMinute: 2 });
    const signInPage = (address: string) => app.request('/sign-in', {}, from(address));
    expect((await signInPage('203.0.113.5')).status).toBe(200);
    // A cookie naming no session counts against the address too.
    const stale = await app.request(
      '/cases',
      { headers: { Cookie: 'cstr-session=gone' } },
      from('203.0.113.5'),
    );
    expect(stale.status).toBe(303);
    const limited = await signInPage('203.0.113.5');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    expect(await limited.text()).toContain('Sorry, there have been too many requests');
    expect(await securityLog(limited)).toMatchObject([
      { reason: 'rate-limited', status: 429, actor_sub: null },
    ]);
    expect((await signInPage('203.0.113.6')).status).toBe(200);
  });
});

describe('refused page requests in the security log', () => {
  it('records another party’s case (404) with ids only: who, the route, the case', async () => {
    const { app } = site();
    const stranger = await signedIn(actors.otherProvider);
    for (const [path, type, id] of [
      [`/cases/${orderId}`, 'order', orderId],
      [`/requirements/${drrId}`, 'requirement', drrId],
    ] as const) {
      const res = await app.request(path, { headers: { Cookie: stranger.cookie } });
      expect(res.status).toBe(404);
      expect(await securityLog(res)).toEqual([
        {
          reason: 'out-of-scope',
          status: 404,
          actor_sub: actors.otherProvider.sub,
          actor_role: 'provider',
          route: type === 'order' ? '/cases/:orderId' : '/requirements/:requirementId',
          resource_type: type,
          resource_id: id,
          order_id: orderId,
        },
      ]);
    }
    const nothing = await app.request(`/cases/${randomUUID()}`, { headers: { Cookie: stranger.cookie } });
    expect(await securityLog(nothing)).toMatchObject([{ reason: 'no-such-resource', order_id: null }]);
    // A name typed into the address is not an id: it is not written down.
    const typed = await app.request('/cases/Alex%20Example', { headers: { Cookie: stranger.cookie } });
    expect(await securityLog(typed)).toMatchObject([{ reason: 'no-such-resource', resource_id: null }]);
  });

  it('records a form the role may not use, a commissioner’s case page and a form posted without its CSRF token', async () => {
    const { app } = site();
    const provider = await signedIn(actors.provider);
    const warning = await app.request(`/cases/${orderId}/warnings`, { headers: { Cookie: provider.cookie } });
    expect(warning.status).toBe(404);
    expect(await securityLog(warning)).toMatchObject([
      {
        reason: 'role-not-allowed',
        route: '/cases/:orderId/warnings',
        resource_id: orderId,
        order_id: orderId,
      },
    ]);

    const commissioner = await signedIn({ sub: 'analyst-1', role: 'commissioner', org: 'NATIONAL' });
    const kpisOnly = await app.request(`/cases/${orderId}`, { headers: { Cookie: commissioner.cookie } });
    expect(kpisOnly.status).toBe(403);
    expect(await securityLog(kpisOnly)).toMatchObject([
      { reason: 'role-not-allowed', actor_role: 'commissioner' },
    ]);
    // Its home is the KPIs: sent there, not refused.
    const home = await app.request('/', { headers: { Cookie: commissioner.cookie } });
    expect(home.status).toBe(303);
    expect(await securityLog(home)).toEqual([]);

    const probation = await signedIn(actors.probation);
    const forged = await app.request('/sign-out', {
      method: 'POST',
      headers: { Cookie: probation.cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'csrfToken=not-the-token',
    });
    expect(forged.status).toBe(403);
    expect(await securityLog(forged)).toEqual([
      {
        reason: 'csrf-rejected',
        status: 403,
        actor_sub: actors.probation.sub,
        actor_role: 'probation',
        route: '/sign-out',
        resource_type: null,
        resource_id: null,
        order_id: null,
      },
    ]);
  });

  it('refuses a commissioner and data protection every page but the figures, GET and POST, and logs no read', async () => {
    const { app, web } = site();
    const ids: Record<string, string | undefined> = { orderId, requirementId: drrId, reviewId };
    const pages = web.routes.filter(
      (r) =>
        (r.method === 'GET' || r.method === 'POST') &&
        !r.path.startsWith('/sign-') &&
        !r.path.startsWith('/assets') &&
        r.path !== '/kpis',
    );
    expect(pages.length).toBeGreaterThan(80);
    for (const who of [
      { sub: 'analyst-walk', role: 'commissioner', org: 'NATIONAL' },
      { sub: 'dpo-walk', role: 'data-protection', org: 'DPO' },
    ]) {
      const { cookie, csrf } = await signedIn(who);
      for (const { method, path } of pages) {
        const url = path
          .replace(/:(\w+)/g, (_, name: string) => ids[name] ?? randomUUID())
          .replace('*', randomUUID());
        const res = await app.request(url, {
          method,
          headers: {
            Cookie: cookie,
            ...(method === 'POST' ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
          },
          ...(method === 'POST' ? { body: new URLSearchParams({ csrfToken: csrf }).toString() } : {}),
        });
        if (who.role === 'commissioner' && path === '/') {
          expect(res.headers.get('Location')).toBe('/kpis');
          continue;
        }
        expect(res.status, `${who.role} ${method} ${path}`).toBe(403);
        expect(await securityLog(res), `${who.role} ${method} ${path}`).toMatchObject([
          { reason: 'role-not-allowed', actor_role: who.role },
        ]);
      }
      const read = await t.ownerDb
        .selectFrom('access_log_entries')
        .select('resource_type')
        .where('actor_sub', '=', who.sub)
        .execute();
      expect(read).toEqual([]);
    }
  });

  it('records a commissioner asking for another region’s figures, and anyone else’s /kpis, as GET /v1/kpis does', async () => {
    const { app } = site();
    const regional = await signedIn({ sub: 'analyst-2', role: 'commissioner', org: 'Y56' });
    const elsewhere = await app.request('/kpis?period=2027-Q1&region=Y58', {
      headers: { Cookie: regional.cookie },
    });
    expect(elsewhere.status).toBe(403);
    expect(await securityLog(elsewhere)).toEqual([
      {
        reason: 'out-of-scope',
        status: 403,
        actor_sub: 'analyst-2',
        actor_role: 'commissioner',
        route: '/kpis',
        resource_type: null,
        resource_id: null,
        order_id: null,
      },
    ]);
    const own = await app.request('/kpis?period=2027-Q1&region=Y56', {
      headers: { Cookie: regional.cookie },
    });
    expect(own.status).toBe(200);
    expect(await securityLog(own)).toEqual([]);

    const probation = await signedIn(actors.probation);
    const notFigures = await app.request('/kpis', { headers: { Cookie: probation.cookie } });
    expect(notFigures.status).toBe(403);
    expect(await securityLog(notFigures)).toMatchObject([
      { reason: 'role-not-allowed', status: 403, actor_role: 'probation', route: '/kpis' },
    ]);
  });
});
