import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../api/app';
import { localIssuer } from '../../api/auth/local-issuer';
import { addDays } from '../../domain/calendar';
import { requirementWorkflowId } from '../../workflows/messages';
import { useTestDatabase } from '../support/database';
import { openCaseBody, sessionBooking } from '../../app/case-fixtures';
import { type ApiHarness, startApiHarness } from './harness';
import { referred, sentencedCase } from './support/cases';
import { Journey, actors } from './support/journey';
import { tokenForge, unsignedToken } from './support/tokens';

const t = useTestDatabase();
let h: ApiHarness;
let j: Journey;
let orderId: string;
let drrId: string;
let tomorrow: string;
beforeAll(async () => {
  h = await startApiHarness(t);
  j = new Journey(h);
  const sentenced = await sentencedCase(j, { months: 12, requirements: [{ type: 'DRR', months: 12 }] });
  orderId = sentenced.orderId;
  drrId = sentenced.ids[0]!;
  tomorrow = addDays(sentenced.sentenceDate, 1);
  await referred(j, drrId, 'DRR');
});
afterAll(async () => {
  await h?.close();
});

async function expectProblem(res: Response, status: number, type: string) {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('Content-Type')).toBe('application/problem+json');
  const body = JSON.parse(text) as { type: string; status: number };
  expect(body).toMatchObject({ type: `https://cstr.service.justice.gov.uk/problems/${type}`, status });
  expect(text).not.toMatch(/\bat .+\.(ts|js):\d+/);
  return body;
}

