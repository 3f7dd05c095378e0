import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import type { WebDeps } from '../../web/env';
import { createWeb } from '../../web/app';
import { startSession } from '../../web/session/store';
import { useTestDatabase } from '../support/database';

const t = useTestDatabase();

/** The pages alone, on the test database, with a clock that fails as an engine gone wrong would. */
function pagesFailingWith(error: Error, reported: unknown[]) {
  const app = new Hono();
  app.use('*', async (c, next) => {
    c.set('requestId' as never, 'req-1');
    await next();
  });
  const deps = {
    db: t.db,
    signIn: { kind: 'local' },
    sessionIdleMs: 60_000,
    clock: () => {
      throw error;
    },
    onUnexpectedError: (e: unknown, requestId: string) => reported.push([e, requestId]),
  } as unknown as WebDeps;
  app.route('/', createWeb(deps));
  return app;
}

describe('a page that fails', () => {
  it('answers GOV.UK’s “problem with the service” page, never cached, and reports the error', async () => {
    const reported: unknown[] = [];
    const boom = new Error('boom');
    const app = pagesFailingWith(boom, reported);
    const { sessionId } = await startSession(
      t.db,
      { sub: 'officer-1', role: 'probation', org: 'N07LDN' },
      60_000,
    );
    const res = await app.request('http://localhost/', { headers: { Cookie: `cstr-session=${sessionId}` } });
    expect(res.status).toBe(500);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(await res.text()).toContain('Sorry, there is a problem with the service');
    expect(reported).toEqual([[boom, 'req-1']]);
  });
});
