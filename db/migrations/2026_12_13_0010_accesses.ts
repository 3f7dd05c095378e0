// Frozen: never edit after it has run anywhere; add a new migration instead.
import { type Kysely, sql } from 'kysely';

/**
 * The access log from here on: one row for each request's action on one type of resource (a worklist's read
 * of 97 requirements is one row, not 97), the resources named in `resource_ids` and each one's order at the
 * same place in `order_ids`, which a GIN index finds for a subject access request. Ids come from access_log's
 * sequence, so both tables' rows keep one order. access_log keeps every row written before, and
 * access_log_entries shows both as one row a resource, as access_log always did. Append-only like access_log.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE accesses (
      id bigint PRIMARY KEY DEFAULT nextval(pg_get_serial_sequence('access_log', 'id')::regclass),
      at timestamptz NOT NULL DEFAULT now(),
      actor_sub text NOT NULL,
      actor_role text NOT NULL,
      actor_org text NOT NULL,
      action text NOT NULL CHECK (action IN ('READ', 'WRITE')),
      resource_type text NOT NULL,
      resource_ids text[] NOT NULL,
      order_ids uuid[] NOT NULL,
      purpose text NOT NULL,
      request_id text,
      status integer,
      CHECK (cardinality(resource_ids) > 0 AND cardinality(order_ids) = cardinality(resource_ids))
    )`.execute(db);
  await sql`CREATE INDEX accesses_order_ids ON accesses USING gin (order_ids)`.execute(db);
  await sql`CREATE INDEX accesses_actor_at ON accesses (actor_sub, at)`.execute(db);
  await sql`
    CREATE TRIGGER accesses_append_only BEFORE UPDATE OR DELETE ON accesses
    FOR EACH ROW EXECUTE FUNCTION forbid_change()`.execute(db);
  await sql`
    CREATE TRIGGER accesses_no_truncate BEFORE TRUNCATE ON accesses
    FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`.execute(db);
  await sql`GRANT SELECT, INSERT ON accesses TO cstr_app`.execute(db);
  await sql`GRANT USAGE ON SEQUENCE ${sql.raw(await accessLogSequence(db))} TO cstr_app`.execute(db);

  await sql`
    CREATE VIEW access_log_entries AS
      SELECT id, at, actor_sub, actor_role, actor_org, action, resource_type, resource_id, order_id, purpose,
        request_id, status
      FROM access_log
      UNION ALL
      SELECT a.id, a.at, a.actor_sub, a.actor_role, a.actor_org, a.action, a.resource_type, r.resource_id,
        r.order_id, a.purpose, a.request_id, a.status
      FROM accesses a CROSS JOIN LATERAL unnest(a.resource_ids, a.order_ids) AS r (resource_id, order_id)`.execute(
    db,
  );
  await sql`GRANT SELECT ON access_log_entries TO cstr_app`.execute(db);
}

async function accessLogSequence(db: Kysely<unknown>): Promise<string> {
  const { rows } = await sql<{
    name: string;
  }>`SELECT pg_get_serial_sequence('access_log', 'id') AS name`.execute(db);
  return rows[0]!.name;
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP VIEW access_log_entries`.execute(db);
  await sql`DROP TABLE accesses`.execute(db);
  await sql`REVOKE USAGE ON SEQUENCE ${sql.raw(await accessLogSequence(db))} FROM cstr_app`.execute(db);
}
