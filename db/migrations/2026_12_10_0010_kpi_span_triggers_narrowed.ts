// Frozen: never edit after it has run anywhere; add a new migration instead.
import { type Kysely, sql } from 'kysely';

/** A requirement milestone's columns its first-month units (proposed, suitable and consented) are made of. */
const requirementUnits = (row: 'OLD' | 'NEW') =>
  sql.raw(`(${row}.order_id, ${row}.posted, ${row}.proposed, ${row}.suitable_consented,
    date_trunc('month', ${row}.sentenced), ${row}.p_type, ${row}.p_provider, ${row}.p_court, ${row}.p_pdu)`);
/** An order milestone's columns its span units (in force, its warnings) are made of. */
const orderUnits = (row: 'OLD' | 'NEW') =>
  sql.raw(`(${row}.posted, date_trunc('month', ${row}.sentenced), date_trunc('month', ${row}.ended_on),
    ${row}.p_type, ${row}.p_provider, ${row}.p_court, ${row}.p_pdu)`);

/**
 * The month-span triggers on `kpi_milestones` (2026_12_09_0010_kpi_span_sums, 0011_kpi_first_month_spans) fired
 * only by the rows that can change a unit, and the first-month units appended by a `plpgsql` function whose
 * statements are planned once a session, where the `LANGUAGE sql` functions of 0011 were planned on every call
 * (a bulk load spent more time in them than in any other KPI trigger). What is kept is unchanged, so nothing is
 * filled:
 *
 * - the spans of an order milestone: on its insert or delete, and on an update of its posting, sentence or end
 *   month or group (a requirement's or a review's row never has any);
 * - the first-month units: on a requirement's or an order's insert or delete (a review's row has none), on an
 *   update of a requirement's order, posting, proposals, suitability, sentence month or group, and of an order's
 *   decided days.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // The first day of each month a multirange of days has a day in, in order, each once.
  await sql`
    CREATE FUNCTION kpi_months_of(days datemultirange) RETURNS date[] LANGUAGE plpgsql IMMUTABLE AS $$
    DECLARE
      span daterange;
      month date;
      months date[] := '{}';
    BEGIN
      FOR span IN SELECT unnest(days) LOOP
        month := date_trunc('month', lower(span));
        WHILE month < upper(span) LOOP
          IF months[cardinality(months)] IS DISTINCT FROM month THEN months := months || month; END IF;
          month := month + interval '1 month';
        END LOOP;
      END LOOP;
      RETURN months;
    END $$`.execute(db);
  // A requirement milestone's first-month units (as kpi_proposed_spans and kpi_suitable_spans of 0011 give
  // them), its proposals' only when asked, under its posted group, times sign.
  await sql`
    CREATE FUNCTION append_kpi_first_month_units(m kpi_milestones, decided datemultirange, proposals boolean,
      sign integer) RETURNS void
    LANGUAGE plpgsql AS $$
    DECLARE
      months date[];
      sentenced date := date_trunc('month', m.sentenced);
    BEGIN
      IF m.kind <> 'requirement' OR NOT m.posted THEN RETURN; END IF;
      IF proposals AND m.proposed IS NOT NULL THEN
        months := kpi_months_of(m.proposed);
        INSERT INTO kpi_span_deltas (fact, since, until, previous, type, provider, court, pdu, num, den)
        SELECT 'proposed', month, month, COALESCE(months[i::int - 1], '-infinity'),
          m.p_type, m.p_provider, m.p_court, m.p_pdu, sign, 0
        FROM unnest(months) WITH ORDINALITY AS x(month, i);
      END IF;
      IF m.suitable_consented AND decided IS NOT NULL THEN
        months := kpi_months_of(decided);
        INSERT INTO kpi_span_deltas (fact, since, until, previous, type, provider, court, pdu, num, den)
        SELECT 'suitable-consented', u.since, u.until, COALESCE(months[i::int - 1], '-infinity'),
          m.p_type, m.p_provider, m.p_court, m.p_pdu, sign * u.num, sign * u.den
        FROM unnest(months) WITH ORDINALITY AS x(month, i) CROSS JOIN LATERAL (VALUES
          (month, month, 0, 1),
          (GREATEST(month, sentenced), LEAST(month, sentenced), 1, 0)) AS u(since, until, num, den)
        WHERE u.den = 1 OR sentenced IS NOT NULL;
      END IF;
    END $$`.execute(db);
  // As append_kpi_first_month_deltas of 0011, by the function above; its triggers' WHEN clauses pick the rows.
  await sql`
    CREATE FUNCTION append_kpi_first_month_units_of_milestone() RETURNS trigger LANGUAGE plpgsql AS $$
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
          PERFORM append_kpi_first_month_units(o,
            (SELECT decided FROM kpi_milestones WHERE owner = o.order_id AND kind = 'order'), true, -1);
        END IF;
        IF w.kind = 'requirement' THEN
          PERFORM append_kpi_first_month_units(w,
            (SELECT decided FROM kpi_milestones WHERE owner = w.order_id AND kind = 'order'), true, 1);
        END IF;
      END IF;
      IF 'order' IN (o.kind, w.kind) AND (o.kind, o.decided) IS DISTINCT FROM (w.kind, w.decided) THEN
        FOR r IN SELECT * FROM kpi_milestones
          WHERE order_id = COALESCE(w.owner, o.owner) AND kind = 'requirement' AND posted AND suitable_consented
        LOOP
          PERFORM append_kpi_first_month_units(r, o.decided, false, -1);
          PERFORM append_kpi_first_month_units(r, w.decided, false, 1);
        END LOOP;
      END IF;
      RETURN NULL;
    END $$`.execute(db);

  await sql`DROP TRIGGER kpi_milestones_span_deltas ON kpi_milestones`.execute(db);
  await sql`DROP TRIGGER kpi_milestones_first_month_deltas ON kpi_milestones`.execute(db);
  await sql`
    CREATE TRIGGER kpi_milestones_span_deltas AFTER INSERT ON kpi_milestones FOR EACH ROW
    WHEN (NEW.kind = 'order') EXECUTE FUNCTION append_kpi_span_deltas_of_milestone()`.execute(db);
  await sql`
    CREATE TRIGGER kpi_milestones_span_deltas_deleted AFTER DELETE ON kpi_milestones FOR EACH ROW
    WHEN (OLD.kind = 'order') EXECUTE FUNCTION append_kpi_span_deltas_of_milestone()`.execute(db);
  await sql`
    CREATE TRIGGER kpi_milestones_span_deltas_updated AFTER UPDATE ON kpi_milestones FOR EACH ROW
    WHEN (OLD.kind <> NEW.kind OR NEW.kind = 'order' AND ${orderUnits('OLD')} IS DISTINCT FROM ${orderUnits('NEW')})
    EXECUTE FUNCTION append_kpi_span_deltas_of_milestone()`.execute(db);
  await sql`
    CREATE TRIGGER kpi_milestones_first_month_deltas AFTER INSERT ON kpi_milestones FOR EACH ROW
    WHEN (NEW.kind <> 'review') EXECUTE FUNCTION append_kpi_first_month_units_of_milestone()`.execute(db);
  await sql`
    CREATE TRIGGER kpi_milestones_first_month_deltas_deleted AFTER DELETE ON kpi_milestones FOR EACH ROW
    WHEN (OLD.kind <> 'review') EXECUTE FUNCTION append_kpi_first_month_units_of_milestone()`.execute(db);
  await sql`
    CREATE TRIGGER kpi_milestones_first_month_deltas_updated AFTER UPDATE ON kpi_milestones FOR EACH ROW
    WHEN (OLD.kind <> NEW.kind
      OR NEW.kind = 'requirement' AND ${requirementUnits('OLD')} IS DISTINCT FROM ${requirementUnits('NEW')}
      OR NEW.kind = 'order' AND OLD.decided IS DISTINCT FROM NEW.decided)
    EXECUTE FUNCTION append_kpi_first_month_units_of_milestone()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const trigger of [
    'kpi_milestones_span_deltas',
    'kpi_milestones_span_deltas_deleted',
    'kpi_milestones_span_deltas_updated',
    'kpi_milestones_first_month_deltas',
    'kpi_milestones_first_month_deltas_deleted',
    'kpi_milestones_first_month_deltas_updated',
  ])
    await sql`DROP TRIGGER ${sql.id(trigger)} ON kpi_milestones`.execute(db);
  await sql`DROP FUNCTION append_kpi_first_month_units_of_milestone()`.execute(db);
  await sql`DROP FUNCTION append_kpi_first_month_units(kpi_milestones, datemultirange, boolean, integer)`.execute(
    db,
  );
  await sql`DROP FUNCTION kpi_months_of(datemultirange)`.execute(db);
  await sql`
    CREATE TRIGGER kpi_milestones_span_deltas AFTER INSERT OR UPDATE OR DELETE ON kpi_milestones
    FOR EACH ROW EXECUTE FUNCTION append_kpi_span_deltas_of_milestone()`.execute(db);
  await sql`
    CREATE TRIGGER kpi_milestones_first_month_deltas AFTER INSERT OR UPDATE OR DELETE ON kpi_milestones
    FOR EACH ROW EXECUTE FUNCTION append_kpi_first_month_deltas()`.execute(db);
}
