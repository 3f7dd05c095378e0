import { describe, expect, it } from 'vitest';
import { createCstrClient } from '../../api/client';

// The network between the client and the API answers as a load balancer or an overloaded engine would.

const unavailable = () =>
  new Response(JSON.stringify({ type: 'service-unavailable', title: 'Service unavailable', status: 503 }), {
    status: 503,
    headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '0' },
  });

describe('the typed client resending a command (issue 20, point 7)', () => {
  it('reuses the call’s Idempotency-Key on every resend after a 503 or a lost connection', async () => {
    const keys: (string | undefined)[] = [];
    const answers = [
      () => Promise.resolve(unavailable()),
      () => Promise.reject(new TypeError('fetch failed')),
      () => Promise.resolve(Response.json({ status: 'SCREENED_IN' })),
    ];
    const client = createCstrClient({
      baseUrl: 'http://cstr.test',
      token: 'token',
      fetch: (_url, init) => {
        keys.push((init.headers as Record<string, string>)['Idempotency-Key']);
        return answers[keys.length - 1]!();
      },
    });
    const view = await client.command('recordScreening', {
      params: { orderId: '5b8f2f2e-7d4e-4c55-9a51-0d7f1b0f8c11' },
      body: { outcome: 'PROCEED_TO_ASSESSMENT' },
    });
    expect(view).toEqual({ status: 'SCREENED_IN' });
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('resends after Retry-After while the first attempt with its key is still in flight, with the same key', async () => {
    const keys: (string | undefined)[] = [];
    const inFlight = () =>
      new Response(
        JSON.stringify({
          type: 'https://cstr.service.justice.gov.uk/problems/idempotency-key-in-flight',
          title: 'Request in progress',
          status: 409,
        }),
        { status: 409, headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '0' } },
      );
    const conflict = () =>
      new Response(
        JSON.stringify({ type: 'https://cstr.service.justice.gov.uk/problems/state-conflict', status: 409 }),
        { status: 409, headers: { 'Content-Type': 'application/problem+json' } },
      );
    const answers = [inFlight, () => Response.json({ status: 'SCREENED_IN' }), inFlight, conflict];
    const client = createCstrClient({
      baseUrl: 'http://cstr.test',
      token: 'token',
      fetch: (_url, init) => {
        keys.push((init.headers as Record<string, string>)['Idempotency-Key']);
        return Promise.resolve(answers[keys.length - 1]!());
      },
    });
    const screening = {
      params: { orderId: '5b8f2f2e-7d4e-4c55-9a51-0d7f1b0f8c11' },
      body: { outcome: 'PROCEED_TO_ASSESSMENT' as const },
    };
    expect(await client.command('recordScreening', screening)).toEqual({ status: 'SCREENED_IN' });
    expect(new Set(keys.slice(0, 2)).size).toBe(1);
    // Any other conflict is the answer, not resent.
    await expect(client.command('recordScreening', screening)).rejects.toMatchObject({ status: 409 });
    expect(keys).toHaveLength(4);
  });
});
