import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/pool';
import {
  type AppProcess,
  createChildDatabase,
  createDataDir,
  get,
  openCaseBody,
  portOpen,
  post,
  startApp,
} from './support/app-process';

/**
 * Issue 7: the app is killed with SIGTERM mid-load and restarted against the same DATABASE_URL; every write
 * acknowledged with 2xx before the kill is in Postgres exactly once.
 */

interface Attempt {
  kind: 'open' | 'screen' | 'request';
  route: string;
  body: unknown;
  key: string;
  status: number | 'connection-failed';
  problem?: unknown;
  orderId?: string;
  requirementId?: string;
  sentAt: number;
  answeredAt?: number;
}

const LOAD_CLIENTS = 6;

let database: Awaited<ReturnType<typeof createChildDatabase>>;
let dataDir: Awaited<ReturnType<typeof createDataDir>>;
const apps: AppProcess[] = [];

beforeAll(async () => {
  [database, dataDir] = await Promise.all([createChildDatabase(), createDataDir()]);
});

afterAll(async () => {
  for (const app of apps) await app.stop(5_000);
  for (const app of apps) expect(await portOpen(app.port)).toBe(false);
  await database?.drop();
  await dataDir?.remove();
});

describe('crash safety: SIGTERM under load, then a restart on the same database', () => {
  // Two app starts and a load phase; the second start also resumes the first one's workflows (kept on disk).
  it('keeps every acknowledged write exactly once, stops accepting connections and exits 0', async () => {
    const first = await startApp({ databaseUrl: database.url, dataDir: dataDir.dir });
    apps.push(first);
    const assessor = await first.token('court-assessor', 'B01LY00');

    const attempts: Attempt[] = [];
    let sigtermAt = Number.POSITIVE_INFINITY;
    let attemptsAfterRefusal = 0;

    const send = async (a: Omit<Attempt, 'status' | 'sentAt'>): Promise<Attempt> => {
      const attempt: Attempt = { ...a, status: 'connection-failed', sentAt: Date.now() };
      attempts.push(attempt);
      try {
        const response = await post(first, a.route, assessor, a.body, a.key);
        attempt.answeredAt = Date.now();
        attempt.status = response.status;
        const body = (await response.json()) as { orderId?: string; requirementId?: string };
        if (response.ok && a.kind === 'open') attempt.orderId = body.orderId;
        if (response.ok && a.kind === 'request') attempt.requirementId = body.requirementId;
        if (!response.ok) attempt.problem = body;
      } catch {
        attempt.status = 'connection-failed';
      }
      return attempt;
    };

    // Each client opens a case and requests an assessment on it, again and again, until the server is gone.
    const client = async (n: number) => {
      for (let i = 0; ; i++) {
        const opened = await send({
          kind: 'open',
          route: '/v1/orders',
          body: openCaseBody(),
          key: `crash-open-${n}-${i}`,
        });
        if (opened.status === 'connection-failed') {
          attemptsAfterRefusal++;
          if (Date.now() > sigtermAt) return;
          continue;
        }
        if (!opened.orderId) continue;
        const screened = await send({
          kind: 'screen',
          route: `/v1/orders/${opened.orderId}/screening`,
          body: { outcome: 'PROCEED_TO_ASSESSMENT' },
          key: `crash-screen-${n}-${i}`,
          orderId: opened.orderId,
        });
        if (screened.status === 'connection-failed' && Date.now() > sigtermAt) return;
        if (screened.status !== 200) continue;
        const requested = await send({
          kind: 'request',
          route: `/v1/orders/${opened.orderId}/requirements`,
          body: { type: 'DRR', providerOrgId: 'PROV-DRUGS' },
          key: `crash-request-${n}-${i}`,
          orderId: opened.orderId,
        });
        if (requested.status === 'connection-failed' && Date.now() > sigtermAt) return;
      }
    };
    const load = Promise.all(Array.from({ length: LOAD_CLIENTS }, (_, n) => client(n)));

    // Kill it mid-load: once a good number of writes have been acknowledged and more are in flight.
    const acknowledged = () => attempts.filter((a) => typeof a.status === 'number' && a.status < 300);
    const loadDeadline = Date.now() + 20_000;
    while (acknowledged().length < 30 && Date.now() < loadDeadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(acknowledged().length).toBeGreaterThanOrEqual(30);
    const inFlightAtKill = attempts.filter((a) => a.status === 'connection-failed').length;
    sigtermAt = Date.now();
    first.child.kill('SIGTERM');

    // It stops taking connections as soon as it starts stopping.
    const stoppingLogged = Date.now() + 5_000;
    while (!first.stdout.some((l) => l.includes('"msg":"stopping')) && Date.now() < stoppingLogged)
      await new Promise((r) => setTimeout(r, 5));
    expect(await portOpen(first.port)).toBe(false);

    const exit = await Promise.race([
      first.exited,
      new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 30_000)),
    ]);
    expect(exit, [...first.stdout.slice(-20), ...first.stderr].join('\n')).toEqual({ code: 0, signal: null });
    await load;
    expect(await portOpen(first.port)).toBe(false);
    expect(inFlightAtKill).toBeGreaterThan(0);
    expect(attemptsAfterRefusal).toBeGreaterThan(0);
    // Every request was either done or refused: no errors, and while it drained only 503 (retry elsewhere).
    const unexpected = attempts.filter((a) => ![200, 201, 503, 'connection-failed'].includes(a.status));
    expect(unexpected).toEqual([]);
    // A 503 comes only from the draining server: none was answered before it was told to stop (one sent just
    // before SIGTERM may reach the server after it began stopping, so the answer's time is what counts).
    for (const a of attempts.filter((x) => x.status === 503))
      expect(a.answeredAt).toBeGreaterThanOrEqual(sigtermAt);

    const acked = acknowledged();
    const ackedOpens = acked.filter((a) => a.kind === 'open');
    const ackedScreenings = acked.filter((a) => a.kind === 'screen');
    const ackedRequests = acked.filter((a) => a.kind === 'request');
    expect(ackedOpens.length).toBeGreaterThan(0);
    expect(ackedScreenings.length).toBeGreaterThan(0);
    expect(ackedRequests.length).toBeGreaterThan(0);
    for (const a of ackedOpens) expect(a.orderId).toBeTruthy();
    for (const a of ackedRequests) expect(a.requirementId).toBeTruthy();

    // Restart against the same database and data directory (where the in-process engine keeps its state).
    const second = await startApp({ databaseUrl: database.url, dataDir: dataDir.dir });
    apps.push(second);

    const owner = createDb({ url: database.url, role: null });
    try {
      const orderIds = ackedOpens.map((a) => a.orderId!);
      const caseEvents = await owner
        .selectFrom('events')
        .select(['order_id', sql<number>`count(*)::int`.as('n')])
        .where('type', '=', 'CaseIdentified')
        .groupBy('order_id')
        .execute();
      const casesByOrder = new Map(caseEvents.map((r) => [r.order_id, r.n]));
      for (const id of orderIds) expect(casesByOrder.get(id), `CaseIdentified of ${id}`).toBe(1);
      // Nothing at all is stored twice, acknowledged or not.
      expect([...casesByOrder.values()].every((n) => n === 1)).toBe(true);

      const screenings = await owner
        .selectFrom('events')
        .select(['order_id', sql<number>`count(*)::int`.as('n')])
        .where('type', '=', 'ScreeningRecorded')
        .groupBy('order_id')
        .execute();
      const screeningsByOrder = new Map(screenings.map((r) => [r.order_id, r.n]));
      for (const a of ackedScreenings)
        expect(screeningsByOrder.get(a.orderId!), `screening of ${a.orderId}`).toBe(1);
      expect([...screeningsByOrder.values()].every((n) => n === 1)).toBe(true);

      const orderRows = await owner
        .selectFrom('orders')
        .select(['id', 'status'])
        .where('id', 'in', orderIds)
        .execute();
      expect(orderRows.map((r) => r.id).sort()).toEqual([...orderIds].sort());

      const requested = await owner
        .selectFrom('events')
        .select([
          sql<string>`payload->>'requirementId'`.as('requirement_id'),
          'order_id',
          sql<number>`count(*)::int`.as('n'),
        ])
        .where('type', '=', 'AssessmentRequested')
        .groupBy([sql`payload->>'requirementId'`, 'order_id'])
        .execute();
      const byRequirement = new Map(requested.map((r) => [r.requirement_id, r]));
      for (const a of ackedRequests) {
        const row = byRequirement.get(a.requirementId!);
        expect(row?.n, `AssessmentRequested ${a.requirementId}`).toBe(1);
        expect(row?.order_id).toBe(a.orderId);
      }
      expect(requested.every((r) => r.n === 1)).toBe(true);

      // The orders' projections carry the acknowledged requests too, and the restarted API reads them.
      const views = await owner
        .selectFrom('orders')
        .select(['id', 'view'])
        .where('id', 'in', orderIds)
        .execute();
      const proposedByOrder = new Map(
        views.map((v) => [
          v.id,
          (
            (v.view as { proposedRequirements?: Array<{ requirementId: string }> }).proposedRequirements ?? []
          ).map((p) => p.requirementId),
        ]),
      );
      for (const a of ackedRequests) expect(proposedByOrder.get(a.orderId!)).toContain(a.requirementId);

      const reader = await second.token('court-assessor', 'B01LY00');
      for (const id of orderIds.slice(0, 5))
        expect((await get(second, `/v1/orders/${id}`, reader)).status).toBe(200);

      // A client that retries an acknowledged write (same key) gets the first answer again, and nothing is added.
      const before = await owner
        .selectFrom('events')
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirstOrThrow();
      for (const a of acked.slice(0, 10)) {
        const replay = await post(second, a.route, reader, a.body, a.key);
        expect(replay.status).toBe(a.status);
        expect(replay.headers.get('idempotent-replayed')).toBe('true');
      }
      const after = await owner
        .selectFrom('events')
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirstOrThrow();
      expect(after.n).toBe(before.n);
    } finally {
      await owner.destroy();
    }

    expect(await second.stop()).toEqual({ code: 0, signal: null });
    expect(await portOpen(second.port)).toBe(false);
  }, 120_000);
});
