// Frozen: never edit after it has run anywhere; add a new migration instead.
import { type Kysely, sql } from 'kysely';

/**
 * Facts that count a unit in every period it overlaps, kept per group as counts of month spans, so that any
 * period of whole months [from, to) reads them without a row per unit: a unit at (since, until, previous)
 * counts in it when `since < to AND until >= from AND previous < from`.
 *
 * - Warnings per 100 orders in force: an order sentenced in month s and ended in month e (`infinity` while in
 *   force) is one order in force at (s, e, -infinity); a warning given to it in month g is one warning at
 *   (greatest(s, g), least(e, g), -infinity), which counts exactly when g is in the period and the order in
 *   force in it. Both come from the order's milestone (2026_12_07_0010_kpi_milestones: its first sentence, its
 *   earliest ending, its posted group) and its `WarningGiven` events: a change of the milestone's months, group
 *   or posting appends its old units negated and its new ones, and a warning written appends its own, in the
 *   writing transaction, under the milestone's group.
 * - As the kept sums do (2026_12_06_0070_kpi_kept_sums): writers only append to `kpi_span_deltas`;
 *   `kpi_compact_span_deltas()` folds them into `kpi_span_sums` per dimension's value, one caller at a time,
 *   and a report reads the folded rows and the pending deltas in its one statement.
 *
 * The rows stay bounded per group and fact: an order's span is its sentence and end months (a community order
 * lasts at most three years, so at most 37 end months, and `infinity`, per sentence month), and a warning given
 * while its order is in force is at (g, g), one row per month.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE kpi_span_deltas (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      fact text NOT NULL,
      since date NOT NULL,
      until date NOT NULL,
      previous date NOT NULL,
      type text, provider text, court text, pdu text,
      num integer NOT NULL,
      den integer NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX kpi_span_deltas_until ON kpi_span_deltas (until)`.execute(db);
  await sql`
    CREATE TABLE kpi_span_sums (
      fact text NOT NULL,
      since date NOT NULL,
      until date NOT NULL,
      previous date NOT NULL,
      dimension text NOT NULL CHECK (dimension IN ('all', 'type', 'provider', 'court', 'pdu')),
      value text NOT NULL,
      num integer NOT NULL,
      den integer NOT NULL,
      PRIMARY KEY (fact, since, until, previous, dimension, value)
    )`.execute(db);
  await sql`CREATE INDEX kpi_span_sums_until ON kpi_span_sums (until)`.execute(db);

  // An order milestone's units: the order in force, and its warnings by the month given.
  await sql`
    CREATE FUNCTION kpi_span_units_of_order(m kpi_milestones)
    RETURNS TABLE (fact text, since date, until date, previous date, num integer, den integer)
    LANGUAGE sql STABLE AS $$
      WITH o AS (
        SELECT date_trunc('month', m.sentenced)::date AS s,
          COALESCE(date_trunc('month', m.ended_on)::date, 'infinity') AS e
        WHERE m.kind = 'order' AND m.posted AND m.sentenced IS NOT NULL
      )
      SELECT 'warnings', s, e, '-infinity'::date, 0, 1 FROM o
      UNION ALL
      SELECT 'warnings', GREATEST(o.s, w.g), LEAST(o.e, w.g), '-infinity'::date, count(*)::int, 0
      FROM o, (
        SELECT date_trunc('month', (payload->>'givenOn')::date)::date AS g FROM kpi_events
        WHERE type = 'WarningGiven' AND order_id = m.owner AND payload->>'givenOn' IS NOT NULL
      ) w
      GROUP BY 2, 3
    $$`.execute(db);
  await sql`
    CREATE FUNCTION append_kpi_span_deltas_of_order(m kpi_milestones, sign integer) RETURNS void
    LANGUAGE sql AS $$
      INSERT INTO kpi_span_deltas (fact, since, until, previous, type, provider, court, pdu, num, den)
      SELECT u.fact, u.since, u.until, u.previous, m.p_type, m.p_provider, m.p_court, m.p_pdu,
        sign * u.num, sign * u.den
      FROM kpi_span_units_of_order(m) u
    $$`.execute(db);
  await sql`
    CREATE FUNCTION append_kpi_span_deltas_of_milestone() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      o kpi_milestones;
      w kpi_milestones;
    BEGIN
      IF TG_OP <> 'INSERT' THEN o := OLD; END IF;
      IF TG_OP <> 'DELETE' THEN w := NEW; END IF;
      IF (o.kind, o.posted, date_trunc('month', o.sentenced), date_trunc('month', o.ended_on),
          o.p_type, o.p_provider, o.p_court, o.p_pdu)
        IS NOT DISTINCT FROM (w.kind, w.posted, date_trunc('month', w.sentenced), date_trunc('month', w.ended_on),
          w.p_type, w.p_provider, w.p_court, w.p_pdu) THEN
        RETURN NULL;
      END IF;
      IF o.kind = 'order' THEN PERFORM append_kpi_span_deltas_of_order(o, -1); END IF;
      IF w.kind = 'order' THEN PERFORM append_kpi_span_deltas_of_order(w, 1); END IF;
      RETURN NULL;
    END $$`.execute(db);
  // A warning, under its order's milestone as it stands (none while the order has no sentence or group).
  await sql`
    CREATE FUNCTION append_kpi_span_deltas_of_warning() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO kpi_span_deltas (fact, since, until, previous, type, provider, court, pdu, num, den)
      SELECT 'warnings', GREATEST(s, g), LEAST(e, g), '-infinity', p_type, p_provider, p_court, p_pdu, 1, 0
      FROM (
        SELECT date_trunc('month', sentenced)::date AS s,
          COALESCE(date_trunc('month', ended_on)::date, 'infinity') AS e,
          date_trunc('month', (NEW.payload->>'givenOn')::date)::date AS g, p_type, p_provider, p_court, p_pdu
        FROM kpi_milestones
        WHERE owner = NEW.order_id AND kind = 'order' AND posted AND sentenced IS NOT NULL
      ) m
      WHERE g IS NOT NULL;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE FUNCTION kpi_compact_span_deltas(most integer DEFAULT 100000) RETURNS integer LANGUAGE plpgsql AS $$
    DECLARE folded integer;
    BEGIN
      IF NOT pg_try_advisory_xact_lock(hashtext('kpi_compact_span_deltas')) THEN RETURN 0; END IF;
      WITH moved AS (
        DELETE FROM kpi_span_deltas
        WHERE id IN (SELECT id FROM kpi_span_deltas ORDER BY id LIMIT most) RETURNING *
      ),
      added AS (
        INSERT INTO kpi_span_sums AS s (fact, since, until, previous, dimension, value, num, den)
        SELECT m.fact, m.since, m.until, m.previous, d.dimension, COALESCE(d.value, ''), sum(m.num), sum(m.den)
        FROM moved m CROSS JOIN LATERAL (VALUES ('all', NULL), ('type', m.type), ('provider', m.provider),
          ('court', m.court), ('pdu', m.pdu)) AS d(dimension, value)
        GROUP BY 1, 2, 3, 4, 5, 6
        ON CONFLICT (fact, since, until, previous, dimension, value)
        DO UPDATE SET num = s.num + excluded.num, den = s.den + excluded.den
      )
      SELECT count(*) INTO folded FROM moved;
      RETURN folded;
    END $$`.execute(db);

  // The fill: the orders' milestones already kept, with their warnings.
  await sql`
    SELECT append_kpi_span_deltas_of_order(m, 1) FROM kpi_milestones m
    WHERE kind = 'order' AND posted AND sentenced IS NOT NULL`.execute(db);
  await sql`SELECT kpi_compact_span_deltas(2147483647)`.execute(db);

  await sql`
    CREATE TRIGGER kpi_milestones_span_deltas AFTER INSERT OR UPDATE OR DELETE ON kpi_milestones
    FOR EACH ROW EXECUTE FUNCTION append_kpi_span_deltas_of_milestone()`.execute(db);
  await sql`
    CREATE TRIGGER kpi_events_warning_spans AFTER INSERT ON kpi_events FOR EACH ROW
    WHEN (NEW.type = 'WarningGiven')
    EXECUTE FUNCTION append_kpi_span_deltas_of_warning()`.execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON kpi_span_deltas, kpi_span_sums TO cstr_app`.execute(db);
  await sql`GRANT USAGE ON SEQUENCE kpi_span_deltas_id_seq TO cstr_app`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER kpi_events_warning_spans ON kpi_events`.execute(db);
  await sql`DROP TRIGGER kpi_milestones_span_deltas ON kpi_milestones`.execute(db);
  await sql`DROP FUNCTION kpi_compact_span_deltas(integer)`.execute(db);
  await sql`DROP FUNCTION append_kpi_span_deltas_of_warning()`.execute(db);
  await sql`DROP FUNCTION append_kpi_span_deltas_of_milestone()`.execute(db);
  await sql`DROP FUNCTION append_kpi_span_deltas_of_order(kpi_milestones, integer)`.execute(db);
  await sql`DROP FUNCTION kpi_span_units_of_order(kpi_milestones)`.execute(db);
  await sql`DROP TABLE kpi_span_deltas, kpi_span_sums`.execute(db);
}
