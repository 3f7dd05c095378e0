import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../api/app';
import { IDEMPOTENCY_WINDOW_MS, purgeExpiredIdempotencyKeys } from '../../api/idempotency-window';
import { addDays } from '../../domain/calendar';
import { useTestDatabase } from '../support/database';
import { openCaseBody, sessionBooking } from '../../app/case-fixtures';
import { openOrder } from '../../api/commands/send';
import { orderUpdates, requirementWorkflowId } from '../../workflows/messages';
import { type ApiHarness, startApiHarness } from './harness';
import { referred, sentencedCase } from './support/cases';
import { Journey, actors } from './support/journey';
import { until } from '../app/support/until';

const t = useTestDatabase();
let h: ApiHarness;
let j: Journey;
let drrId: string;
let orderId: string;
let start: string;
beforeAll(async () => {
  h = await startApiHarness(t);
  j = new Journey(h);
  const sentenced = await sentencedCase(j, { months: 12, requirements: [{ type: 'DRR', months: 12 }] });
  drrId = sentenced.ids[0]!;
  orderId = sentenced.orderId;
  start = `${addDays(sentenced.sentenceDate, 1)}T10:00:00.000Z`;
  await referred(j, drrId, 'DRR');
});
afterAll(async () => {
  await h?.close();
});

/** A booking at its own hour (two sessions at once would be a state conflict). */
let slot = 0;
const booking = (minutes = 50, hour = (slot += 1)) =>
  sessionBooking(new Date(Date.parse(start) + hour * 3_600_000).toISOString(), minutes);

const bookedEvents = async () =>
  t.db
    .selectFrom('events')
    .select('id')
    .where('requirement_id', '=', drrId)
    .where('type', '=', 'AppointmentBooked')
    .execute();

/** Moves a stored key back in time, as if it had been used that long ago. */
const ageKey = async (key: string, ms: number) =>
  t.db
    .updateTable('idempotency_keys')
    .set({ created_at: new Date(Date.now() - ms) })
    .where('key', '=', key)
    .execute();

