import { setTimeout as sleep } from 'node:timers/promises';
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { type Kysely, sql } from 'kysely';
import { compiledOnce } from '../../db/compiled-once';
import type { Database } from '../../db/schema';
import { uuidFromName } from '../../db/uuid';
import type { ApiEnv } from '../env';
import { IDEMPOTENCY_WINDOW_MS, expiryCutoff } from '../idempotency-window';
import { isDatabaseUnavailable } from '../../db/pool';
import { ProblemError, problemResponse, problems } from '../problem';

/**
 * Answers worth keeping for a replay: what the command did, or the decision the workflow made on it. Any
 * other answer (a malformed body, a failure) changed nothing, so the key is released for a corrected retry.
 */
const KEPT_STATUSES = new Set([200, 201, 409, 422]);

/** A first attempt that has not finished in this long is taken to have died: a retry may take it over. */
const ABANDONED_AFTER_MS = 60_000;

export type IdempotentEnv = ApiEnv & { Variables: { commandSeed: string } };

/**
 * `Idempotency-Key` on every POST, per client: the same key and body answer the first response again; the
 * same key with another body is 422; the same key while the first is still running is 409. A key lasts
 * `windowMs` (24 h by default), then counts as never used; idempotency-window.ts deletes its stored response.
 * The key and the request seed the command id (the engine's update id) and every new id, so a retry after a
 * crash re-sends the same command, which the workflow applies once.
 */
export function idempotency(db: Kysely<Database>, windowMs = IDEMPOTENCY_WINDOW_MS) {
  return createMiddleware<IdempotentEnv>(async function idempotency(c, next) {
    const key = c.req.header('Idempotency-Key')?.trim() ?? '';
    if (!/^[\x21-\x7e]{8,200}$/.test(key)) {
      throw problems.malformed('Every POST needs an Idempotency-Key header of 8 to 200 visible characters.', [
        { pointer: '/header/idempotency-key', detail: 'missing or malformed' },
      ]);
    }
    const client = c.get('principal').clientId;
    const fingerprint = requestFingerprint(c.req.method, c.req.path, await c.req.text());

    // A key released between the claim and the look (its first request answered with nothing to keep) is
    // claimed afresh.
    for (;;) {
      const claimed = await claimKey(db, String(windowMs), { client, key, fingerprint });
      if (claimed.length > 0) break;
      const first = await db
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('client_id', '=', client)
        .where('key', '=', key)
        .executeTakeFirst();
      if (!first) continue;
      if (first.request_fingerprint !== fingerprint) {
        throw new ProblemError(
          422,
          'idempotency-key-reused',
          'Idempotency key reused',
          'This key was used with a different request.',
        );
      }
      if (first.state === 'DONE') {
        const status = first.response_status ?? 200;
        const stored: unknown = first.response_body;
        const text = typeof stored === 'string' ? stored : JSON.stringify(stored);
        return c.body(text, status as 200, {
          'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json',
          'Idempotent-Replayed': 'true',
        });
      }
      const abandoned = Date.now() - first.created_at.getTime() > ABANDONED_AFTER_MS;
      if (!abandoned) {
        throw new ProblemError(
          409,
          'idempotency-key-in-flight',
          'Request in progress',
          'The first request with this key is still running: resend it with the same key after Retry-After.',
          [],
          { 'Retry-After': '1' },
        );
      }
      await db
        .updateTable('idempotency_keys')
        .set({ created_at: new Date() })
        .where('client_id', '=', client)
        .where('key', '=', key)
        .execute();
      break;
    }

    // The fingerprint too: a key released after a refusal may carry another request, which is another command.
    c.set('commandSeed', commandSeed(client, key, fingerprint));
    // Errors below have already become problem responses here (Hono's compose applies onError per layer).
    await next();
    const thisKey = () =>
      db.deleteFrom('idempotency_keys').where('client_id', '=', client).where('key', '=', key);
    if (c.res.status === 500) {
      // Logged already; the command may have reached the engine, so what it did is not known.
      await thisKey().execute();
      answerOutcomeUnknown(c);
      return;
    }
    if (!KEPT_STATUSES.has(c.res.status)) {
      await thisKey().execute();
      return;
    }
    // Kept as a JSON string, so that the replay is the first response byte for byte (jsonb reorders keys).
    const text = await c.res.clone().text();
    const status = c.res.status;
    const done = () =>
      storeAnswer(db, 'answered', { client, key, status: String(status), body: JSON.stringify(text) });
    try {
      await done();
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      // The command is done but its answer is not stored: not acknowledged until it is, so that a resend
      // replays it. The key stays in flight (a resend is told to wait) while the answer is stored.
      void storeLater(done);
      answerOutcomeUnknown(c);
    }
  });
}

