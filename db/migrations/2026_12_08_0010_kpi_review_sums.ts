// Frozen: never edit after it has run anywhere; add a new migration instead.
import { type Kysely, sql } from 'kysely';

/** A review milestone's units (`r`): held on schedule and reported in time, each of the reviews counted. */
const units = (r: string) =>
  sql.raw(
    `(VALUES ('drr-reviews-on-schedule', ${r}.on_schedule), ('drr-reports-in-time', ${r}.in_time)) AS f(fact, met)`,
  );

/**
 * The DRR reviews' two facts (held on schedule, reported in time) kept with the additive sums: a review counts
 * once, in the month of its date, so its units add up over months. Every change of a review's milestone
 * (2026_12_07_0010_kpi_milestones: its date, whether it counts, was held on schedule, was reported in time, its
 * group) appends its old units negated and its new ones to `kpi_group_deltas`, under its group, in the
 * writing transaction; a report reads them with the other kept sums, folded or pending.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION append_kpi_review_deltas() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      o kpi_milestones;
      w kpi_milestones;
      has_old boolean := false;
      has_new boolean := false;
    BEGIN
      IF TG_OP <> 'INSERT' THEN
        o := OLD;
        has_old := o.kind = 'review' AND o.posted AND o.counted;
      END IF;
      IF TG_OP <> 'DELETE' THEN
        w := NEW;
        has_new := w.kind = 'review' AND w.posted AND w.counted;
      END IF;
      IF has_old AND has_new
          AND (o.scheduled, o.on_schedule, o.in_time, o.p_type, o.p_provider, o.p_court, o.p_pdu)
            IS NOT DISTINCT FROM (w.scheduled, w.on_schedule, w.in_time, w.p_type, w.p_provider, w.p_court, w.p_pdu)
      THEN
        RETURN NULL;
      END IF;
      IF has_old THEN
        INSERT INTO kpi_group_deltas (month, fact, category, type, provider, court, pdu, num, den)
        SELECT date_trunc('month', o.scheduled)::date, f.fact, '', o.p_type, o.p_provider, o.p_court, o.p_pdu,
          -f.met::int, -1
        FROM ${units('o')};
      END IF;
      IF has_new THEN
        INSERT INTO kpi_group_deltas (month, fact, category, type, provider, court, pdu, num, den)
        SELECT date_trunc('month', w.scheduled)::date, f.fact, '', w.p_type, w.p_provider, w.p_court, w.p_pdu,
          f.met::int, 1
        FROM ${units('w')};
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  // The fill: the reviews already kept, as deltas for the compactor.
  await sql`
    INSERT INTO kpi_group_deltas (month, fact, category, type, provider, court, pdu, num, den)
    SELECT date_trunc('month', r.scheduled)::date, f.fact, '', r.p_type, r.p_provider, r.p_court, r.p_pdu,
      f.met::int, 1
    FROM kpi_milestones r CROSS JOIN LATERAL ${units('r')}
    WHERE r.kind = 'review' AND r.posted AND r.counted`.execute(db);
  await sql`SELECT kpi_compact_group_deltas(2147483647)`.execute(db);
  await sql`
    CREATE TRIGGER kpi_milestones_review_deltas AFTER INSERT OR UPDATE OR DELETE ON kpi_milestones
    FOR EACH ROW EXECUTE FUNCTION append_kpi_review_deltas()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER kpi_milestones_review_deltas ON kpi_milestones`.execute(db);
  await sql`DROP FUNCTION append_kpi_review_deltas()`.execute(db);
  // What the reviews added to the sums, taken off again.
  await sql`
    INSERT INTO kpi_group_deltas (month, fact, category, type, provider, court, pdu, num, den)
    SELECT date_trunc('month', r.scheduled)::date, f.fact, '', r.p_type, r.p_provider, r.p_court, r.p_pdu,
      -f.met::int, -1
    FROM kpi_milestones r CROSS JOIN LATERAL ${units('r')}
    WHERE r.kind = 'review' AND r.posted AND r.counted`.execute(db);
  await sql`SELECT kpi_compact_group_deltas(2147483647)`.execute(db);
}
