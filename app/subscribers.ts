import { readFile } from 'node:fs/promises';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { Role } from '../domain/primitives';
import type { Database } from '../db/schema';
import { ConfigError } from './config';
import { type DestinationPolicy, refusedSubscriberUrl } from './webhook-destination';

export const SubscriberSchema = z
  .object({
    role: Role,
    org: z.string().min(1),
    url: z.url({ protocol: /^https?$/ }),
    secret: z.string().min(16, 'at least 16 characters'),
  })
  .strict();
export type Subscriber = z.infer<typeof SubscriberSchema>;

/**
 * Adds or replaces the webhook for one organisation's role. What waits in the outbox for it (none configured
 * yet, or failures against the old address or secret) becomes due at once, not at its backed-off retry time.
 */
export async function upsertSubscriber(db: Kysely<Database>, s: Subscriber): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const changed = await trx
      .insertInto('subscribers')
      .values({ recipient_role: s.role, recipient_org: s.org, url: s.url, secret: s.secret })
      .onConflict((oc) =>
        oc
          .columns(['recipient_role', 'recipient_org'])
          .doUpdateSet({ url: s.url, secret: s.secret })
          .where((eb) =>
            eb.or([eb('subscribers.url', '<>', s.url), eb('subscribers.secret', '<>', s.secret)]),
          ),
      )
      .returning('recipient_org')
      .executeTakeFirst();
    if (!changed) return;
    await trx
      .updateTable('notifications')
      .set({ next_attempt_at: sql<Date>`now()` })
      .where('recipient_role', '=', s.role)
      .where('recipient_org', '=', s.org)
      .where('delivered_at', 'is', null)
      .where('next_attempt_at', '>', sql<Date>`now()`)
      .execute();
  });
}

/**
 * CSTR_SUBSCRIBERS_FILE: a JSON array of `{ role, org, url, secret }`, read before anything starts. A malformed
 * entry or a refused destination (webhook-destination.ts) stops the app with a message naming each such entry.
 */
export async function readSubscribersFile(file: string, policy: DestinationPolicy): Promise<Subscriber[]> {
  return parseSubscribers(await readFile(file, 'utf8'), policy);
}

/** The entries, or a ConfigError naming every wrong one by position, role and org (never its URL or secret). */
export function parseSubscribers(text: string, policy: DestinationPolicy): Subscriber[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw subscribersError(['not JSON']);
  }
  if (!Array.isArray(json)) throw subscribersError(['not a JSON array']);
  const problems: string[] = [];
  const list: Subscriber[] = [];
  json.forEach((entry: unknown, i) => {
    const parsed = SubscriberSchema.safeParse(entry);
    const name = entryName(i, entry);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push(`${name}: ${issue.path.join('.') || 'entry'}: ${issue.message}`);
      return;
    }
    const refused = refusedSubscriberUrl(parsed.data.url, policy);
    if (refused) problems.push(`${name}: url: refused destination: ${refused}`);
    else list.push(parsed.data);
  });
  if (problems.length > 0) throw subscribersError(problems);
  return list;
}

function entryName(index: number, entry: unknown): string {
  const { role, org } = (entry ?? {}) as { role?: unknown; org?: unknown };
  const who = [role, org].filter((v): v is string => typeof v === 'string').join(' ');
  return `entry ${index + 1}${who ? ` (${who})` : ''}`;
}

function subscribersError(problems: string[]): ConfigError {
  return new ConfigError(
    [
      'Invalid configuration:',
      ...problems.map((p) => `  CSTR_SUBSCRIBERS_FILE ${p}`),
      '  (webhooks must be https and reach no loopback, link-local or private address; CSTR_WEBHOOKS_ALLOW_PRIVATE=1 allows both in development)',
    ].join('\n'),
  );
}
