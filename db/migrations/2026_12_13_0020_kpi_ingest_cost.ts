// Frozen: never edit after it has run anywhere; add a new migration instead.
import { type Kysely, sql } from 'kysely';

const TABLES = [
  { table: 'appointments', units: 'kpi_appointment_units' },
  { table: 'drug_tests', units: 'kpi_drug_test_units' },
] as const;
const keep = (table: string) => sql.id(`keep_kpi_sums_of_${table}_written`);

/**
 * The appointment and drug test sums (2026_12_06_0050_kpi_monthly_sums) kept once a statement for the rows it
 * inserts or deletes, where a trigger per row upserted each row's units one by one: what a bulk load of the year
 * spent most of its Postgres time on (bench/README, "ingest-edge"). A statement of thousands of rows now
 * upserts each requirement's month once, and the ledger's own triggers (its group, its deltas) fire once for
 * it. The sums are the same; `kpi_group_deltas` gets a statement's change of a sum as one delta where it got
 * one per row, which is what its compaction adds up. An update still goes row by row (`*_kpi_sums_update`,
 * unchanged): the projections rewrite a requirement's rows, and only the few whose units change reach the sums.
 * Nothing is filled: the sums kept so far are these.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const { table, units } of TABLES) {
    // A sum that falls to nothing is deleted, as add_kpi_sums does. A requirement is one order's.
    await sql`
      CREATE FUNCTION ${keep(table)}() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        direction integer := CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
        z record;
      BEGIN
        FOR z IN
          WITH upserted AS (
            INSERT INTO kpi_monthly_sums AS s (month, fact, category, requirement_id, order_id, num, den)
            SELECT u.month, u.fact, u.category, w.requirement_id, w.order_id,
              direction * sum(u.num), direction * sum(u.den)
            FROM written w CROSS JOIN LATERAL ${sql.id(units)}(ROW(w.*)::${sql.id(table)}) u
            GROUP BY 1, 2, 3, 4, 5 HAVING sum(u.num) <> 0 OR sum(u.den) <> 0
            ON CONFLICT (month, fact, requirement_id, category)
            DO UPDATE SET num = s.num + excluded.num, den = s.den + excluded.den
            RETURNING s.month, s.fact, s.category, s.requirement_id, s.num, s.den
          )
          SELECT * FROM upserted WHERE num = 0 AND den = 0
        LOOP
          DELETE FROM kpi_monthly_sums
          WHERE month = z.month AND fact = z.fact AND requirement_id = z.requirement_id AND category = z.category;
        END LOOP;
        RETURN NULL;
      END $$`.execute(db);
    await sql`DROP TRIGGER ${sql.id(`${table}_kpi_sums`)} ON ${sql.id(table)}`.execute(db);
    await sql`
      CREATE TRIGGER ${sql.id(`${table}_kpi_sums`)} AFTER INSERT ON ${sql.id(table)}
      REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION ${keep(table)}()`.execute(db);
    await sql`
      CREATE TRIGGER ${sql.id(`${table}_kpi_sums_deleted`)} AFTER DELETE ON ${sql.id(table)}
      REFERENCING OLD TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION ${keep(table)}()`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const { table } of TABLES) {
    await sql`DROP TRIGGER ${sql.id(`${table}_kpi_sums_deleted`)} ON ${sql.id(table)}`.execute(db);
    await sql`DROP TRIGGER ${sql.id(`${table}_kpi_sums`)} ON ${sql.id(table)}`.execute(db);
    await sql`
      CREATE TRIGGER ${sql.id(`${table}_kpi_sums`)} AFTER INSERT OR DELETE ON ${sql.id(table)}
      FOR EACH ROW EXECUTE FUNCTION ${sql.id(`keep_kpi_sums_of_${table}`)}()`.execute(db);
    await sql`DROP FUNCTION ${keep(table)}()`.execute(db);
  }
}
