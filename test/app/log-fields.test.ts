import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { logRequests } from '../../app/request-log';
import { errorFacts } from '../../db/error-facts';
import { temporalLogFields } from '../../app/runtime';

// The two places where the app turns other code's data into log fields: what they keep, and what they drop.

describe('temporalLogFields', () => {
  it('keeps ids, types, counts and codes, and of an error only its facts and failure type', () => {
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
      error: { errorClass: 'Error', at: expect.any(Array), type: 'RULE_VIOLATION' },
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

describe('errorFacts', () => {
  it('keeps an error’s class, code, frames and its cause’s class and code, never a message', () => {
    const cause = Object.assign(new Error('row (Sentinelson) refused'), { code: 13, details: 'Sentinelson' });
    const error = Object.assign(
      new Error('invalid input syntax: "Sentinelson"\n    at Sentinelson (quoted.ts:1:1)', { cause }),
      {
        code: '22P02',
      },
    );
    const facts = errorFacts(error);
    expect(facts).toMatchObject({
      errorClass: 'Error',
      code: '22P02',
      cause: { errorClass: 'Error', code: 13 },
    });
    expect(facts.at?.[0]).toMatch(/^at .*log-fields\.test\.ts:\d+:\d+\)?$/);
    expect(JSON.stringify(facts)).not.toContain('Sentinelson');
  });

  it('takes no frames from a stack whose head is not the error’s own message, and no code that is free text', () => {
    const error = Object.assign(new TypeError('x'), { code: 'name Sentinelson' });
    error.stack = 'TypeError: Sentinelson\n    at Sentinelson (file.ts:1:1)';
    expect(errorFacts(error)).toEqual({ errorClass: 'TypeError' });
    expect(errorFacts('Sentinelson')).toEqual({ errorClass: 'string' });
  });
});
