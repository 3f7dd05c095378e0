// Frozen: never edit after it has run anywhere; add a new migration instead.
import { type Kysely, sql } from 'kysely';

const ATTENDED = ['ATTENDED_COMPLIED', 'ATTENDED_LATE_COMPLIED', 'ATTENDED_FAILED_TO_COMPLY'];
const PERSON_ABSENT = ['FAILED_TO_ATTEND', 'SENT_HOME_BEHAVIOUR'];
const RESULTED = ['NEGATIVE', 'POSITIVE', 'POSITIVE_PRESCRIBED'];
const list = (values: readonly string[]) => sql.join(values.map((v) => sql.lit(v)));

/**
 * The KPIs' appointment and drug test facts (attendance, DRR tests achieved, results by substance) summed per
 * requirement and London month, so that a period's statement reads a row per requirement and month instead of
 * every appointment and test. Triggers on `appointments` and `drug_tests` keep the sums in the same
 * transaction as the rows, whoever writes them (the projections, a bulk load); a row's units are what
 * `kpi_appointment_units` and `kpi_drug_test_units` say, its old units taken off and its new ones added.
 * `category` is '' where a fact has none (the substance otherwise); a sum that falls to nothing is deleted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE kpi_monthly_sums (
      month date NOT NULL,
      fact text NOT NULL,
      category text NOT NULL,
      requirement_id uuid NOT NULL,
      order_id uuid NOT NULL,
      num integer NOT NULL,
      den integer NOT NULL,
      PRIMARY KEY (month, fact, requirement_id, category)
    )`.execute(db);
  await sql`
    CREATE FUNCTION kpi_month(at timestamptz) RETURNS date LANGUAGE sql STABLE AS $$
      SELECT date_trunc('month', at AT TIME ZONE 'Europe/London')::date
    $$`.execute(db);
  await sql`
    CREATE TYPE kpi_month_unit AS (month date, fact text, category text, num integer, den integer)`.execute(
    db,
  );
  await sql`
    CREATE FUNCTION kpi_appointment_units(a appointments) RETURNS SETOF kpi_month_unit LANGUAGE sql STABLE AS $$
      SELECT kpi_month(a.start_at), 'attendance', '', (a.outcome IN (${list(ATTENDED)}))::int, 1
      WHERE a.enforceable AND a.outcome IN (${list([...ATTENDED, ...PERSON_ABSENT])})
    $$`.execute(db);
  await sql`
    CREATE FUNCTION kpi_drug_test_units(t drug_tests) RETURNS SETOF kpi_month_unit LANGUAGE sql STABLE AS $$
      SELECT kpi_month(t.due_at), 'drr-tests', '', COALESCE(t.data->>'sampleStatus' = 'COLLECTED', false)::int, 1
      WHERE t.status <> 'WITHDRAWN'
      UNION ALL
      SELECT kpi_month(t.due_at), 'drr-substance-results', COALESCE(s->>'substance', ''),
        (s->>'result' = 'NEGATIVE')::int, 1
      FROM jsonb_array_elements(
        CASE WHEN jsonb_typeof(t.data->'substances') = 'array' THEN t.data->'substances' ELSE '[]' END) AS s
      WHERE t.status <> 'WITHDRAWN' AND s->>'result' IN (${list(RESULTED)})
    $$`.execute(db);
  // Adds a row's change of units (new less old) to the sums of its requirement.
  await sql`
    CREATE FUNCTION add_kpi_sums(requirement uuid, order_ uuid, old_units kpi_month_unit[], new_units kpi_month_unit[])
    RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      d record;
      n integer;
      dn integer;
    BEGIN
      FOR d IN
        SELECT u.month, u.fact, u.category, sum(u.num)::int AS num, sum(u.den)::int AS den FROM (
          SELECT o.month, o.fact, o.category, -o.num AS num, -o.den AS den FROM unnest(old_units) AS o
          UNION ALL SELECT w.month, w.fact, w.category, w.num, w.den FROM unnest(new_units) AS w
        ) u GROUP BY 1, 2, 3 HAVING sum(u.num) <> 0 OR sum(u.den) <> 0
      LOOP
        INSERT INTO kpi_monthly_sums AS s (month, fact, category, requirement_id, order_id, num, den)
        VALUES (d.month, d.fact, d.category, requirement, order_, d.num, d.den)
        ON CONFLICT (month, fact, requirement_id, category)
        DO UPDATE SET num = s.num + excluded.num, den = s.den + excluded.den
        RETURNING s.num, s.den INTO n, dn;
        IF n = 0 AND dn = 0 THEN
          DELETE FROM kpi_monthly_sums
          WHERE month = d.month AND fact = d.fact AND requirement_id = requirement AND category = d.category;
        END IF;
      END LOOP;
    END $$`.execute(db);
  for (const [table, units] of [
    ['appointments', 'kpi_appointment_units'],
    ['drug_tests', 'kpi_drug_test_units'],
  ] as const) {
    const keep = `keep_kpi_sums_of_${table}`;
    await sql`
      CREATE FUNCTION ${sql.id(keep)}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.requirement_id IS DISTINCT FROM NEW.requirement_id THEN
          PERFORM add_kpi_sums(OLD.requirement_id, OLD.order_id,
            ARRAY(SELECT u FROM ${sql.id(units)}(OLD) u), '{}');
          PERFORM add_kpi_sums(NEW.requirement_id, NEW.order_id,
            '{}', ARRAY(SELECT u FROM ${sql.id(units)}(NEW) u));
        ELSE
          PERFORM add_kpi_sums(COALESCE(NEW.requirement_id, OLD.requirement_id), COALESCE(NEW.order_id, OLD.order_id),
            ARRAY(SELECT u FROM ${sql.id(units)}(OLD) u),
            ARRAY(SELECT u FROM ${sql.id(units)}(NEW) u));
        END IF;
        RETURN NULL;
      END $$`.execute(db);
  }
  // The projections write every row of a requirement each time it changes: only a change a unit depends on
  // reaches the sums.
  await sql`
    CREATE TRIGGER appointments_kpi_sums AFTER INSERT OR DELETE ON appointments
    FOR EACH ROW EXECUTE FUNCTION keep_kpi_sums_of_appointments()`.execute(db);
  await sql`
    CREATE TRIGGER appointments_kpi_sums_update AFTER UPDATE ON appointments FOR EACH ROW
    WHEN ((OLD.start_at, OLD.enforceable, OLD.outcome, OLD.requirement_id, OLD.order_id)
      IS DISTINCT FROM (NEW.start_at, NEW.enforceable, NEW.outcome, NEW.requirement_id, NEW.order_id))
    EXECUTE FUNCTION keep_kpi_sums_of_appointments()`.execute(db);
  await sql`
    CREATE TRIGGER drug_tests_kpi_sums AFTER INSERT OR DELETE ON drug_tests
    FOR EACH ROW EXECUTE FUNCTION keep_kpi_sums_of_drug_tests()`.execute(db);
  await sql`
    CREATE TRIGGER drug_tests_kpi_sums_update AFTER UPDATE ON drug_tests FOR EACH ROW
    WHEN ((OLD.due_at, OLD.status, OLD.data->'sampleStatus', OLD.data->'substances', OLD.requirement_id, OLD.order_id)
      IS DISTINCT FROM (NEW.due_at, NEW.status, NEW.data->'sampleStatus', NEW.data->'substances', NEW.requirement_id, NEW.order_id))
    EXECUTE FUNCTION keep_kpi_sums_of_drug_tests()`.execute(db);
  await sql`
    INSERT INTO kpi_monthly_sums (month, fact, category, requirement_id, order_id, num, den)
    SELECT month, fact, category, requirement_id, order_id, sum(num), sum(den)
    FROM (
      SELECT a.requirement_id, a.order_id, u.* FROM appointments a CROSS JOIN LATERAL kpi_appointment_units(a) u
      UNION ALL
      SELECT t.requirement_id, t.order_id, u.* FROM drug_tests t CROSS JOIN LATERAL kpi_drug_test_units(t) u
    ) units
    GROUP BY 1, 2, 3, 4, 5`.execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON kpi_monthly_sums TO cstr_app`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER appointments_kpi_sums ON appointments`.execute(db);
  await sql`DROP TRIGGER appointments_kpi_sums_update ON appointments`.execute(db);
  await sql`DROP TRIGGER drug_tests_kpi_sums ON drug_tests`.execute(db);
  await sql`DROP TRIGGER drug_tests_kpi_sums_update ON drug_tests`.execute(db);
  await sql`DROP FUNCTION keep_kpi_sums_of_appointments()`.execute(db);
  await sql`DROP FUNCTION keep_kpi_sums_of_drug_tests()`.execute(db);
  await sql`DROP FUNCTION add_kpi_sums(uuid, uuid, kpi_month_unit[], kpi_month_unit[])`.execute(db);
  await sql`DROP FUNCTION kpi_drug_test_units(drug_tests)`.execute(db);
  await sql`DROP FUNCTION kpi_appointment_units(appointments)`.execute(db);
  await sql`DROP FUNCTION kpi_month(timestamptz)`.execute(db);
  await sql`DROP TYPE kpi_month_unit`.execute(db);
  await sql`DROP TABLE kpi_monthly_sums`.execute(db);
}
