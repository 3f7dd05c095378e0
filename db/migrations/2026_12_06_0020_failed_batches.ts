// Frozen: never edit after it has run anywhere; add a new migration instead.
import { type Kysely, sql } from 'kysely';

/**
 * Batches Postgres refused for good (a data, integrity or syntax error): which aggregate, which version, which
 * events and the SQLSTATE, never the data. The case needs an operator; monitoring may read it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE failed_batches (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      order_id uuid NOT NULL,
      requirement_id uuid,
      version integer NOT NULL,
      event_ids uuid[] NOT NULL,
      sqlstate text NOT NULL,
      attempt integer NOT NULL
    )`.execute(db);
  await sql`
    CREATE UNIQUE INDEX failed_batches_once
    ON failed_batches (order_id, (coalesce(requirement_id::text, '')), version)`.execute(db);
  await sql`GRANT SELECT, INSERT ON failed_batches TO cstr_app`.execute(db);
  await sql`GRANT SELECT ON failed_batches TO cstr_monitoring`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE failed_batches`.execute(db);
}
