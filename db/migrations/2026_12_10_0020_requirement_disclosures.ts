// Frozen: never edit after it has run anywhere; add a new migration instead.
import { type Kysely, sql } from 'kysely';

/**
 * Each sentenced requirement's view as each set of shown classes discloses it, kept as the JSON text the answer
 * splices in unparsed: one row per distinct set (`shown`, its classes sorted and space-separated), written with
 * the view. Served only while `version` is the requirement's and `rules` the digest of the running code's
 * classifications; `deadlines_at` is where the text's trailing deadlines array starts (its `overdue` flags
 * are the reader's clock's, recomputed on each read), null when it has none.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE requirement_disclosures (
      requirement_id uuid NOT NULL,
      order_id uuid NOT NULL,
      shown text NOT NULL,
      version integer NOT NULL,
      rules text NOT NULL,
      text text NOT NULL,
      deadlines_at integer,
      PRIMARY KEY (requirement_id, shown)
    )`.execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON requirement_disclosures TO cstr_app`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE requirement_disclosures`.execute(db);
}
