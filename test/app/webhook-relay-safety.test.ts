import { randomUUID } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../app/logger';
import { startNotificationRelay } from '../../app/notification-relay';
import { useTestDatabase } from '../support/database';

/**
 * Issue 19: the relay posts signed notifications only where it should. A redirect is a failed attempt, not
 * followed; a destination that is, or resolves to, a loopback, link-local or private address is refused
 * before any connection unless development allows it; and only https is used outside development.
 */

const t = useTestDatabase();
const log = createLogger('silent');
const SECRET = 'relay-safety-webhook-secret-000001';

/** Every TCP connection made to it is counted; it answers nothing. */
function connectionCounter() {
  let connections = 0;
  const server = net.createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  return {
    server,
    get connections() {
      return connections;
    },
  };
}

const trap = connectionCounter();
const listener = connectionCounter();
const redirectHits: string[] = [];
const redirecting = http.createServer((req, res) => {
  redirectHits.push(req.url ?? '');
  req.resume();
  req.on('end', () => res.writeHead(307, { Location: `http://127.0.0.1:${port(trap.server)}/stolen` }).end());
});

const port = (server: net.Server) => (server.address() as net.AddressInfo).port;
const listen = (server: net.Server) =>
  new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
const close = (server: net.Server) => new Promise<void>((resolve) => server.close(() => resolve()));

beforeAll(async () => {
  await Promise.all([listen(trap.server), listen(listener.server), listen(redirecting)]);
});
afterAll(async () => {
  redirecting.closeAllConnections();
  await Promise.all([close(trap.server), close(listener.server), close(redirecting)]);
});

/** A subscriber at `url` for a new organisation, and one notification due for it. */
async function notificationFor(url: string): Promise<string> {
  const org = `PROV-${randomUUID().slice(0, 8)}`;
  await t.db
    .insertInto('subscribers')
    .values({ recipient_role: 'provider', recipient_org: org, url, secret: SECRET })
    .execute();
  const id = randomUUID();
  await t.db
    .insertInto('notifications')
    .values({
      id,
      kind: 'ASSESSMENT_REQUESTED',
      recipient_role: 'provider',
      recipient_org: org,
      payload: JSON.stringify({ orderId: randomUUID() }),
    })
    .execute();
  return id;
}

async function untilAttempted(ids: string[], attempts: number) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const rows = await t.db.selectFrom('notifications').selectAll().where('id', 'in', ids).execute();
    if (rows.length === ids.length && rows.every((r) => r.attempts >= attempts)) return rows;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${attempts} attempts`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('notification relay destinations', () => {
  it('does not follow a redirect: a 3xx is a failed attempt, retried with backoff', async () => {
    const id = await notificationFor(`http://127.0.0.1:${port(redirecting)}/hook`);
    const relay = startNotificationRelay({ db: t.db, log, pollMs: 50, allowPrivateDestinations: true });
    try {
      const [row] = await untilAttempted([id], 2);
      expect(row!.delivered_at).toBeNull();
      expect(row!.last_error).toBe('HTTP 307');
      expect(row!.next_attempt_at.getTime()).toBeGreaterThan(Date.now());
    } finally {
      await relay.stop();
    }
    expect(redirectHits.length).toBeGreaterThanOrEqual(2);
    expect(new Set(redirectHits)).toEqual(new Set(['/hook']));
    expect(trap.connections).toBe(0);
  });

  it('refuses loopback, private and credentialed destinations, and plain http, before connecting', async () => {
    const p = port(listener.server);
    const refused = {
      // A name that resolves to loopback: refused when connecting, whatever it resolved to before.
      [`https://localhost:${p}/hook`]: 'refused destination: a loopback address',
      [`https://127.0.0.1:${p}/hook`]: 'refused destination: a loopback address',
      [`https://[::ffff:127.0.0.1]:${p}/hook`]: 'refused destination: a loopback address',
      [`https://[::1]:${p}/hook`]: 'refused destination: a loopback or unspecified address',
      'https://169.254.169.254/latest/meta-data/': 'refused destination: a link-local address',
      'https://10.1.2.3/hook': 'refused destination: a private address',
      'https://100.64.0.1/hook': 'refused destination: a shared (CGNAT) address',
      'https://[fd00::1]/hook': 'refused destination: a private (unique local) address',
      [`https://user:pw@localhost:${p}/hook`]: 'refused destination: credentials in the URL',
      'http://webhooks.example.com/hook':
        'refused destination: not https (http only with CSTR_WEBHOOKS_ALLOW_PRIVATE=1)',
    };
    const ids = new Map<string, string>();
    for (const url of Object.keys(refused)) ids.set(await notificationFor(url), url);

    const relay = startNotificationRelay({ db: t.db, log, pollMs: 50, allowPrivateDestinations: false });
    try {
      const rows = await untilAttempted([...ids.keys()], 1);
      for (const row of rows) {
        const url = ids.get(row.id)!;
        expect(row.last_error, url).toBe(refused[url]);
        expect(row.delivered_at, url).toBeNull();
        expect(row.next_attempt_at.getTime(), url).toBeGreaterThan(Date.now());
      }
    } finally {
      await relay.stop();
    }
    expect(listener.connections).toBe(0);
  });
});
