import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { logRequests } from '../../app/request-log';
import { temporalLogFields } from '../../app/runtime';

// The two places where the app turns other code's data into log fields: what they keep, and what they drop.

describe('temporalLogFields', () => {
  it('keeps ids, types, counts and codes, and only the class and type of an error', () => {
    const error = Object.assign(new Error('duplicate key (family_name)=(Sentinelson)'), {
      type: 'RULE_VIOLATION',
    });
    const fields = temporalLogFields({
      workflowId: 'cstr-order/1',
      activityType: 'persistOrderBatch',
      attempt: 2,
      durationMs: 12,
      code: 'not-screened',
      args: [{ person: { familyName: 'Sentinelson' } }],
      result: { notes: 'clinical' },
      error,
    });
    expect(fields).toEqual({
      component: 'temporal',
      workflowId: 'cstr-order/1',
      activityType: 'persistOrderBatch',
      attempt: 2,
      durationMs: 12,
      code: 'not-screened',
      error: { name: 'Error', type: 'RULE_VIOLATION' },
    });
    expect(JSON.stringify(temporalLogFields({ workflowId: { nested: 'Sentinelson' } }))).not.toContain(
      'Sentinelson',
    );
  });
});

describe('logRequests', () => {
  it('logs the route pattern, status and request id, never the path, query or body', async () => {
    const lines: string[] = [];
    const log = pino(
      { level: 'debug' },
      new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    );
    const handler = logRequests(
      (request) =>
        new Response(request.method === 'POST' ? '{}' : null, {
          status: request.url.includes('boom') ? 500 : 200,
          headers: { 'X-Request-Id': 'req-1' },
        }),
      [
        { method: 'ALL', path: '/v1/*' },
        { method: 'GET', path: '/v1/orders/:orderId' },
        { method: 'POST', path: '/v1/requirements/:requirementId/appointments/:appointmentId/outcome' },
      ],
      log,
    );
    await handler(new Request('http://x/v1/orders/Zebediah-Sentinelson?dob=1901-02-03'));
    await handler(
      new Request('http://x/v1/requirements/r1/appointments/a1/outcome', {
        method: 'POST',
        body: JSON.stringify({ notes: 'SENTINEL clinical' }),
      }),
    );
    await handler(new Request('http://x/boom/Sentinelson'));
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries.map((e) => [e.level, e.component, e.method, e.route, e.status, e.requestId])).toEqual([
      [30, 'http', 'GET', '/v1/orders/:orderId', 200, 'req-1'],
      [
        30,
        'http',
        'POST',
        '/v1/requirements/:requirementId/appointments/:appointmentId/outcome',
        200,
        'req-1',
      ],
      [50, 'http', 'GET', 'unmatched', 500, 'req-1'],
    ]);
    expect(lines.join('\n')).not.toMatch(/Sentinelson|Zebediah|1901-02-03|SENTINEL/);
  });
});
