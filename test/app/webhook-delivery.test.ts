import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNATURE_TOLERANCE_SECONDS, verifySignature } from '../../app/webhook-signature';
import { createDb } from '../../db/pool';
import {
  type AppProcess,
  createChildDatabase,
  createDataDir,
  openCaseBody,
  portOpen,
  post,
  startApp,
} from './support/app-process';
import { until } from './support/until';

/**
 * Issue 7: the notification outbox reaches a real HTTP receiver, signed with the subscriber's secret,
 * retried with backoff after the receiver answers 500, at least once, with an id the receiver can
 * de-duplicate on. Issue 19: the signature covers a timestamp; a receiver on loopback over plain http is a
 * development setting (CSTR_WEBHOOKS_ALLOW_PRIVATE=1), and without it such a file stops the app.
 */

/** The receivers here listen on http://127.0.0.1: development's explicit opt-in. */
const DEVELOPMENT_WEBHOOKS = { CSTR_WEBHOOKS_ALLOW_PRIVATE: '1' };

const DRUGS_SECRET = 'drugs-service-webhook-secret-0123456789';
/** PROV-MH's subscriber is configured with a secret the receiver does not hold: its checks must fail. */
const MH_CONFIGURED_SECRET = 'a-secret-the-receiver-never-agreed';
const MH_RECEIVER_SECRET = 'mental-health-receiver-secret-98765';
/** The receiver answers 500 to the first deliveries of each notification, then 200. */
const FAILURES_BEFORE_SUCCESS = 2;

interface Delivery {
  at: number;
  path: string;
  idHeader: string | undefined;
  signature: string | undefined;
  contentType: string | undefined;
  raw: string;
  answered: number;
}

const deliveries: Delivery[] = [];
const LATE_SECRET = 'alcohol-service-joins-later-secret-42';
const secrets: Record<string, string> = {
  '/drugs': DRUGS_SECRET,
  '/mh': MH_RECEIVER_SECRET,
  '/late': LATE_SECRET,
};
const attemptsById = new Map<string, number>();

const receiver = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks).toString('utf8');
    const signature = req.headers['x-cstr-signature'] as string | undefined;
    const idHeader = req.headers['x-cstr-notification-id'] as string | undefined;
    let answered: number;
    if (!verifySignature(raw, secrets[req.url ?? ''] ?? '', signature)) {
      answered = 401;
    } else {
      const seen = (attemptsById.get(idHeader ?? '') ?? 0) + 1;
      attemptsById.set(idHeader ?? '', seen);
      answered = seen <= FAILURES_BEFORE_SUCCESS ? 500 : 200;
    }
    deliveries.push({
      at: Date.now(),
      path: req.url ?? '',
      idHeader,
      signature,
      contentType: req.headers['content-type'],
      raw,
      answered,
    });
    res.writeHead(answered, { 'Content-Type': 'text/plain' }).end(answered === 200 ? 'ok' : 'no');
  });
});

let database: Awaited<ReturnType<typeof createChildDatabase>>;
let dataDir: Awaited<ReturnType<typeof createDataDir>>;
let app: AppProcess | undefined;
let restarted: AppProcess | undefined;
let receiverPort = 0;
let subscribersFile = '';

function subscribers(withLate: boolean) {
  return JSON.stringify([
    {
      role: 'provider',
      org: 'PROV-DRUGS',
      url: `http://127.0.0.1:${receiverPort}/drugs`,
      secret: DRUGS_SECRET,
    },
    {
      role: 'provider',
      org: 'PROV-MH',
      url: `http://127.0.0.1:${receiverPort}/mh`,
      secret: MH_CONFIGURED_SECRET,
    },
    ...(withLate
      ? [
          {
            role: 'provider',
            org: 'PROV-LATE',
            url: `http://127.0.0.1:${receiverPort}/late`,
            secret: LATE_SECRET,
          },
        ]
      : []),
  ]);
}

beforeAll(async () => {
  [database, dataDir] = await Promise.all([createChildDatabase(), createDataDir()]);
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverPort = (receiver.address() as AddressInfo).port;
  subscribersFile = path.join(dataDir.dir, 'subscribers.json');
  await writeFile(subscribersFile, subscribers(false));
  app = await startApp({
    databaseUrl: database.url,
    dataDir: dataDir.dir,
    env: { CSTR_SUBSCRIBERS_FILE: subscribersFile, ...DEVELOPMENT_WEBHOOKS },
  });
});

afterAll(async () => {
  for (const a of [app, restarted]) {
    if (!a) continue;
    expect(await a.stop(10_000)).toEqual({ code: 0, signal: null });
    expect(await portOpen(a.port)).toBe(false);
  }
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  expect(await portOpen(receiverPort)).toBe(false);
  await database?.drop();
  await dataDir?.remove();
});

