// Frozen: never edit after it has run anywhere; add a new migration instead.
import { type Kysely, type RawBuilder, sql } from 'kysely';

/** The appointment trigger's function, recomputing the milestones whose first session names `named`. */
const refreshOfAppointment = (named: RawBuilder<unknown>) => sql`
  CREATE OR REPLACE FUNCTION refresh_kpi_milestones_of_appointment() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE m record;
  BEGIN
    FOR m IN SELECT owner, order_id FROM kpi_milestones WHERE ${named} LOOP
      PERFORM refresh_kpi_milestone('requirement', m.owner, m.order_id, m.owner);
    END LOOP;
    RETURN NULL;
  END $$`;

/**
 * An appointment whose id changes is no longer the one a first session names, and another may now be: the
 * milestones naming its old id are recomputed too (2026_12_07_0010 recomputed only those naming the new one,
 * leaving a requirement's first session dated by an appointment row that no longer had its id).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await refreshOfAppointment(sql`started_appointment IN (OLD.id, NEW.id)`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await refreshOfAppointment(sql`started_appointment = COALESCE(NEW.id, OLD.id)`).execute(db);
}