/** Everything a request could leave behind: rows in every table the API or the workflows write. */
async function footprint() {
  const count = async (
    table: 'events' | 'notifications' | 'idempotency_keys' | 'accesses' | 'appointments',
  ) =>
    Number(
      (
        await t.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const history = await h.env.client.workflow.getHandle(requirementWorkflowId(orderId, drrId)).fetchHistory();
  return {
    events: await count('events'),
    notifications: await count('notifications'),
    idempotencyKeys: await count('idempotency_keys'),
    accessLog: await count('accesses'),
    appointments: await count('appointments'),
    historyEvents: history.events?.length ?? 0,
  };
}

const booking = () => sessionBooking(`${tomorrow}T10:00:00.000Z`);

describe('authentication', () => {
  it('answers 401 for no token, a bad signature, alg none, an expired token, a wrong audience or issuer', async () => {
    const forge = await tokenForge(h.dataDir);
    const now = Math.floor(Date.now() / 1000);
    const valid = await forge({});
    const [header, payload] = valid.split('.');
    const otherKey = await tokenForge(await otherIssuerDir());
    const cases: [string, Record<string, string>][] = [
      ['no token', {}],
      ['not a bearer token', { Authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }],
      ['signed by another key', { Authorization: `Bearer ${await otherKey({})}` }],
      ['signature cut off', { Authorization: `Bearer ${header}.${payload}.` }],
      ['alg none', { Authorization: `Bearer ${unsignedToken({ role: 'probation', org: 'N07LDN' })}` }],
      ['expired beyond the leeway', { Authorization: `Bearer ${await forge({ expiresAt: now - 120 })}` }],
      ['another audience', { Authorization: `Bearer ${await forge({ audience: 'someone-else' })}` }],
      ['another issuer', { Authorization: `Bearer ${await forge({ issuer: 'urn:evil' })}` }],
      ['no role claim', { Authorization: `Bearer ${await forge({ claims: { role: 'judge' } })}` }],
    ];
    for (const [why, headers] of cases) {
      const res = await h.api.request('/v1/orders', { headers });
      const body = await expectProblem(res, 401, 'unauthenticated');
      expect(res.headers.get('WWW-Authenticate'), why).toBe('Bearer');
      expect(body, why).toMatchObject({ status: 401 });
    }
    // Within the 60 s of leeway an expired token is still accepted.
    const lenient = await forge({ expiresAt: now - 30 });
    expect(
      (await h.api.request('/v1/orders', { headers: { Authorization: `Bearer ${lenient}` } })).status,
    ).toBe(200);
    // A write with a bad token leaves nothing.
    const before = await footprint();
    const res = await h.api.request(`/v1/requirements/${drrId}/appointments`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${unsignedToken({ role: 'provider', org: 'PROV-DRUGS' })}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': 'unsigned-attempt-1',
      },
      body: JSON.stringify(booking()),
    });
    await expectProblem(res, 401, 'unauthenticated');
    expect(await footprint()).toEqual(before);
  });

  it('answers 401 to a token whose claims hold control or invisible characters, and writes nothing', async () => {
    const forge = await tokenForge(h.dataDir);
    const probation = { role: 'probation', org: 'N07LDN' };
    const before = await footprint();
    const cases: [string, Parameters<typeof forge>[0]][] = [
      ['NUL in sub', { subject: 'officer\u0000-1', claims: probation }],
      ['BEL in sub', { subject: 'officer\u0007-1', claims: probation }],
      ['newline in sub', { subject: 'officer-1\nforged log line', claims: probation }],
      ['escape in org', { claims: { ...probation, org: 'N07LDN\u001b[2J' } }],
      ['C1 control in org', { claims: { ...probation, org: 'N07LDN\u0085' } }],
      ['zero-width space in org', { claims: { ...probation, org: 'N07LDN\u200b' } }],
      ['right-to-left override in sub', { subject: 'officer-\u202e1', claims: probation }],
      ['lone surrogate in sub', { subject: 'officer-\ud800', claims: probation }],
    ];
    for (const [why, options] of cases) {
      const token = await forge(options);
      const res = await h.api.request(`/v1/orders/${orderId}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(res.status, why).toBe(401);
      await expectProblem(res, 401, 'unauthenticated');
    }
    expect(await footprint()).toEqual(before);
  });

  it('answers 401 to a token issued longer ago than the maximum age (12 h), or made to live longer', async () => {
    const forge = await tokenForge(h.dataDir);
    const probation = { role: 'probation', org: 'N07LDN' };
    const now = Math.floor(Date.now() / 1000);
    const hours = (n: number) => n * 3_600;
    const get = async (token: string) =>
      h.api.request('/v1/orders', { headers: { Authorization: `Bearer ${token}` } });
    const old = await forge({ claims: probation, issuedAt: now - hours(13), expiresAt: now + 600 });
    await expectProblem(await get(old), 401, 'unauthenticated');
    const longLived = await forge({ claims: probation, issuedAt: now, expiresAt: now + hours(13) });
    await expectProblem(await get(longLived), 401, 'unauthenticated');
    const withinAge = await forge({ claims: probation, issuedAt: now - hours(11), expiresAt: now + 600 });
    expect((await get(withinAge)).status).toBe(200);
  });
});

describe('authorisation per object', () => {
  it('answers 404 to another provider reading or writing this requirement, leaving nothing anywhere', async () => {
    const stranger = await j.token(actors.otherProvider);
    const before = await footprint();
    await expectProblem(
      await h.call('GET', `/v1/requirements/${drrId}`, { token: stranger }),
      404,
      'not-found',
    );
    await expectProblem(await h.call('GET', `/v1/orders/${orderId}`, { token: stranger }), 404, 'not-found');
    const key = 'stranger-booking-0001';
    await expectProblem(
      await h.call('POST', `/v1/requirements/${drrId}/appointments`, {
        token: stranger,
        body: booking(),
        key,
      }),
      404,
      'not-found',
    );
    await expectProblem(
      await h.call('POST', `/v1/requirements/${drrId}/acceptance`, {
        token: stranger,
        body: { accepted: false },
      }),
      404,
      'not-found',
    );
    expect((await (await h.call('GET', '/v1/requirements', { token: stranger })).json()) as object).toEqual({
      items: [],
      nextCursor: null,
    });
    expect(await footprint()).toEqual(before);

    // No key was kept: the same key again is checked afresh (404 again, no replay, no 409 in flight).
    const again = await h.call('POST', `/v1/requirements/${drrId}/appointments`, {
      token: stranger,
      body: booking(),
      key,
    });
    await expectProblem(again, 404, 'not-found');
    expect(again.headers.get('Idempotent-Replayed')).toBeNull();
    expect(await footprint()).toEqual(before);
  });

  it('answers 404 to probation and a court elsewhere, and for ids that do not exist or are not ids', async () => {
    const otherPdu = await h.token('probation', 'N99XYZ');
    const otherCourt = await h.token('court', 'Z99ZZ00');
    const probation = await j.token(actors.probation);
    const before = await footprint();
    for (const [token, path] of [
      [otherPdu, `/v1/orders/${orderId}`],
      [otherPdu, `/v1/requirements/${drrId}`],
      [otherCourt, `/v1/orders/${orderId}/events`],
      [probation, '/v1/orders/00000000-0000-4000-8000-000000000000'],
      [probation, '/v1/requirements/not-a-uuid'],
      [probation, `/v1/orders/${encodeURIComponent("' OR '1'='1")}`],
    ] as const) {
      await expectProblem(await h.call('GET', path, { token }), 404, 'not-found');
    }
    await expectProblem(
      await h.call('POST', `/v1/orders/${orderId}/revocation`, {
        token: otherCourt,
        body: { reason: 'OTHER' },
      }),
      404,
      'not-found',
    );
    expect(await footprint()).toEqual(before);
  });

  it('answers 403 to a provider calling a court action or a probation read on its own case, writing nothing', async () => {
    const provider = await j.token(actors.provider);
    const before = await footprint();
    const key = 'provider-revokes-0001';
    await expectProblem(
      await h.call('POST', `/v1/orders/${orderId}/revocation`, {
        token: provider,
        body: { reason: 'OTHER' },
        key,
      }),
      403,
      'forbidden',
    );
    await expectProblem(
      await h.call('GET', `/v1/orders/${orderId}/events`, { token: provider }),
      403,
      'forbidden',
    );
    // Nothing was shown, so the access log has nothing; the refused attempts are in the security log.
    expect(await footprint()).toEqual(before);
    const logged = await t.db
      .selectFrom('security_log')
      .select(['actor_role', 'method', 'route', 'reason', 'status'])
      .where('status', '=', 403)
      .orderBy('id')
      .execute();
    expect(logged).toEqual([
      {
        actor_role: 'provider',
        method: 'POST',
        route: '/v1/orders/:orderId/revocation',
        reason: 'role-not-allowed',
        status: 403,
      },
      {
        actor_role: 'provider',
        method: 'GET',
        route: '/v1/orders/:orderId/events',
        reason: 'role-not-allowed',
        status: 403,
      },
    ]);
  });
});

describe('requests without a valid token, limited per client address', () => {
  /** What the Node server hands the app: the connection the request came on. */
  const from = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });

  it('answers 429 once an address spends its budget on public pages or refused tokens; other addresses and valid tokens go on', async () => {
    const api = createApi({ ...h.deps, anonymousRateLimitPerMinute: 3 });
    const get = (path: string, address: string, token?: string) =>
      api.request(path, token ? { headers: { Authorization: `Bearer ${token}` } } : {}, from(address));

    const reader = '198.51.100.1';
    expect((await get('/openapi.json', reader)).status).toBe(200);
    expect((await get('/docs', reader)).status).toBe(200);
    expect((await get('/openapi.json', reader)).status).toBe(200);
    const limited = await get('/openapi.json', reader);
    await expectProblem(limited, 429, 'rate-limited');
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(limited.headers.get('X-Request-Id')).toBeTruthy();
    await expectProblem(await get('/docs', reader), 429, 'rate-limited');
    expect((await get('/openapi.json', '198.51.100.2')).status).toBe(200);

    const prober = '203.0.113.9';
    const forged = unsignedToken({ role: 'probation', org: 'N07LDN' });
    await expectProblem(await get('/v1/orders', prober, forged), 401, 'unauthenticated');
    await expectProblem(await get('/v1/orders', prober), 401, 'unauthenticated');
    await expectProblem(await get(`/v1/orders/${orderId}`, prober, forged), 401, 'unauthenticated');
    const refused = await get('/v1/orders', prober, forged);
    await expectProblem(refused, 429, 'rate-limited');
    expect(refused.headers.get('Cache-Control')).toBe('no-store');
    await expectProblem(await get('/openapi.json', prober), 429, 'rate-limited');
    await expectProblem(await get('/v1/orders', '203.0.113.10', forged), 401, 'unauthenticated');
    // A valid token from the same address is not held up by what others sent from it.
    expect((await get('/v1/orders', prober, await j.token(actors.probation))).status).toBe(200);
  });

  it('counts an IPv6 client by its /64, and an IPv4-mapped address as the IPv4 one', async () => {
    const api = createApi({ ...h.deps, anonymousRateLimitPerMinute: 2 });
    const status = async (address: string) => (await api.request('/openapi.json', {}, from(address))).status;
    expect(await status('2001:db8:1:2::1')).toBe(200);
    expect(await status('2001:db8:1:2:ffff:ffff:ffff:9')).toBe(200);
    expect(await status('2001:0db8:0001:0002::abcd')).toBe(429);
    expect(await status('2001:db8:1:3::1')).toBe(200);
    expect(await status('192.0.2.4')).toBe(200);
    expect(await status('::ffff:192.0.2.4')).toBe(200);
    expect(await status('192.0.2.4')).toBe(429);
  });
});

describe('the security log', () => {
  /** The rows a request left in the security log, found by the request id its problem carries. */
  async function loggedFor(res: Response) {
    const { requestId } = (await res.json()) as { requestId: string };
    expect(requestId).toBeTruthy();
    return t.db.selectFrom('security_log').selectAll().where('request_id', '=', requestId).execute();
  }

  it('records who was refused a 404 out of scope, on what, when: ids and codes only, and nothing in the access log', async () => {
    const stranger = { sub: 'keyworker-9', role: 'provider', org: 'PROV-ELSEWHERE' } as const;
    const token = await h.token(stranger.role, stranger.org, stranger.sub);
    const accessLog = (await footprint()).accessLog;
    const since = new Date(Date.now() - 1000);

    const read = await h.call('GET', `/v1/requirements/${drrId}`, { token });
    expect(read.status).toBe(404);
    const [row, ...more] = await loggedFor(read);
    expect(more).toEqual([]);
    expect(row).toEqual({
      id: expect.any(String),
      at: expect.any(Date),
      reason: 'out-of-scope',
      status: 404,
      actor_sub: stranger.sub,
      actor_role: stranger.role,
      actor_org: stranger.org,
      method: 'GET',
      route: '/v1/requirements/:requirementId',
      resource_type: 'requirement',
      resource_id: drrId,
      order_id: orderId,
      request_id: expect.any(String),
    });
    expect(row!.at.getTime()).toBeGreaterThanOrEqual(since.getTime());

    const write = await h.call('POST', `/v1/orders/${orderId}/warnings`, {
      token,
      body: { incidentId: drrId, givenOn: tomorrow },
    });
    expect(write.status).toBe(404);
    expect(await loggedFor(write)).toEqual([
      expect.objectContaining({
        reason: 'out-of-scope',
        method: 'POST',
        route: '/v1/orders/:orderId/warnings',
        resource_type: 'order',
        resource_id: orderId,
        order_id: orderId,
      }),
    ]);
    expect((await footprint()).accessLog).toBe(accessLog);
  });

  it('records probes of ids that are not there as given, and of what is not an id without it (it could be a name)', async () => {
    const token = await h.token('probation', 'N07LDN', 'officer-1');
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const [given, path] of [
      [missing, `/v1/orders/${missing}`],
      [missing.toUpperCase(), `/v1/requirements/${missing.toUpperCase()}`],
      [null, `/v1/orders/${encodeURIComponent("' OR '1'='1")}`],
      [null, '/v1/requirements/Alex-Example%00'],
      [null, `/v1/requirements/${'x'.repeat(300)}`],
    ] as const) {
      const res = await h.call('GET', path, { token });
      expect(res.status, path).toBe(404);
      expect(await loggedFor(res), path).toEqual([
        expect.objectContaining({
          reason: 'no-such-resource',
          actor_sub: 'officer-1',
          resource_id: given,
          order_id: null,
        }),
      ]);
    }
  });

  it('records a court assessor refused a case at another court (403), and opens nothing', async () => {
    const token = await j.token(actors.assessor);
    const body = {
      ...openCaseBody(await j.today(), ['DRR']),
      court: { code: 'Z99ZZ00', type: 'MAGISTRATES' },
    };
    const orders = async () => (await t.db.selectFrom('orders').select('id').execute()).length;
    const before = await orders();
    const res = await h.call('POST', '/v1/orders', { token, body });
    expect(res.status).toBe(403);
    expect(await loggedFor(res)).toEqual([
      expect.objectContaining({
        reason: 'out-of-scope',
        status: 403,
        actor_org: actors.assessor.org,
        route: '/v1/orders',
        resource_type: 'court',
        resource_id: 'Z99ZZ00',
      }),
    ]);
    expect(await orders()).toBe(before);
  });

  it('records rejected tokens, without an actor', async () => {
    const res = await h.api.request(`/v1/orders/${orderId}`, {
      headers: { Authorization: `Bearer ${unsignedToken({ role: 'probation', org: 'N07LDN' })}` },
    });
    expect(res.status).toBe(401);
    expect(await loggedFor(res)).toEqual([
      expect.objectContaining({
        reason: 'token-rejected',
        status: 401,
        actor_sub: null,
        actor_role: null,
        actor_org: null,
        method: 'GET',
        route: '/v1/orders/:orderId',
      }),
    ]);
  });

  it('records nothing for what was allowed', async () => {
    const before = await t.db.selectFrom('security_log').select('id').execute();
    const res = await h.call('GET', `/v1/requirements/${drrId}`, { token: await j.token(actors.provider) });
    expect(res.status).toBe(200);
    expect(await t.db.selectFrom('security_log').select('id').execute()).toEqual(before);
  });
});

/** The data directory of an issuer this API does not trust. */
async function otherIssuerDir() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cstr-other-issuer-'));
  await localIssuer(dir);
  return dir;
}
