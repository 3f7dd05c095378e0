// Frozen: never edit after it has run anywhere; add a new migration instead.
import { type Kysely, sql } from 'kysely';

/**
 * The web pages' sessions: the browser holds a random id in a cookie, only its SHA-256 is stored here with who
 * signed in and the session's CSRF token. A session unused for the idle timeout is over; sign-out deletes it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE web_sessions (
      id_hash text PRIMARY KEY,
      sub text NOT NULL,
      role text NOT NULL,
      org text NOT NULL,
      csrf_token text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX web_sessions_last_seen_at ON web_sessions (last_seen_at)`.execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON web_sessions TO cstr_app`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE web_sessions`.execute(db);
}
