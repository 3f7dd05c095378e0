// Frozen: never edit after it has run anywhere; add a new migration instead.
import { type Kysely, sql } from 'kysely';

const GROUPINGS = ['type', 'provider', 'court', 'pdu'] as const;

/**
 * The monthly appointment and drug test sums (`kpi_monthly_sums`) summed again by each breakdown group alone:
 * the requirement's type and provider, the order's court and PDU (a region is a set of PDUs), as
 * api/reads/queries/kpis.ts groups them, so that an unfiltered report reads a row per group and month instead of
 * one per requirement. `grp` is '' where the unit has no value (a requirement with no provider). A month's units
 * nationally are the sum of its `type` rows (every unit is in one type's).
 *
 * Kept by triggers in the writer's transaction: a change to a requirement's monthly sums moves its units under
 * the requirement's and order's groups as they stand; a change of a requirement's type or provider, or of an
 * order's court or PDU (or its row written or deleted), moves the units already summed from the old groups to
 * the new. A unit counts only while its order's row exists, as the statement's join to `orders` has it. Each
 * takes a transaction lock on the order, so that a unit written while another transaction moves the order's
 * units is not left under the groups it moved from. A sum that falls to nothing is deleted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE kpi_group_sums (
      month date NOT NULL,
      fact text NOT NULL,
      category text NOT NULL,
      grouping text NOT NULL CHECK (grouping IN (${sql.join(GROUPINGS.map((g) => sql.lit(g)))})),
      grp text NOT NULL,
      num integer NOT NULL,
      den integer NOT NULL,
      PRIMARY KEY (month, fact, category, grouping, grp)
    )`.execute(db);
  await sql`
    CREATE TYPE kpi_group_unit AS (
      month date, fact text, category text, type text, provider text, court text, pdu text, num integer, den integer
    )`.execute(db);
  await sql`
    CREATE FUNCTION add_kpi_group_sums(units kpi_group_unit[]) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      d record;
      n integer;
      dn integer;
    BEGIN
      FOR d IN
        SELECT u.month, u.fact, u.category, g.grouping, COALESCE(g.grp, '') AS grp,
          sum(u.num)::int AS num, sum(u.den)::int AS den
        FROM unnest(units) AS u
        CROSS JOIN LATERAL (VALUES ('type', u.type), ('provider', u.provider), ('court', u.court), ('pdu', u.pdu))
          AS g (grouping, grp)
        GROUP BY 1, 2, 3, 4, 5 HAVING sum(u.num) <> 0 OR sum(u.den) <> 0
        ORDER BY 1, 2, 3, 4, 5
      LOOP
        INSERT INTO kpi_group_sums AS s (month, fact, category, grouping, grp, num, den)
        VALUES (d.month, d.fact, d.category, d.grouping, d.grp, d.num, d.den)
        ON CONFLICT (month, fact, category, grouping, grp)
        DO UPDATE SET num = s.num + excluded.num, den = s.den + excluded.den
        RETURNING s.num, s.den INTO n, dn;
        IF n = 0 AND dn = 0 THEN
          DELETE FROM kpi_group_sums
          WHERE month = d.month AND fact = d.fact AND category = d.category AND grouping = d.grouping AND grp = d.grp;
        END IF;
      END LOOP;
    END $$`.execute(db);
  await sql`
    CREATE FUNCTION lock_kpi_order(order_ uuid) RETURNS void LANGUAGE sql AS $$
      SELECT pg_advisory_xact_lock(hashtextextended('kpi_group_sums/' || order_::text, 0))
    $$`.execute(db);
  // A monthly sum's change, under its requirement's and order's groups as they stand.
  await sql`
    CREATE FUNCTION keep_kpi_group_sums_of_sums() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM lock_kpi_order(COALESCE(NEW.order_id, OLD.order_id));
      IF TG_OP <> 'INSERT' THEN
        PERFORM add_kpi_group_sums(ARRAY(
          SELECT ROW(OLD.month, OLD.fact, OLD.category, r.type, r.provider_org_id, o.court_code, o.pdu,
            -OLD.num, -OLD.den)::kpi_group_unit
          FROM orders o LEFT JOIN requirements r ON r.id = OLD.requirement_id WHERE o.id = OLD.order_id));
      END IF;
      IF TG_OP <> 'DELETE' THEN
        PERFORM add_kpi_group_sums(ARRAY(
          SELECT ROW(NEW.month, NEW.fact, NEW.category, r.type, r.provider_org_id, o.court_code, o.pdu,
            NEW.num, NEW.den)::kpi_group_unit
          FROM orders o LEFT JOIN requirements r ON r.id = NEW.requirement_id WHERE o.id = NEW.order_id));
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  // A requirement's units moved from its old type and provider (none while it had no row) to its new.
  await sql`
    CREATE FUNCTION keep_kpi_group_sums_of_requirement() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      id_ uuid := COALESCE(NEW.id, OLD.id);
    BEGIN
      PERFORM lock_kpi_order(s.order_id) FROM (
        SELECT DISTINCT order_id FROM kpi_monthly_sums WHERE requirement_id = id_ ORDER BY 1) s;
      PERFORM add_kpi_group_sums(ARRAY(
        SELECT ROW(s.month, s.fact, s.category, side.type, side.provider, o.court_code, o.pdu,
          side.sign * s.num, side.sign * s.den)::kpi_group_unit
        FROM kpi_monthly_sums s JOIN orders o ON o.id = s.order_id
        CROSS JOIN (VALUES
          (-1, CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.type END,
            CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.provider_org_id END),
          (1, CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.type END,
            CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.provider_org_id END)
        ) AS side (sign, type, provider)
        WHERE s.requirement_id = id_));
      RETURN NULL;
    END $$`.execute(db);
  // An order's units moved from its old court and PDU to its new (counted only while its row exists).
  await sql`
    CREATE FUNCTION keep_kpi_group_sums_of_order() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      id_ uuid := COALESCE(NEW.id, OLD.id);
    BEGIN
      PERFORM lock_kpi_order(id_);
      PERFORM add_kpi_group_sums(ARRAY(
        SELECT ROW(s.month, s.fact, s.category, r.type, r.provider_org_id, side.court, side.pdu,
          side.sign * s.num, side.sign * s.den)::kpi_group_unit
        FROM kpi_monthly_sums s LEFT JOIN requirements r ON r.id = s.requirement_id
        CROSS JOIN (
          SELECT -1, OLD.court_code, OLD.pdu WHERE TG_OP <> 'INSERT'
          UNION ALL SELECT 1, NEW.court_code, NEW.pdu WHERE TG_OP <> 'DELETE'
        ) AS side (sign, court, pdu)
        WHERE s.order_id = id_));
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER kpi_monthly_sums_group_sums AFTER INSERT OR UPDATE OR DELETE ON kpi_monthly_sums
    FOR EACH ROW EXECUTE FUNCTION keep_kpi_group_sums_of_sums()`.execute(db);
  await sql`
    CREATE TRIGGER requirements_kpi_group_sums AFTER INSERT OR DELETE ON requirements
    FOR EACH ROW EXECUTE FUNCTION keep_kpi_group_sums_of_requirement()`.execute(db);
  // The projections rewrite a requirement's and an order's row at each of their events: only a change of a
  // group moves anything.
  await sql`
    CREATE TRIGGER requirements_kpi_group_sums_update AFTER UPDATE ON requirements FOR EACH ROW
    WHEN ((OLD.type, OLD.provider_org_id) IS DISTINCT FROM (NEW.type, NEW.provider_org_id))
    EXECUTE FUNCTION keep_kpi_group_sums_of_requirement()`.execute(db);
  await sql`
    CREATE TRIGGER orders_kpi_group_sums AFTER INSERT OR DELETE ON orders
    FOR EACH ROW EXECUTE FUNCTION keep_kpi_group_sums_of_order()`.execute(db);
  await sql`
    CREATE TRIGGER orders_kpi_group_sums_update AFTER UPDATE ON orders FOR EACH ROW
    WHEN ((OLD.court_code, OLD.pdu) IS DISTINCT FROM (NEW.court_code, NEW.pdu))
    EXECUTE FUNCTION keep_kpi_group_sums_of_order()`.execute(db);
  await sql`
    INSERT INTO kpi_group_sums (month, fact, category, grouping, grp, num, den)
    SELECT s.month, s.fact, s.category, g.grouping, COALESCE(g.grp, ''), sum(s.num), sum(s.den)
    FROM kpi_monthly_sums s JOIN orders o ON o.id = s.order_id LEFT JOIN requirements r ON r.id = s.requirement_id
    CROSS JOIN LATERAL (VALUES ('type', r.type), ('provider', r.provider_org_id), ('court', o.court_code),
      ('pdu', o.pdu)) AS g (grouping, grp)
    GROUP BY 1, 2, 3, 4, 5 HAVING sum(s.num) <> 0 OR sum(s.den) <> 0`.execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON kpi_group_sums TO cstr_app`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER orders_kpi_group_sums_update ON orders`.execute(db);
  await sql`DROP TRIGGER orders_kpi_group_sums ON orders`.execute(db);
  await sql`DROP TRIGGER requirements_kpi_group_sums_update ON requirements`.execute(db);
  await sql`DROP TRIGGER requirements_kpi_group_sums ON requirements`.execute(db);
  await sql`DROP TRIGGER IF EXISTS kpi_monthly_sums_group_sums ON kpi_monthly_sums`.execute(db);
  await sql`DROP FUNCTION keep_kpi_group_sums_of_order()`.execute(db);
  await sql`DROP FUNCTION keep_kpi_group_sums_of_requirement()`.execute(db);
  await sql`DROP FUNCTION keep_kpi_group_sums_of_sums()`.execute(db);
  await sql`DROP FUNCTION lock_kpi_order(uuid)`.execute(db);
  await sql`DROP FUNCTION add_kpi_group_sums(kpi_group_unit[])`.execute(db);
  await sql`DROP TYPE kpi_group_unit`.execute(db);
  await sql`DROP TABLE kpi_group_sums`.execute(db);
}
