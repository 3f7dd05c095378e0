// Frozen: never edit after it has run anywhere; add a new migration instead.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cstr_app') THEN
        CREATE ROLE cstr_app NOLOGIN;
      END IF;
    END $$`.execute(db);
  await sql`GRANT USAGE ON SCHEMA public TO cstr_app`.execute(db);

  await sql`
    CREATE FUNCTION forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);

  await sql`
    CREATE TABLE events (
      seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
      id uuid PRIMARY KEY,
      order_id uuid NOT NULL,
      requirement_id uuid,
      type text NOT NULL,
      payload jsonb NOT NULL,
      actor_sub text NOT NULL,
      actor_role text NOT NULL,
      actor_org text NOT NULL,
      occurred_at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX events_order_seq ON events (order_id, seq)`.execute(db);
  await sql`CREATE INDEX events_requirement_seq ON events (requirement_id, seq) WHERE requirement_id IS NOT NULL`.execute(
    db,
  );

  await sql`
    CREATE TABLE access_log (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      actor_sub text NOT NULL,
      actor_role text NOT NULL,
      actor_org text NOT NULL,
      action text NOT NULL CHECK (action IN ('READ', 'WRITE')),
      resource_type text NOT NULL,
      resource_id text NOT NULL,
      order_id uuid,
      purpose text NOT NULL,
      request_id text,
      status integer
    )`.execute(db);
  await sql`CREATE INDEX access_log_order_at ON access_log (order_id, at) WHERE order_id IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX access_log_actor_at ON access_log (actor_sub, at)`.execute(db);

  for (const table of ['events', 'access_log']) {
    await sql`
      CREATE TRIGGER ${sql.id(`${table}_append_only`)} BEFORE UPDATE OR DELETE ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION forbid_change()`.execute(db);
    await sql`
      CREATE TRIGGER ${sql.id(`${table}_no_truncate`)} BEFORE TRUNCATE ON ${sql.table(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`.execute(db);
    await sql`GRANT SELECT, INSERT ON ${sql.table(table)} TO cstr_app`.execute(db);
  }

  await sql`
    CREATE TABLE idempotency_keys (
      client_id text NOT NULL,
      key text NOT NULL,
      request_fingerprint text NOT NULL,
      state text NOT NULL CHECK (state IN ('IN_FLIGHT', 'DONE')),
      response_status integer,
      response_body jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      completed_at timestamptz,
      PRIMARY KEY (client_id, key)
    )`.execute(db);
  await sql`CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at)`.execute(db);

  await sql`
    CREATE TABLE notifications (
      id uuid PRIMARY KEY,
      kind text NOT NULL,
      recipient_role text NOT NULL,
      recipient_org text NOT NULL,
      order_id uuid,
      requirement_id uuid,
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      delivered_at timestamptz,
      last_error text
    )`.execute(db);
  await sql`CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE delivered_at IS NULL`.execute(
    db,
  );
  await sql`CREATE INDEX notifications_recipient ON notifications (recipient_role, recipient_org, created_at)`.execute(
    db,
  );

  for (const table of ['idempotency_keys', 'notifications']) {
    await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ${sql.table(table)} TO cstr_app`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['notifications', 'idempotency_keys', 'access_log', 'events']) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
  await sql`DROP FUNCTION forbid_change()`.execute(db);
}