describe('Idempotency-Key', () => {
  it('replays the first response for the same key and body, with exactly one event and one row', async () => {
    const token = await j.token(actors.provider);
    const path = `/v1/requirements/${drrId}/appointments`;
    const before = (await bookedEvents()).length;
    const body = booking();
    const first = await h.call('POST', path, { token, body, key: 'book-once-0001' });
    const firstText = await first.text();
    expect(first.status, firstText).toBe(201);
    const again = await h.call('POST', path, { token, body, key: 'book-once-0001' });
    expect(again.status).toBe(201);
    expect(await again.text()).toBe(firstText);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(again.headers.get('Content-Type')).toMatch(/^application\/json/);
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const sameJson = await h.call('POST', path, { token, body: reordered, key: 'book-once-0001' });
    expect(await sameJson.text()).toBe(firstText);
    expect((await bookedEvents()).length).toBe(before + 1);
    const id = (JSON.parse(firstText) as { id: string }).id;
    expect(await t.db.selectFrom('appointments').select('id').where('id', '=', id).execute()).toHaveLength(1);
    expect(
      await t.db
        .selectFrom('idempotency_keys')
        .select(['state', 'response_status'])
        .where('key', '=', 'book-once-0001')
        .execute(),
    ).toEqual([{ state: 'DONE', response_status: 201 }]);
    // The Update carried the command without its requirement, which the workflow knows (issue 15).
    const history = await h.env.client.workflow
      .getHandle(requirementWorkflowId(orderId, drrId))
      .fetchHistory();
    const sent = (history.events ?? []).flatMap((e) => {
      const data =
        e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.args?.payloads?.[0]?.data;
      return data
        ? [JSON.parse(Buffer.from(data).toString('utf8')) as { command: Record<string, unknown> }]
        : [];
    });
    const booked = sent.filter(({ command }) => command.appointmentId === id);
    expect(booked).toHaveLength(1);
    expect(booked[0]!.command).toMatchObject({ type: 'BookAppointment' });
    expect(booked[0]!.command).not.toHaveProperty('requirementId');
  });

  it('answers 422 for the same key with another body, and changes nothing', async () => {
    const token = await j.token(actors.provider);
    const path = `/v1/requirements/${drrId}/appointments`;
    const body = booking();
    expect((await h.call('POST', path, { token, body, key: 'book-twice-0001' })).status).toBe(201);
    const before = (await bookedEvents()).length;
    const reused = await h.call('POST', path, {
      token,
      body: { ...body, durationMinutes: 60 },
      key: 'book-twice-0001',
    });
    expect(reused.status).toBe(422);
    expect(reused.headers.get('Content-Type')).toBe('application/problem+json');
    expect(((await reused.json()) as { type: string }).type).toBe(
      'https://cstr.service.justice.gov.uk/problems/idempotency-key-reused',
    );
    expect((await bookedEvents()).length).toBe(before);
  });

  it('answers 409 to the same key while the first request is in flight, and the first completes once', async () => {
    const token = await j.token(actors.provider);
    const path = `/v1/requirements/${drrId}/appointments`;
    const before = (await bookedEvents()).length;
    const body = booking();
    // The first is held in flight: its persist waits for a lock on the events until the second is answered.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = t.ownerDb.transaction().execute(async (trx) => {
      await sql`LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
      locked();
      await released;
    });
    await isLocked;
    const first = h.call('POST', path, { token, body, key: 'book-race-0001' });
    await until('the first request to claim its key', async () => {
      const row = await t.db
        .selectFrom('idempotency_keys')
        .select('state')
        .where('key', '=', 'book-race-0001')
        .executeTakeFirst();
      return row?.state === 'IN_FLIGHT' ? row : undefined;
    });
    const loser = await h.call('POST', path, { token, body, key: 'book-race-0001' });
    release();
    await holder;
    expect((await first).status).toBe(201);
    expect(loser.status).toBe(409);
    expect(((await loser.json()) as { type: string }).type).toBe(
      'https://cstr.service.justice.gov.uk/problems/idempotency-key-in-flight',
    );
    expect(loser.headers.get('Retry-After')).toBe('1');
    expect((await bookedEvents()).length).toBe(before + 1);
  });

  it('answers 503 when the answer cannot be stored, stores it meanwhile, and replays it to the resend: applied once', async () => {
    const token = await j.token(actors.provider);
    const path = `/v1/requirements/${drrId}/appointments`;
    const before = (await bookedEvents()).length;
    const body = booking();
    // Storing the answer outlasts the statement timeout, as behind a lock that a slowed connection holds.
    await sql`CREATE FUNCTION slow_answer() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.state = 'DONE' THEN PERFORM pg_sleep(5); END IF; RETURN NEW; END $$`.execute(t.ownerDb);
    await sql`CREATE TRIGGER slow_answer BEFORE UPDATE ON idempotency_keys
      FOR EACH ROW EXECUTE FUNCTION slow_answer()`.execute(t.ownerDb);
    let first: Response;
    try {
      first = await h.call('POST', path, { token, body, key: 'book-unstored-01' });
    } finally {
      await sql`DROP TRIGGER slow_answer ON idempotency_keys`.execute(t.ownerDb);
      await sql`DROP FUNCTION slow_answer()`.execute(t.ownerDb);
    }
    expect(first.status, await first.text()).toBe(503);
    expect(first.headers.get('retry-after')).toBe('1');
    // The resend is told to wait while the answer is stored, then is answered with it.
    const again = await until('the stored answer', async () => {
      const res = await h.call('POST', path, { token, body, key: 'book-unstored-01' });
      return res.status === 409 ? undefined : res;
    });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await bookedEvents()).length).toBe(before + 1);
  });

  it('scopes keys by client, and frees a key whose request was malformed', async () => {
    const path = `/v1/requirements/${drrId}/appointments`;
    const one = await h.token('provider', 'PROV-DRUGS', 'keyworker-a');
    const two = await h.token('provider', 'PROV-DRUGS', 'keyworker-b');
    const before = (await bookedEvents()).length;
    expect((await h.call('POST', path, { token: one, body: booking(), key: 'shared-key-0001' })).status).toBe(
      201,
    );
    expect((await h.call('POST', path, { token: two, body: booking(), key: 'shared-key-0001' })).status).toBe(
      201,
    );
    expect((await bookedEvents()).length).toBe(before + 2);

    const fixed = booking();
    const bad = await h.call('POST', path, {
      token: one,
      body: { ...fixed, colour: 'red' },
      key: 'fixed-later-01',
    });
    expect(bad.status).toBe(400);
    expect((await h.call('POST', path, { token: one, body: fixed, key: 'fixed-later-01' })).status).toBe(201);
  });
});

describe('Idempotency-Key after a refusal and after its window', () => {
  it('lets a key released after a domain 404 carry a corrected request to the engine', async () => {
    const token = await j.token(actors.provider);
    const r = `/v1/requirements/${drrId}`;
    const booked = await h.call('POST', `${r}/appointments`, { token, body: booking() });
    expect(booked.status).toBe(201);
    const { id } = (await booked.json()) as { id: string };
    const move = { start: booking().start, requestedBy: 'SERVICE', reason: 'Keyworker off sick' };

    const missing = await h.call('POST', `${r}/appointments/${randomUUID()}/reschedule`, {
      token,
      body: move,
      key: 'move-after-404-01',
    });
    expect(missing.status).toBe(404);
    const corrected = await h.call('POST', `${r}/appointments/${id}/reschedule`, {
      token,
      body: move,
      key: 'move-after-404-01',
    });
    const text = await corrected.text();
    expect(corrected.status, text).toBe(201);
    expect(corrected.headers.get('Idempotent-Replayed')).toBeNull();
    const moved = JSON.parse(text) as { id: string; start: string };
    expect(moved.id).not.toBe(id);
    expect(moved.start).toBe(move.start);
  });

  it('forgets a key whose stored response is older than the window: the key serves a new request', async () => {
    const token = await j.token(actors.provider);
    const path = `/v1/requirements/${drrId}/appointments`;
    const first = await h.call('POST', path, { token, body: booking(), key: 'book-expired-01' });
    expect(first.status).toBe(201);
    const firstId = ((await first.json()) as { id: string }).id;
    await ageKey('book-expired-01', IDEMPOTENCY_WINDOW_MS + 60_000);
    const before = (await bookedEvents()).length;

    const body = booking();
    const later = await h.call('POST', path, { token, body, key: 'book-expired-01' });
    const text = await later.text();
    expect(later.status, text).toBe(201);
    expect(later.headers.get('Idempotent-Replayed')).toBeNull();
    expect((JSON.parse(text) as { id: string }).id).not.toBe(firstId);
    expect((await bookedEvents()).length).toBe(before + 1);
    // What the key now answers is the new request's response.
    const retry = await h.call('POST', path, { token, body, key: 'book-expired-01' });
    expect(retry.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await retry.text()).toBe(text);
  });

  it('still replays a response just inside the window', async () => {
    const token = await j.token(actors.provider);
    const path = `/v1/requirements/${drrId}/appointments`;
    const body = booking();
    const first = await h.call('POST', path, { token, body, key: 'book-in-window-01' });
    expect(first.status).toBe(201);
    await ageKey('book-in-window-01', IDEMPOTENCY_WINDOW_MS - 60_000);
    const again = await h.call('POST', path, { token, body, key: 'book-in-window-01' });
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await again.text()).toBe(await first.text());
    const reused = await h.call('POST', path, { token, body: booking(), key: 'book-in-window-01' });
    expect(reused.status).toBe(422);
  });

  it('deletes stored responses older than the window, and only those', async () => {
    const token = await j.token(actors.provider);
    const path = `/v1/requirements/${drrId}/appointments`;
    for (const key of ['purge-old-0001', 'purge-old-0002', 'purge-kept-001']) {
      expect((await h.call('POST', path, { token, body: booking(), key })).status).toBe(201);
    }
    await ageKey('purge-old-0001', IDEMPOTENCY_WINDOW_MS + 1_000);
    await ageKey('purge-old-0002', 3 * IDEMPOTENCY_WINDOW_MS);
    await ageKey('purge-kept-001', IDEMPOTENCY_WINDOW_MS - 60_000);

    expect(await purgeExpiredIdempotencyKeys(t.db, IDEMPOTENCY_WINDOW_MS)).toBeGreaterThanOrEqual(2);
    const left = await t.db
      .selectFrom('idempotency_keys')
      .select('key')
      .where('key', 'in', ['purge-old-0001', 'purge-old-0002', 'purge-kept-001'])
      .execute();
    expect(left).toEqual([{ key: 'purge-kept-001' }]);
    expect(await purgeExpiredIdempotencyKeys(t.db, IDEMPOTENCY_WINDOW_MS)).toBe(0);
  });
});

describe('opening a case with Update-with-Start', () => {
  it('opens it once when the engine is asked again with the same command id (a retry after a lost answer)', async () => {
    const today = new Date(await h.env.currentTimeMs()).toISOString().slice(0, 10);
    const orderId = randomUUID();
    const input = {
      commandId: randomUUID(),
      actor: { sub: actors.assessor.sub, role: actors.assessor.role, org: actors.assessor.org },
      command: { type: 'OpenCase' as const, orderId, ...openCaseBody(today, ['DRR']) },
    };
    const open = () =>
      openOrder(h.deps.temporal, orderId, h.deps.config, orderUpdates.OpenCase, input, 10_000);
    const first = await open();
    const again = await open();
    expect(again).toEqual(first);
    expect(first).toMatchObject({ orderId, status: 'IDENTIFIED' });
    const opened = await t.db
      .selectFrom('events')
      .select('id')
      .where('order_id', '=', orderId)
      .where('type', '=', 'CaseIdentified')
      .execute();
    expect(opened).toHaveLength(1);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After once a client spends its budget, other clients unaffected', async () => {
    const limited = createApi({ ...h.deps, rateLimitPerMinute: 3 });
    const get = async (token: string) =>
      limited.request('/v1/orders', { headers: { Authorization: `Bearer ${token}` } });
    const busy = await h.token('probation', 'N07LDN', 'busy-officer');
    const calm = await h.token('probation', 'N07LDN', 'calm-officer');
    for (let n = 0; n < 3; n += 1) expect((await get(busy)).status).toBe(200);
    const refused = await get(busy);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('Content-Type')).toBe('application/problem+json');
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    expect(((await refused.json()) as { type: string }).type).toBe(
      'https://cstr.service.justice.gov.uk/problems/rate-limited',
    );
    expect((await get(calm)).status).toBe(200);
  });
});
