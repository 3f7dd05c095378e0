// Frozen: never edit after it has run anywhere; add a new migration instead.
import { type Kysely, sql } from 'kysely';

/** Webhook subscribers: where each organisation's notifications are posted, and the secret that signs them. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE subscribers (
      recipient_role text NOT NULL,
      recipient_org text NOT NULL,
      url text NOT NULL,
      secret text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (recipient_role, recipient_org)
    )`.execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON subscribers TO cstr_app`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE subscribers`.execute(db);
}
