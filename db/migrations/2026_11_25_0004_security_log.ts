// Frozen: never edit after it has run anywhere; add a new migration instead.
import { type Kysely, sql } from 'kysely';

/**
 * Requests the API refused (401, 403, 404 out of scope or for no such object): who, what they aimed at, when.
 * Append-only like access_log; ids and codes only, never a body. The monitoring role may read it and nothing else.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE security_log (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      reason text NOT NULL
        CHECK (reason IN ('token-rejected', 'out-of-scope', 'no-such-resource', 'role-not-allowed')),
      status integer NOT NULL,
      actor_sub text,
      actor_role text,
      actor_org text,
      method text NOT NULL,
      route text NOT NULL,
      resource_type text,
      resource_id text,
      order_id uuid,
      request_id text NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX security_log_at ON security_log (at)`.execute(db);
  await sql`CREATE INDEX security_log_actor_at ON security_log (actor_sub, at) WHERE actor_sub IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX security_log_order_at ON security_log (order_id, at) WHERE order_id IS NOT NULL`.execute(
    db,
  );
  await sql`
    CREATE TRIGGER security_log_append_only BEFORE UPDATE OR DELETE ON security_log
    FOR EACH ROW EXECUTE FUNCTION forbid_change()`.execute(db);
  await sql`
    CREATE TRIGGER security_log_no_truncate BEFORE TRUNCATE ON security_log
    FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`.execute(db);
  await sql`GRANT SELECT, INSERT ON security_log TO cstr_app`.execute(db);

  await sql`
    DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cstr_monitoring') THEN
        CREATE ROLE cstr_monitoring NOLOGIN;
      END IF;
    END $$`.execute(db);
  await sql`GRANT USAGE ON SCHEMA public TO cstr_monitoring`.execute(db);
  await sql`GRANT SELECT ON security_log TO cstr_monitoring`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE security_log`.execute(db);
  await sql`REVOKE USAGE ON SCHEMA public FROM cstr_monitoring`.execute(db);
}
