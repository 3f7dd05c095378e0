import { readFile } from 'node:fs/promises';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { Role } from '../domain/primitives';
import type { Database } from '../db/schema';

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

/** CSTR_SUBSCRIBERS_FILE: a JSON array of `{ role, org, url, secret }`, applied at start. */
export async function loadSubscribersFile(db: Kysely<Database>, file: string): Promise<number> {
  const list = z.array(SubscriberSchema).parse(JSON.parse(await readFile(file, 'utf8')));
  for (const s of list) await upsertSubscriber(db, s);
  return list.length;
}
