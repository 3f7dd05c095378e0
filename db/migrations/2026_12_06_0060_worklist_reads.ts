// Frozen: never edit after it has run anywhere; add a new migration instead.
import { type Kysely, sql } from 'kysely';

const given = sql`(view -> 'case' -> 'person' ->> 'givenName')`;
const family = sql`(view -> 'case' -> 'person' ->> 'familyName')`;

/**
 * What the worklist reads on every visit, without reading more: the name of the person an order is about,
 * kept beside its view (written by Postgres from the view, never by us; read from the view it decompressed
 * the whole view for each task), the same text as concat_ws(' ', given, family), which a generated column
 * cannot call; and the requirement each deadline names in the worklist's index, so that the worklist's
 * counts read the index alone where its pages are all visible.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE orders ADD COLUMN person_name text GENERATED ALWAYS AS (
      CASE
        WHEN ${given} IS NULL THEN coalesce(${family}, '')
        WHEN ${family} IS NULL THEN ${given}
        ELSE ${given} || ' ' || ${family}
      END) STORED`.execute(db);
  await sql`DROP INDEX deadlines_worklist`.execute(db);
  await sql`CREATE INDEX deadlines_worklist ON deadlines (role, org, due_at) INCLUDE (requirement_id)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX deadlines_worklist`.execute(db);
  await sql`CREATE INDEX deadlines_worklist ON deadlines (role, org, due_at)`.execute(db);
  await sql`ALTER TABLE orders DROP COLUMN person_name`.execute(db);
}
