import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema';
import type { Logger } from './logger';
import { repeat } from './repeat';
import { RefusedDestination } from './webhook-destination';
import { postWebhook } from './webhook-post';
import { NOTIFICATION_ID_HEADER, SIGNATURE_HEADER, signBody } from './webhook-signature';

export interface RelayOptions {
  db: Kysely<Database>;
  log: Logger;
  /** How often to look for due notifications. */
  pollMs?: number;
  batchSize?: number;
  postTimeoutMs?: number;
  /** Development only: plain http and loopback or private destinations (CSTR_WEBHOOKS_ALLOW_PRIVATE). */
  allowPrivateDestinations?: boolean;
}

const MAX_BACKOFF_MS = 10 * 60_000;
/** With no subscriber for the organisation yet, look again in an hour. */
const NO_SUBSCRIBER_RETRY_MS = 60 * 60_000;
/** A claimed notification is not taken again for this long: if the relay dies mid-post, it is sent again after. */
const LEASE_MS = 60_000;
const CONCURRENT_POSTS = 8;

export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Delivers the outbox: posts each due notification, as JSON signed with its subscriber's secret, to the
 * webhook configured for the recipient organisation; retries with exponential backoff. Anything but a 2xx,
 * a redirect included, is a failed attempt. At least once: a
 * crash between the post and the mark sends it again when the lease runs out, and receivers de-duplicate by
 * notification id. No transaction is held while posting, so a slow receiver delays no one else.
 */
export function startNotificationRelay(options: RelayOptions) {
  const { db, log } = options;
  const policy = { allowPrivate: options.allowPrivateDestinations ?? false };

  type Claimed = Awaited<ReturnType<typeof claimDue>>[number];

  /** Takes a batch of due notifications under a lease, so that no other relay posts them meanwhile. */
  async function claimDue() {
    return db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('notifications as n')
        .leftJoin('subscribers as s', (j) =>
          j
            .onRef('s.recipient_role', '=', 'n.recipient_role')
            .onRef('s.recipient_org', '=', 'n.recipient_org'),
        )
        .select([
          'n.id',
          'n.kind',
          'n.recipient_role',
          'n.recipient_org',
          'n.payload',
          'n.created_at',
          'n.attempts',
          's.url',
          's.secret',
        ])
        .where('n.delivered_at', 'is', null)
        .where('n.next_attempt_at', '<=', sql<Date>`now()`)
        .orderBy('n.next_attempt_at')
        .limit(options.batchSize ?? 50)
        .forUpdate('n')
        .skipLocked()
        .execute();
      const orphaned = due.filter((n) => !n.url || !n.secret).map((n) => n.id);
      const leased = due.filter((n) => n.url && n.secret).map((n) => n.id);
      if (orphaned.length > 0) {
        await trx
          .updateTable('notifications')
          .set({
            next_attempt_at: new Date(Date.now() + NO_SUBSCRIBER_RETRY_MS),
            last_error: 'no subscriber for this organisation',
          })
          .where('id', 'in', orphaned)
          .execute();
      }
      if (leased.length > 0) {
        await trx
          .updateTable('notifications')
          .set({ next_attempt_at: new Date(Date.now() + LEASE_MS) })
          .where('id', 'in', leased)
          .execute();
      }
      return due.filter((n): n is typeof n & { url: string; secret: string } => Boolean(n.url && n.secret));
    });
  }

  /** Posts one notification and records what happened; a failure is retried after a backoff. */
  async function deliver(n: Claimed): Promise<void> {
    const body = JSON.stringify({
      id: n.id,
      kind: n.kind,
      recipientRole: n.recipient_role,
      recipientOrg: n.recipient_org,
      createdAt: n.created_at.toISOString(),
      payload: n.payload,
    });
    let failure: string | null = null;
    try {
      // Signed at each attempt: the signed time tells the receiver how fresh this copy is.
      const status = await postWebhook(
        n.url,
        {
          headers: {
            'Content-Type': 'application/json',
            [SIGNATURE_HEADER]: signBody(body, n.secret),
            [NOTIFICATION_ID_HEADER]: n.id,
          },
          body,
          timeoutMs: options.postTimeoutMs ?? 5_000,
        },
        policy,
      );
      if (status < 200 || status > 299) failure = `HTTP ${status}`;
    } catch (error) {
      failure =
        error instanceof RefusedDestination
          ? error.message
          : error instanceof Error
            ? error.name
            : 'post failed';
    }
    const attempts = n.attempts + 1;
    const outcome =
      failure === null
        ? { delivered_at: new Date(), attempts, last_error: null }
        : { attempts, next_attempt_at: new Date(Date.now() + backoffMs(attempts)), last_error: failure };
    await db
      .updateTable('notifications')
      .set(outcome)
      .where('id', '=', n.id)
      .where('delivered_at', 'is', null)
      .execute();
    if (failure !== null) {
      log.warn(
        { notificationId: n.id, kind: n.kind, attempts, failure },
        'notification delivery failed; will retry',
      );
    }
  }

  /** One pass: claim what is due, post it a few at a time outside any transaction, record each outcome. */
  async function deliverDue(): Promise<number> {
    const claimed = await claimDue();
    for (let i = 0; i < claimed.length; i += CONCURRENT_POSTS) {
      await Promise.all(claimed.slice(i, i + CONCURRENT_POSTS).map(deliver));
    }
    return claimed.length;
  }

  const pollMs = options.pollMs ?? 1_000;
  return repeat(async () => ((await deliverDue()) > 0 ? 0 : pollMs), {
    log,
    failure: 'notification relay pass failed',
    retryMs: pollMs,
  });
}
