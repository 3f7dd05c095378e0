import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../domain/calendar';
import { useTestDatabase } from '../support/database';
import { openCaseBody } from '../../app/case-fixtures';
import { type ApiHarness, startApiHarness } from './harness';
import { type Actor, type Json, Journey, actors } from './support/journey';

const t = useTestDatabase();
let h: ApiHarness;
let j: Journey;
let assessor: string;
beforeAll(async () => {
  h = await startApiHarness(t);
  j = new Journey(h);
  assessor = await j.token(actors.assessor);
});
afterAll(async () => {
  await h?.close();
});

const PROBLEMS = 'https://cstr.service.justice.gov.uk/problems/';

async function problem(res: Response, status: number, type: string) {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('Content-Type')).toBe('application/problem+json');
  expect(text).not.toMatch(/\bat .+\.(ts|js):\d+/);
  const body = JSON.parse(text) as { type: string; errors?: { pointer: string }[] };
  expect(body.type).toBe(`${PROBLEMS}${type}`);
  return body;
}

const post = (body: string, headers: Record<string, string> = {}) =>
  h.api.request('/v1/orders', {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${assessor}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': `k-${Math.random().toString(36).slice(2)}`,
      ...headers,
    },
    body,
  });

async function nothingWritten() {
  expect(await t.db.selectFrom('orders').select('id').execute()).toEqual([]);
  expect(await t.db.selectFrom('events').select('id').execute()).toEqual([]);
}

