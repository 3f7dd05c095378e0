import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
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

/** Adds or replaces the webhook for one organisation's role. */
export async function upsertSubscriber(db: Kysely<Database>, s: Subscriber): Promise<void> {
  await db
    .insertInto('subscribers')
    .values({ recipient_role: s.role, recipient_org: s.org, url: s.url, secret: s.secret })
    .onConflict((oc) =>
      oc.columns(['recipient_role', 'recipient_org']).doUpdateSet({ url: s.url, secret: s.secret }),
    )
    .execute();
}

/** CSTR_SUBSCRIBERS_FILE: a JSON array of `{ role, org, url, secret }`, applied at start. */
export async function loadSubscribersFile(db: Kysely<Database>, file: string): Promise<number> {
  const list = z.array(SubscriberSchema).parse(JSON.parse(await readFile(file, 'utf8')));
  for (const s of list) await upsertSubscriber(db, s);
  return list.length;
}
