import { Client, Connection } from '@temporalio/client';
import { Hono } from 'hono';
import { Kysely, PostgresDialect } from 'kysely';
import { createAuthenticator } from '../../api/auth/verify';
import { localIssuer } from '../../api/auth/local-issuer';
import { createApi } from '../../api/app';
import type { Principal } from '../../api/env';
import { getOrder } from '../../api/reads/queries/orders';
import { listDeadlinesNamed } from '../../api/reads/queries/deadlines';
import { listen } from '../../app/server';
import { DEFAULT_CONFIG } from '../../domain/config';
import type { Instant } from '../../domain/calendar';
import { createPool } from '../../db/pool';
import type { Database } from '../../db/schema';
import { createWeb } from '../../web/app';
import { WORKLIST_PAGE_SIZE, worklistPresenter } from '../../web/presenters/worklist';
import { casePageData } from '../../web/pages/case';
import { timelinePage } from '../../web/pages/timeline';
import { renderView } from '../../web/render';
import { startSession } from '../../web/session/store';
import { closeHttp } from '../support/http';
import { createPdfRenderer } from '../../web/pdf/renderer';
import { PageTimings } from './timing';

type FetchHandler = (request: Request) => Response | Promise<Response>;

async function serve(handler: FetchHandler, timing = new PageTimings()) {
  const { server, port } = await listen(timing.handler(handler), 0, '127.0.0.1');
  return {
    base: `http://127.0.0.1:${port}`,
    timing,
    /** The app's own fetch handler, for requests made in this process (no HTTP, no timing). */
    handler,
    close: async () => {
      timing.stop();
      await closeHttp(server);
    },
  };
}

/**
 * Ours: the API with the pages mounted, as app/main.ts mounts them (sessions in Postgres, CSP, access log),
 * over the bench database, its clock at `at`; a probation officer of `pdu` signed in (the session cookie).
 */
export async function startPages(dbUrl: string, issuerDir: string, at: Instant, pdu: string) {
  const issuer = await localIssuer(issuerDir);
  // As createDb makes it, with each statement timed for the page that runs it.
  const timing = new PageTimings();
  const pool = createPool({ url: dbUrl });
  timing.watchPool(pool);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const deps = {
    db,
    reportsDb: db,
    // Pages that read never reach Temporal: a lazy connection never opened.
    temporal: {
      client: new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }),
      taskQueue: 'bench-pages',
    },
    auth: createAuthenticator({ keys: issuer.keys, issuer: issuer.issuer, audience: issuer.audience }),
    config: DEFAULT_CONFIG,
    rateLimitPerMinute: 10_000_000,
    anonymousRateLimitPerMinute: 10_000_000,
    commandTimeoutMs: 10_000,
    clock: () => new Date(at),
  };
  const app = createApi(deps);
  app.route(
    '/',
    createWeb({ ...deps, signIn: { kind: 'local' }, sessionIdleMs: 8 * 3_600_000, pdf: createPdfRenderer() }),
  );
  const officer = { sub: 'probation-officer-1', role: 'probation', org: pdu } as const;
  const { sessionId } = await startSession(db, officer, 8 * 3_600_000);
  const served = await serve(app.fetch, timing);
  return {
    ...served,
    db,
    principal: { ...officer, clientId: `${pdu}/${officer.sub}` } satisfies Principal,
    headers: { Cookie: `cstr-session=${sessionId}` },
    close: async () => {
      await served.close();
      await db.destroy();
    },
  };
}

/**
 * The baseline: the same Nunjucks templates and presenters over the same data, fetched once before timing
 * (the worklist, and each case with the latest page of its timeline), rendered per request by a bare Hono route: no database,
 * no session, no middleware.
 */
export async function startBareRender(
  db: Kysely<Database>,
  principal: Principal,
  orderIds: readonly string[],
  at: Instant,
) {
  const now = new Date(at);
  const layout = {
    cspNonce: 'bench-nonce',
    principal,
    csrfToken: 'bench-csrf',
    assetVersion: 'bench',
  };
  const worklist = worklistPresenter(
    (await listDeadlinesNamed(db, principal, { limit: WORKLIST_PAGE_SIZE, offset: 0 }, now)).value,
    1,
  );
  const cases = new Map<string, Record<string, unknown>>();
  for (const orderId of orderIds) {
    const order = (await getOrder(db, principal, orderId, now)).value;
    const timeline = await timelinePage(db, principal, orderId, undefined);
    cases.set(orderId, { ...casePageData(principal.role, order, timeline), olderPage: false });
  }
  const app = new Hono();
  app.get('/', (c) => c.html(renderView('worklist.njk', { ...worklist, ...layout, currentPath: '/' })));
  app.get('/cases/:orderId', (c) =>
    c.html(
      renderView('case.njk', { ...cases.get(c.req.param('orderId')), ...layout, currentPath: c.req.path }),
    ),
  );
  return serve(app.fetch);
}