describe('request checks', () => {
  it('refuses unknown fields with 400 and a pointer to each, at the top and nested', async () => {
    const today = await j.today();
    const top = await problem(
      await post(JSON.stringify({ ...openCaseBody(today, ['DRR']), admin: true })),
      400,
      'malformed-request',
    );
    expect(top.errors).toEqual([expect.objectContaining({ pointer: '/body' })]);
    const body = openCaseBody(today, ['DRR']);
    const nested = await problem(
      await post(JSON.stringify({ ...body, person: { ...body.person, ssn: '123' } })),
      400,
      'malformed-request',
    );
    expect(nested.errors).toEqual([expect.objectContaining({ pointer: '/body/person' })]);
    await nothingWritten();
  });

  it('refuses a body over 64 KiB with 413, non-JSON with 415 and malformed JSON with 400', async () => {
    const today = await j.today();
    const big = JSON.stringify({ ...openCaseBody(today, ['DRR']), padding: 'x'.repeat(65 * 1024) });
    await problem(await post(big), 413, 'payload-too-large');
    await problem(
      await post('outcome=PROCEED', { 'Content-Type': 'application/x-www-form-urlencoded' }),
      415,
      'unsupported-media-type',
    );
    await problem(await post('<order/>', { 'Content-Type': 'text/xml' }), 415, 'unsupported-media-type');
    await problem(await post('{"person": {"givenName": "Alex",'), 400, 'malformed-request');
    await problem(await post(''), 400, 'malformed-request');
    await problem(await post('[]'), 400, 'malformed-request');
    await problem(
      await post(JSON.stringify(openCaseBody(today, ['DRR'])), { 'Idempotency-Key': 'short' }),
      400,
      'malformed-request',
    );
    await nothingWritten();
    expect(await t.db.selectFrom('idempotency_keys').select('key').execute()).toEqual([]);
  });

  it('refuses text Postgres cannot store (NUL, unpaired surrogates) with 400, in bodies and queries', async () => {
    const assessor: Actor = { sub: 'a', role: 'court-assessor', org: 'B01LY00' };
    const today = await j.today();
    const opened: Json = await j.post(assessor, '/v1/orders', {
      person: {
        givenName: 'Al',
        familyName: 'Ex',
        dateOfBirth: '1990-05-01',
        homeLocalJusticeArea: 'Lambeth',
      },
      court: { code: 'B01LY00', type: 'MAGISTRATES' },
      probationDeliveryUnit: 'N07LDN',
      hearingDate: today,
      plea: 'GUILTY',
      offences: [{ description: 'Theft', imprisonable: true }],
      identification: { source: 'SELF', date: today },
      proposedTypes: ['ATR'],
    });
    const o = `/v1/orders/${opened.orderId}`;
    const before = await t.db
      .selectFrom('events')
      .select('id')
      .where('order_id', '=', opened.orderId)
      .execute();
    for (const notes of ['before\u0000after', 'lone \ud800 high', 'lone \udc00 low']) {
      const refused: Json = await j.post(
        assessor,
        `${o}/screening`,
        { outcome: 'PROCEED_TO_ASSESSMENT', notes },
        { status: 400 },
      );
      expect(refused.errors).toEqual([expect.objectContaining({ pointer: '/body/notes' })]);
    }
    const query: Json = await j.get(assessor, '/v1/orders?status=a%00b', { status: 400 });
    expect(query.errors).toEqual([expect.objectContaining({ pointer: '/query/status' })]);
    expect(
      await t.db.selectFrom('events').select('id').where('order_id', '=', opened.orderId).execute(),
    ).toEqual(before);
    // The case is not stuck: a storable command goes through at once.
    await j.post(assessor, `${o}/screening`, { outcome: 'PROCEED_TO_ASSESSMENT', notes: 'paired 😀 fine' });
  });

  it('trims codes and refuses hidden characters, overlong names and unlikely dates of birth, naming the field and writing nothing', async () => {
    const today = await j.today();
    const body = openCaseBody(today, ['DRR']);
    const events = async () => (await t.db.selectFrom('events').select('id').execute()).length;
    const before = await events();
    const refusals: Array<[unknown, number, string, string]> = [
      [
        { ...body, probationDeliveryUnit: 'N07LDN​' },
        400,
        'malformed-request',
        '/body/probationDeliveryUnit',
      ],
      [{ ...body, court: { ...body.court, code: '‮B01LY00' } }, 400, 'malformed-request', '/body/court/code'],
      [
        { ...body, person: { ...body.person, homeLocalJusticeArea: 'Lambeth' } },
        400,
        'malformed-request',
        '/body/person/homeLocalJusticeArea',
      ],
      [
        { ...body, person: { ...body.person, givenName: 'A'.repeat(201) } },
        400,
        'malformed-request',
        '/body/person/givenName',
      ],
      [
        { ...body, offences: [{ description: 'x'.repeat(4001), imprisonable: true }] },
        400,
        'malformed-request',
        '/body/offences/0/description',
      ],
      [
        { ...body, person: { ...body.person, dateOfBirth: '1899-12-31' } },
        422,
        'date-of-birth-out-of-range',
        '/body/person/dateOfBirth',
      ],
      [
        { ...body, person: { ...body.person, dateOfBirth: addDays(today, 1) } },
        422,
        'date-of-birth-out-of-range',
        '/body/person/dateOfBirth',
      ],
    ];
    for (const [sent, status, type, pointer] of refusals) {
      const refused = await problem(await post(JSON.stringify(sent)), status, type);
      expect(refused.errors, pointer).toEqual([expect.objectContaining({ pointer })]);
    }
    expect(await events()).toBe(before);

    // A PDU sent with spaces around it is stored trimmed, so the order is seen by its own PDU.
    const opened: Json = await j.post(actors.assessor, '/v1/orders', {
      ...body,
      probationDeliveryUnit: ` ${actors.probation.org}\t`,
    });
    await j.get(actors.probation, `/v1/orders/${opened.orderId}`);
    const listed: Json = await j.get(actors.probation, '/v1/orders');
    expect(listed.items).toContainEqual(
      expect.objectContaining({ id: opened.orderId, probationDeliveryUnit: actors.probation.org }),
    );
    const asked: Json = await j.post(
      actors.assessor,
      `/v1/orders/${opened.orderId}/requirements`,
      { type: 'DRR', providerOrgId: 'PROV-DRUGS⁦' },
      { status: 400 },
    );
    expect(asked.errors).toEqual([expect.objectContaining({ pointer: '/body/providerOrgId' })]);
  });

  it('keeps access-log times as instants (timestamptz), so they read back in UTC whatever the session zone', async () => {
    const { rows } = await sql<{ table_name: string; data_type: string }>`
      select table_name, data_type from information_schema.columns
      where table_name in ('access_log', 'accesses') and column_name = 'at' order by table_name
    `.execute(t.ownerDb);
    expect(rows).toEqual([
      { table_name: 'access_log', data_type: 'timestamp with time zone' },
      { table_name: 'accesses', data_type: 'timestamp with time zone' },
    ]);
  });

  it('refuses a cursor it did not give out with 400 on every paged read, whatever it decodes to', async () => {
    const opened: Json = await j.post(actors.assessor, '/v1/orders', openCaseBody(await j.today(), ['DRR']));
    await j.post(actors.assessor, `/v1/orders/${opened.orderId}/screening`, {
      outcome: 'PROCEED_TO_ASSESSMENT',
    });
    const probation = await j.token(actors.probation);
    const cursor = (text: string) => encodeURIComponent(Buffer.from(text, 'utf8').toString('base64url'));
    const tampered = [
      '%21%21%21',
      cursor('not-a-uuid'),
      cursor('0000'),
      cursor('12345678-1234-1234-1234-1234567890abcdef'),
      cursor('99999999999999999999'),
      cursor('-1'),
    ];
    for (const path of ['/v1/orders', '/v1/requirements', `/v1/orders/${opened.orderId}/events`]) {
      for (const c of tampered) {
        const body = await problem(
          await h.call('GET', `${path}?cursor=${c}`, { token: probation }),
          400,
          'malformed-request',
        );
        expect(body.errors, `${path} ${c}`).toEqual([expect.objectContaining({ pointer: '/query/cursor' })]);
      }
    }
    // A cursor the API gave out still turns the page.
    const first: Json = await j.get(actors.probation, `/v1/orders/${opened.orderId}/events?limit=1`);
    expect(first.nextCursor).toEqual(expect.any(String));
    const next: Json = await j.get(
      actors.probation,
      `/v1/orders/${opened.orderId}/events?limit=1&cursor=${encodeURIComponent(first.nextCursor as string)}`,
    );
    expect(next.items[0].id).not.toEqual(first.items[0].id);
  });

  it('answers every /v1 response, errors included, with Cache-Control: no-store, the secure headers and its request id', async () => {
    const probation = await j.token(actors.probation);
    const responses = [
      await h.call('GET', '/v1/orders', { token: probation }),
      await h.api.request('/v1/orders'),
      await h.call('GET', '/v1/nowhere', { token: probation }),
      await h.call('GET', '/v1/orders?cursor=AAAA', { token: probation }),
      await h.call('POST', '/v1/orders', {
        token: assessor,
        body: 'text',
        headers: { 'Content-Type': 'text/plain' },
      }),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 401, 404, 400, 415]);
    for (const res of responses) {
      expect(res.headers.get('Cache-Control'), String(res.status)).toBe('no-store');
      expect(res.headers.get('X-Content-Type-Options'), String(res.status)).toBe('nosniff');
      expect(res.headers.get('Strict-Transport-Security'), String(res.status)).toBeTruthy();
      const requestId = res.headers.get('X-Request-Id');
      expect(requestId, String(res.status)).toMatch(/^[0-9a-f-]{36}$/);
      if (res.status !== 200)
        expect(((await res.json()) as { requestId: string }).requestId, String(res.status)).toBe(requestId);
    }
  });

  it('makes its own request id: a client’s X-Request-Id is echoed beside it, never logged as the request’s', async () => {
    const opened: Json = await j.post(actors.assessor, '/v1/orders', openCaseBody(await j.today(), ['ATR']));
    const clientId = 'client-chosen-id-0001';
    const read = await h.call('GET', `/v1/orders/${opened.orderId}`, {
      token: assessor,
      headers: { 'X-Request-Id': clientId },
    });
    expect(read.status).toBe(200);
    const requestId = read.headers.get('X-Request-Id');
    expect(requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(read.headers.get('X-Client-Request-Id')).toBe(clientId);
    const logged = (request: string) =>
      t.db.selectFrom('access_log_entries').select('resource_id').where('request_id', '=', request).execute();
    expect(await logged(requestId!)).toEqual([{ resource_id: opened.orderId }]);
    expect(await logged(clientId)).toEqual([]);

    const missing = await h.call('GET', '/v1/nowhere', {
      token: assessor,
      headers: { 'X-Request-Id': clientId },
    });
    const body = (await missing.json()) as { requestId: string };
    expect(body.requestId).toBe(missing.headers.get('X-Request-Id'));
    expect(body.requestId).not.toBe(clientId);
    // One that could not be a request id (too long, or with other characters) is not echoed.
    const odd = await h.call('GET', '/v1/nowhere', { token: assessor, headers: { 'X-Request-Id': 'a b' } });
    expect(odd.headers.get('X-Client-Request-Id')).toBeNull();
  });

  it('names the path asked in a problem’s instance still percent-encoded, so no markup or NUL comes back raw', async () => {
    const asked = `/v1/orders/${encodeURIComponent('"><svg/onload=alert(1)>\u0000')}/screening`;
    const res = await h.call('POST', asked, { token: assessor, body: { outcome: 'PROCEED_TO_ASSESSMENT' } });
    const body = (await problem(res, 404, 'not-found')) as { instance?: string };
    expect(body.instance).toBe('/v1/orders/%22%3E%3Csvg%2Fonload%3Dalert(1)%3E%00/screening');
    const unknown = await h.call('GET', '/v1/%3Cscript%3E', { token: assessor });
    expect(((await problem(unknown, 404, 'not-found')) as { instance?: string }).instance).toBe(
      '/v1/%3Cscript%3E',
    );
  });

  it('answers an unknown route with a 404 problem and sets secure headers and a request id', async () => {
    const res = await h.call('GET', '/v1/nowhere', { token: assessor });
    await problem(res, 404, 'not-found');
    expect(res.headers.get('X-Request-Id')).toBeTruthy();
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('Strict-Transport-Security')).toBeTruthy();
  });
});