/** Tries to store an answer again each second until it is stored or the key counts as abandoned. */
async function storeLater(store: () => Promise<unknown>): Promise<void> {
  const until = Date.now() + ABANDONED_AFTER_MS;
  while (Date.now() < until) {
    await sleep(1_000);
    try {
      await store();
      return;
    } catch {
      // Postgres still not answering: try again.
    }
  }
}

/**
 * Replaces the answer (and the headers it had, such as a Location) with a 503 for a write whose outcome this
 * request cannot vouch for: a resend with the same key will.
 */
function answerOutcomeUnknown(c: Context): void {
  c.res = undefined;
  c.res = problemResponse(c, outcomeUnknown());
}

const outcomeUnknown = () =>
  problems.unavailable(
    'The command may have been applied. Resend it shortly with the same Idempotency-Key: it is then applied at most once, and answered as it was applied.',
    1,
  );

/**
 * Claims a key for this request: a new key, or one past its window (which counts as never used, and is taken
 * over in the same statement). Answers a row when claimed; compiled once per window.
 */
const claimKey = compiledOnce((db, windowMs: string, v: Record<'client' | 'key' | 'fingerprint', string>) =>
  db
    .insertInto('idempotency_keys')
    .values({
      client_id: v.client,
      key: v.key,
      request_fingerprint: v.fingerprint,
      state: 'IN_FLIGHT',
      response_status: null,
      response_body: null,
      completed_at: null,
    })
    .onConflict((oc) =>
      oc
        .columns(['client_id', 'key'])
        .doUpdateSet((eb) => ({
          request_fingerprint: eb.ref('excluded.request_fingerprint'),
          state: 'IN_FLIGHT',
          response_status: null,
          response_body: null,
          created_at: sql<Date>`now()`,
          completed_at: null,
        }))
        .where('idempotency_keys.created_at', '<', expiryCutoff(Number(windowMs))),
    )
    .returning('key'),
);

/** Stores a key's answer, the JSON text of its body as a JSON string; compiled once. */
const storeAnswer = compiledOnce(
  (db, _shape: 'answered', v: Record<'client' | 'key' | 'status' | 'body', string>) =>
    db
      .updateTable('idempotency_keys')
      .set({
        state: 'DONE',
        response_status: sql<number>`${v.status}`,
        response_body: v.body,
        completed_at: sql<Date>`now()`,
      })
      .where('client_id', '=', v.client)
      .where('key', '=', v.key),
);

/** What makes two requests the same request: method, path and body (its JSON spacing and key order aside). */
export function requestFingerprint(method: string, path: string, body: string): string {
  return createHash('sha256')
    .update(`${method} ${path}\n${canonical(body)}`)
    .digest('hex');
}

/**
 * The command id (the engine's update id) and the seed of every new id a request makes: the same client,
 * key and request always make the same command, so a retry or a double click is applied once.
 */
export const commandSeed = (clientId: string, key: string, fingerprint: string) =>
  uuidFromName('command', clientId, key, fingerprint);

/** The body as the same JSON whatever its spacing and key order, so that only a different request is a different body. */
function canonical(text: string): string {
  const sorted = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sorted)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([k, v]) => [k, sorted(v)]),
          )
        : value;
  try {
    return JSON.stringify(sorted(JSON.parse(text)));
  } catch {
    return text;
  }
}
