import net from 'node:net';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../api/app';
import { createDb } from '../../db/pool';
import { serve } from '../../local-temporal';
import { useTestDatabase } from '../support/database';
import { openCaseBody } from '../../app/case-fixtures';
import { type ApiHarness, startApiHarness } from './harness';
import { type Json, Journey, actors } from './support/journey';

const RETRIES = defaultGrpcRetryOptions({
  maxAttempts: 4,
  initialIntervalMs: () => 50,
  maxIntervalMs: () => 200,
});
/** Longer than the longest wait between retries (200 ms and its jitter). */
const RETRIES_SETTLE_MS = 1_000;

const t = useTestDatabase();
let h: ApiHarness;
let j: Journey;
const cleanups: (() => Promise<unknown>)[] = [];
beforeAll(async () => {
  h = await startApiHarness(t);
  j = new Journey(h);
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await h?.close();
});

/** How long a command may wait before the API answers 503, leaving room for the rest within 2 s. */
const COMMAND_TIMEOUT_MS = 1_500;

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A server that accepts connections and never says a word: a frozen Postgres. */
async function silentServer(): Promise<number> {
  const sockets: net.Socket[] = [];
  const server = net.createServer((s) => sockets.push(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return (server.address() as net.AddressInfo).port;
}

async function expectUnavailable(request: Promise<Response>) {
  const started = Date.now();
  const res = await request;
  const elapsed = Date.now() - started;
  const text = await res.text();
  expect(res.status, text).toBe(503);
  expect(elapsed).toBeLessThan(2_000);
  expect(res.headers.get('Content-Type')).toBe('application/problem+json');
  expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(0);
  expect(JSON.parse(text)).toMatchObject({
    type: 'https://cstr.service.justice.gov.uk/problems/service-unavailable',
    status: 503,
  });
  expect(text).not.toMatch(/ECONNREFUSED|\bat .+\.(ts|js):\d+|stack/);
}

describe('dependencies unavailable', () => {
  it('answers 503 with Retry-After within 2 s when Postgres refuses or does not answer', async () => {
    const token = await j.token(actors.probation);
    for (const port of [await closedPort(), await silentServer()]) {
      const db = createDb({ url: `postgres://cstr@127.0.0.1:${port}/cstr` });
      cleanups.push(() => db.destroy());
      const api = createApi({ ...h.deps, db, commandTimeoutMs: COMMAND_TIMEOUT_MS });
      const headers = { Authorization: `Bearer ${token}` };
      await expectUnavailable(Promise.resolve(api.request('/v1/orders', { headers })));
      await expectUnavailable(
        Promise.resolve(
          api.request('/v1/orders/00000000-0000-4000-8000-000000000000/induction', {
            method: 'POST',
            headers: { ...headers, 'Content-Type': 'application/json', 'Idempotency-Key': 'pg-down-0001' },
            body: JSON.stringify({ completedOn: '2026-01-01' }),
          }),
        ),
      );
    }
  });

  it('answers 503 within 2 s when Temporal is gone, and the same key then succeeds once it is back', async () => {
    const today = await j.today();
    const opened: Json = await j.post(actors.assessor, '/v1/orders', openCaseBody(today, ['DRR']));
    const server = await serve({ port: 0, clock: 'real' });
    // The client's retries, bounded so that none is still waiting to fire when the connection is closed (a
    // retry on a closed channel throws from its timer).
    const connection = await Connection.connect({
      address: server.address,
      interceptors: [makeGrpcRetryInterceptor(RETRIES)],
    });
    cleanups.push(async () => {
      await new Promise((resolve) => setTimeout(resolve, RETRIES_SETTLE_MS));
      await connection.close();
    });
    await server.close();
    const api = createApi({
      ...h.deps,
      temporal: { client: new Client({ connection }), taskQueue: 'nowhere' },
      commandTimeoutMs: COMMAND_TIMEOUT_MS,
    });
    const token = await j.token(actors.assessor);
    const request = (target: { request: typeof api.request }) =>
      Promise.resolve(
        target.request(`/v1/orders/${opened.orderId}/screening`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${token}`,
            'Content-Type': 'application/json',
            'Idempotency-Key': 'temporal-down-0001',
          },
          body: JSON.stringify({ outcome: 'PROCEED_TO_ASSESSMENT' }),
        }),
      );
    await expectUnavailable(request(api));
    await expectUnavailable(
      Promise.resolve(
        api.request('/v1/orders', {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${token}`,
            'Content-Type': 'application/json',
            'Idempotency-Key': 'temporal-down-open',
          },
          body: JSON.stringify(openCaseBody(today, ['ATR'])),
        }),
      ),
    );
    expect(
      await t.db
        .selectFrom('idempotency_keys')
        .select('key')
        .where('key', 'like', 'temporal-down%')
        .execute(),
    ).toEqual([]);
    const retried = await request(h.api);
    expect(retried.status, await retried.clone().text()).toBe(200);
    expect(((await retried.json()) as { status: string }).status).not.toBe('IDENTIFIED');
  });
});
