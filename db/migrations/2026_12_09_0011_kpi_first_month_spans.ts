// Frozen: never edit after it has run anywhere; add a new migration instead.
import { type Kysely, sql } from 'kysely';

/** The months a multirange of days has a day in, each once. */
const monthsOf = (days: string) =>
  sql.raw(`(SELECT DISTINCT g::date AS month FROM unnest(${days}) AS x,
    generate_series(date_trunc('month', lower(x)), date_trunc('month', upper(x) - 1), interval '1 month') AS g)`);

/**
 * Proposed, and suitable-and-consented, kept with the month spans of 2026_12_09_0010_kpi_span_sums: a unit that
 * counts once in a period whatever number of its months fall in it is kept at each of its months m with the one
 * before it, p (-infinity for its first), as (m, m, p): in a period of whole months only its first month in the
 * period has p before the period's start, so it counts exactly once in any range of months.
 *
 * - Proposed: a requirement's milestone's proposal days (`proposed`), by month.
 * - Suitable and consented: a requirement whose latest assessment is suitable with consent given, counted in
 *   the periods its order's case was sentenced in (the order milestone's `decided`), by month; and imposed in
 *   the period when its own sentence month s is in it too: (greatest(m, s), least(m, s), p).
 *
 * A change of a requirement's milestone (its proposals, its suitability, its sentence month, its order, its
 * group or posting) appends its old units negated and its new ones under its order's `decided` as it stands; a
 * change of an order's `decided` does the same for its suitable and consented requirements. Both in the writing
 * transaction, under the requirement's posted group.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION kpi_proposed_spans(m kpi_milestones)
    RETURNS TABLE (fact text, since date, until date, previous date, num integer, den integer)
    LANGUAGE sql IMMUTABLE AS $$
      SELECT 'proposed', month, month, lag(month, 1, '-infinity') OVER (ORDER BY month), 1, 0
      FROM ${monthsOf('m.proposed')} months
      WHERE m.kind = 'requirement' AND m.posted
    $$`.execute(db);
  await sql`
    CREATE FUNCTION kpi_suitable_spans(m kpi_milestones, decided datemultirange)
    RETURNS TABLE (fact text, since date, until date, previous date, num integer, den integer)
    LANGUAGE sql IMMUTABLE AS $$
      WITH spans AS (
        SELECT month, lag(month, 1, '-infinity') OVER (ORDER BY month) AS previous
        FROM ${monthsOf('decided')} months
        WHERE m.kind = 'requirement' AND m.posted AND m.suitable_consented
      )
      SELECT 'suitable-consented', month, month, previous, 0, 1 FROM spans
      UNION ALL
      SELECT 'suitable-consented', GREATEST(month, s), LEAST(month, s), previous, 1, 0
      FROM spans, (SELECT date_trunc('month', m.sentenced)::date AS s) sentenced
      WHERE s IS NOT NULL
    $$`.execute(db);
  await sql`
    CREATE FUNCTION append_kpi_span_deltas(m kpi_milestones, decided datemultirange, proposals boolean,
      sign integer) RETURNS void
    LANGUAGE sql AS $$
      INSERT INTO kpi_span_deltas (fact, since, until, previous, type, provider, court, pdu, num, den)
      SELECT u.fact, u.since, u.until, u.previous, m.p_type, m.p_provider, m.p_court, m.p_pdu,
        sign * u.num, sign * u.den
      FROM (
        SELECT * FROM kpi_proposed_spans(m) WHERE proposals
        UNION ALL
        SELECT * FROM kpi_suitable_spans(m, decided)
      ) u
    $$`.execute(db);
  await sql`
    CREATE FUNCTION append_kpi_first_month_deltas() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      o kpi_milestones;
      w kpi_milestones;
      r kpi_milestones;
    BEGIN
      IF TG_OP <> 'INSERT' THEN o := OLD; END IF;
      IF TG_OP <> 'DELETE' THEN w := NEW; END IF;
      IF 'requirement' IN (o.kind, w.kind) AND (o.kind, o.order_id, o.posted, o.proposed, o.suitable_consented,
          date_trunc('month', o.sentenced), o.p_type, o.p_provider, o.p_court, o.p_pdu)
        IS DISTINCT FROM (w.kind, w.order_id, w.posted, w.proposed, w.suitable_consented,
          date_trunc('month', w.sentenced), w.p_type, w.p_provider, w.p_court, w.p_pdu) THEN
        IF o.kind = 'requirement' THEN
          PERFORM append_kpi_span_deltas(o,
            (SELECT decided FROM kpi_milestones WHERE owner = o.order_id AND kind = 'order'), true, -1);
        END IF;
        IF w.kind = 'requirement' THEN
          PERFORM append_kpi_span_deltas(w,
            (SELECT decided FROM kpi_milestones WHERE owner = w.order_id AND kind = 'order'), true, 1);
        END IF;
      END IF;
      IF 'order' IN (o.kind, w.kind) AND (o.kind, o.decided) IS DISTINCT FROM (w.kind, w.decided) THEN
        FOR r IN SELECT * FROM kpi_milestones
          WHERE order_id = COALESCE(w.owner, o.owner) AND kind = 'requirement' AND posted AND suitable_consented
        LOOP
          PERFORM append_kpi_span_deltas(r, o.decided, false, -1);
          PERFORM append_kpi_span_deltas(r, w.decided, false, 1);
        END LOOP;
      END IF;
      RETURN NULL;
    END $$`.execute(db);

  // The fill: the requirements' milestones already kept, under their orders' decided days.
  await sql`
    SELECT append_kpi_span_deltas(r,
      (SELECT decided FROM kpi_milestones o WHERE o.owner = r.order_id AND o.kind = 'order'), true, 1)
    FROM kpi_milestones r WHERE kind = 'requirement' AND posted`.execute(db);
  await sql`SELECT kpi_compact_span_deltas(2147483647)`.execute(db);

  await sql`
    CREATE TRIGGER kpi_milestones_first_month_deltas AFTER INSERT OR UPDATE OR DELETE ON kpi_milestones
    FOR EACH ROW EXECUTE FUNCTION append_kpi_first_month_deltas()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER kpi_milestones_first_month_deltas ON kpi_milestones`.execute(db);
  await sql`DROP FUNCTION append_kpi_first_month_deltas()`.execute(db);
  // What these units added to the spans, taken off again.
  await sql`
    SELECT append_kpi_span_deltas(r,
      (SELECT decided FROM kpi_milestones o WHERE o.owner = r.order_id AND o.kind = 'order'), true, -1)
    FROM kpi_milestones r WHERE kind = 'requirement' AND posted`.execute(db);
  await sql`SELECT kpi_compact_span_deltas(2147483647)`.execute(db);
  await sql`DROP FUNCTION append_kpi_span_deltas(kpi_milestones, datemultirange, boolean, integer)`.execute(
    db,
  );
  await sql`DROP FUNCTION kpi_suitable_spans(kpi_milestones, datemultirange)`.execute(db);
  await sql`DROP FUNCTION kpi_proposed_spans(kpi_milestones)`.execute(db);
}