describe('webhook delivery of the notification outbox', () => {
  it('delivers each notification at least once, signed, retrying after 500 with backoff', async () => {
    const a = app!;
    const assessor = await a.token('court-assessor', 'B01LY00');

    // Two cases; each asks PROV-DRUGS for a DRR assessment, PROV-MH for an MHTR one and PROV-LATE (no
    // webhook yet) for an ATR one.
    const orderIds: string[] = [];
    for (let n = 0; n < 2; n++) {
      const opened = await post(
        a,
        '/v1/orders',
        assessor,
        openCaseBody({ proposedTypes: ['DRR', 'MHTR', 'ATR'] }),
      );
      expect(opened.status).toBe(201);
      const { orderId } = (await opened.json()) as { orderId: string };
      orderIds.push(orderId);
      const screened = await post(a, `/v1/orders/${orderId}/screening`, assessor, {
        outcome: 'PROCEED_TO_ASSESSMENT',
      });
      expect(screened.status).toBe(200);
      for (const [type, providerOrgId] of [
        ['DRR', 'PROV-DRUGS'],
        ['MHTR', 'PROV-MH'],
        ['ATR', 'PROV-LATE'],
      ] as const) {
        const requested = await post(a, `/v1/orders/${orderId}/requirements`, assessor, {
          type,
          providerOrgId,
        });
        expect(requested.status, await requested.clone().text()).toBe(201);
      }
    }

    const owner = createDb({ url: database.url, role: null });
    try {
      const queued = await owner
        .selectFrom('notifications')
        .selectAll()
        .where('order_id', 'in', orderIds)
        .where('kind', '=', 'ASSESSMENT_REQUESTED')
        .execute();
      const drugs = queued.filter((q) => q.recipient_org === 'PROV-DRUGS');
      const mh = queued.filter((q) => q.recipient_org === 'PROV-MH');
      expect(drugs).toHaveLength(2);
      expect(mh).toHaveLength(2);
      const late = queued.filter((q) => q.recipient_org === 'PROV-LATE');
      expect(late).toHaveLength(2);

      // Each PROV-DRUGS notification is delivered: marked delivered_at after the third attempt.
      const delivered = await until('delivery of both notifications', async () => {
        const rows = await owner
          .selectFrom('notifications')
          .selectAll()
          .where(
            'id',
            'in',
            drugs.map((d) => d.id),
          )
          .execute();
        return rows.every((r) => r.delivered_at !== null) ? rows : undefined;
      });
      for (const row of delivered) {
        expect(row.attempts).toBe(FAILURES_BEFORE_SUCCESS + 1);
        expect(row.last_error).toBeNull();
        expect(row.delivered_at!.getTime()).toBeGreaterThanOrEqual(row.created_at.getTime());
      }

      for (const n of drugs) {
        const mine = deliveries.filter((d) => d.idHeader === n.id);
        // At least once: the receiver saw it fail twice and then took it, and the relay stopped there.
        expect(mine.map((d) => d.answered)).toEqual([500, 500, 200]);
        for (const d of mine) {
          expect(d.path).toBe('/drugs');
          expect(d.contentType).toMatch(/^application\/json/);
          // Signed with the subscriber's secret; any other secret, or a changed body, fails the check.
          expect(verifySignature(d.raw, DRUGS_SECRET, d.signature)).toBe(true);
          expect(verifySignature(d.raw, MH_RECEIVER_SECRET, d.signature)).toBe(false);
          expect(verifySignature(d.raw.replace('ASSESSMENT', 'ASSESSMENX'), DRUGS_SECRET, d.signature)).toBe(
            false,
          );
          const body = JSON.parse(d.raw) as Record<string, unknown>;
          // The id the receiver de-duplicates on: in the header and the body, the same on every retry.
          expect(body).toMatchObject({
            id: n.id,
            kind: 'ASSESSMENT_REQUESTED',
            recipientRole: 'provider',
            recipientOrg: 'PROV-DRUGS',
            payload: { orderId: n.order_id },
          });
          // Data minimisation: ids and flags only, never the person.
          expect(d.raw).not.toMatch(/Example|Alex|1990-05-01|Theft/);
        }
        // A retry is the same message: same id, byte-identical body; each copy is signed when it is sent, and
        // the same copy replayed later than the tolerance fails the receiver's check.
        expect(new Set(mine.map((d) => d.raw)).size).toBe(1);
        for (const d of mine) {
          expect(d.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
          const replayedAt = new Date(d.at + (SIGNATURE_TOLERANCE_SECONDS + 60) * 1_000);
          expect(verifySignature(d.raw, DRUGS_SECRET, d.signature, { now: replayedAt })).toBe(false);
        }
        // Backoff: 1 s after the first failure, 2 s after the second (give or take the relay's 1 s poll).
        const gaps = mine.slice(1).map((d, i) => d.at - mine[i]!.at);
        expect(gaps[0]).toBeGreaterThanOrEqual(950);
        expect(gaps[1]).toBeGreaterThanOrEqual(1_950);
      }

      // PROV-MH's receiver rejects the signature (wrong secret configured): never marked delivered, retried.
      await until('retries to PROV-MH', () =>
        mh.every((n) => deliveries.filter((d) => d.idHeader === n.id).length >= 2) ? true : undefined,
      );
      const mhRows = await owner
        .selectFrom('notifications')
        .selectAll()
        .where(
          'id',
          'in',
          mh.map((m) => m.id),
        )
        .execute();
      for (const row of mhRows) {
        expect(row.delivered_at).toBeNull();
        expect(row.attempts).toBeGreaterThanOrEqual(2);
        expect(row.last_error).toBe('HTTP 401');
        expect(row.next_attempt_at.getTime()).toBeGreaterThan(Date.now() - 1_000);
        const mine = deliveries.filter((d) => d.idHeader === row.id);
        for (const d of mine) {
          expect(d.answered).toBe(401);
          expect(verifySignature(d.raw, MH_CONFIGURED_SECRET, d.signature)).toBe(true);
        }
      }
      // Nothing was sent anywhere else, and nothing the receiver accepted was sent again.
      expect(new Set(deliveries.map((d) => d.path))).toEqual(new Set(['/drugs', '/mh']));
      expect(deliveries.filter((d) => d.answered === 200)).toHaveLength(drugs.length);

      // PROV-LATE has no webhook: its notifications wait in the outbox, undelivered.
      const waiting = await until('the relay to find no subscriber for PROV-LATE', async () => {
        const rows = await owner
          .selectFrom('notifications')
          .selectAll()
          .where(
            'id',
            'in',
            late.map((l) => l.id),
          )
          .execute();
        return rows.every((r) => r.last_error !== null) ? rows : undefined;
      });
      for (const row of waiting) expect(row.delivered_at).toBeNull();

      // An operator configures its webhook and restarts the app (the in-process engine's workflows are gone,
      // the outbox in Postgres is not): what waited is delivered at once, not an hour later.
      expect(await a.stop()).toEqual({ code: 0, signal: null });
      expect(await portOpen(a.port)).toBe(false);
      await writeFile(subscribersFile, subscribers(true));
      const configuredAt = Date.now();
      restarted = await startApp({
        databaseUrl: database.url,
        dataDir: dataDir.dir,
        env: { CSTR_SUBSCRIBERS_FILE: subscribersFile, ...DEVELOPMENT_WEBHOOKS },
      });
      await until(
        'delivery to PROV-LATE after its webhook is configured',
        async () => {
          const rows = await owner
            .selectFrom('notifications')
            .select('delivered_at')
            .where(
              'id',
              'in',
              late.map((l) => l.id),
            )
            .execute();
          return rows.every((r) => r.delivered_at !== null) ? true : undefined;
        },
        15_000,
      );
      for (const n of late) {
        const mine = deliveries.filter((d) => d.idHeader === n.id);
        expect(mine.at(-1)?.answered).toBe(200);
        expect(mine[0]!.at).toBeGreaterThanOrEqual(configuredAt);
        expect(verifySignature(mine[0]!.raw, LATE_SECRET, mine[0]!.signature)).toBe(true);
      }
    } finally {
      await owner.destroy();
    }
  });

  it('refuses to start on a subscriber file with private, credentialed or plain-http webhooks, naming each entry', async () => {
    const refusedFile = path.join(dataDir.dir, 'refused-subscribers.json');
    const entry = (org: string, url: string) => ({ role: 'provider', org, url, secret: DRUGS_SECRET });
    await writeFile(
      refusedFile,
      JSON.stringify([
        entry('PROV-FINE', 'https://hooks.provider.example/cstr'),
        entry('PROV-LOOPBACK', `https://127.0.0.1:${receiverPort}/drugs`),
        entry('PROV-METADATA', 'https://169.254.169.254/latest/meta-data/'),
        entry('PROV-CREDENTIALS', 'https://hook-user:hook-password@hooks.provider.example/cstr'),
        entry('PROV-PLAIN', 'http://hooks.provider.example/cstr'),
        entry('PROV-LOCAL', 'https://localhost/cstr'),
        entry('PROV-PRIVATE', 'https://[fd00::5]/cstr'),
      ]),
    );
    const refused = startApp({
      databaseUrl: database.url,
      dataDir: dataDir.dir,
      env: { CSTR_SUBSCRIBERS_FILE: refusedFile },
    });
    const error = await refused.then(
      async (started) => {
        await started.stop();
        return new Error('the app started');
      },
      (e: unknown) => e as Error,
    );
    expect(error.message).toMatch(/the app exited before it was ready/);
    for (const line of [
      'entry 2 (provider PROV-LOOPBACK): url: refused destination: a loopback address',
      'entry 3 (provider PROV-METADATA): url: refused destination: a link-local address',
      'entry 4 (provider PROV-CREDENTIALS): url: refused destination: credentials in the URL',
      'entry 5 (provider PROV-PLAIN): url: refused destination: not https',
      'entry 6 (provider PROV-LOCAL): url: refused destination: a loopback address',
      'entry 7 (provider PROV-PRIVATE): url: refused destination: a private (unique local) address',
    ]) {
      expect(error.message).toContain(`CSTR_SUBSCRIBERS_FILE ${line}`);
    }
    expect(error.message).not.toContain('PROV-FINE');
    // The message names entries, never their secrets or credentials.
    expect(error.message).not.toMatch(new RegExp(`${DRUGS_SECRET}|hook-password`));
  });
});
