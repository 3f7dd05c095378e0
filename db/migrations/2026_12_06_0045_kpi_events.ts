// Frozen: never edit after it has run anywhere; add a new migration instead.
import { type Kysely, sql } from 'kysely';

/** The event types the KPI statement (api/reads/queries/kpis.ts) reads. */
const KPI_EVENT_TYPES = [
  'OrderMade',
  'SentenceRecorded',
  'ProposalSubmitted',
  'AssessmentCompleted',
  'ConsentRecorded',
  'InductionCompleted',
  'TreatmentStarted',
  'WarningGiven',
  'ReferredToEnforcementOfficer',
  'BreachDealtWith',
  'IncidentDecided',
  'OrderEnded',
  'ReviewScheduled',
  'ReviewHeld',
  'ReviewAdjourned',
  'ReviewReportSubmitted',
  'ReviewReportOverdue',
];

/**
 * The KPIs' events, narrow and by the day they count on: a copy of each event of the types the KPI statement
 * reads (a few in a hundred of all events), written by a trigger with the event in the same transaction, so
 * that every writer of events (the persist activity, a bulk load) keeps it; `day` is the date a period takes
 * the event by (the sentence's, the warning's, the ending's …; else the London day it occurred).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE kpi_events (
      seq bigint PRIMARY KEY,
      order_id uuid NOT NULL,
      requirement_id uuid,
      type text NOT NULL,
      day date NOT NULL,
      occurred_at timestamptz NOT NULL,
      payload jsonb NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX kpi_events_type_day ON kpi_events (type, day)`.execute(db);
  await sql`CREATE INDEX kpi_events_type_order ON kpi_events (type, order_id)`.execute(db);
  await sql`CREATE INDEX kpi_events_type_requirement ON kpi_events (type, requirement_id)`.execute(db);
  await sql`
    CREATE FUNCTION kpi_event_day(type text, payload jsonb, occurred_at timestamptz) RETURNS date
    LANGUAGE sql STABLE AS $$
      SELECT COALESCE(
        (payload->>CASE type
          WHEN 'OrderMade' THEN 'sentenceDate'
          WHEN 'InductionCompleted' THEN 'completedOn'
          WHEN 'WarningGiven' THEN 'givenOn'
          WHEN 'ReferredToEnforcementOfficer' THEN 'referredOn'
          WHEN 'BreachDealtWith' THEN 'decidedOn'
          WHEN 'IncidentDecided' THEN 'decidedOn'
          WHEN 'OrderEnded' THEN 'endedOn'
          WHEN 'ReviewScheduled' THEN 'date'
        END)::date,
        (occurred_at AT TIME ZONE 'Europe/London')::date)
    $$`.execute(db);
  await sql`
    CREATE FUNCTION copy_kpi_event() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO kpi_events (seq, order_id, requirement_id, type, day, occurred_at, payload)
      VALUES (NEW.seq, NEW.order_id, NEW.requirement_id, NEW.type,
        kpi_event_day(NEW.type, NEW.payload, NEW.occurred_at), NEW.occurred_at, NEW.payload);
      RETURN NULL;
    END $$`.execute(db);
  const types = sql.join(KPI_EVENT_TYPES.map((t) => sql.lit(t)));
  await sql`
    CREATE TRIGGER events_kpi_copy AFTER INSERT ON events
    FOR EACH ROW WHEN (NEW.type IN (${types})) EXECUTE FUNCTION copy_kpi_event()`.execute(db);
  await sql`
    INSERT INTO kpi_events (seq, order_id, requirement_id, type, day, occurred_at, payload)
    SELECT seq, order_id, requirement_id, type, kpi_event_day(type, payload, occurred_at), occurred_at, payload
    FROM events WHERE type IN (${types})`.execute(db);
  await sql`GRANT SELECT, INSERT ON kpi_events TO cstr_app`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER events_kpi_copy ON events`.execute(db);
  await sql`DROP FUNCTION copy_kpi_event()`.execute(db);
  await sql`DROP FUNCTION kpi_event_day(text, jsonb, timestamptz)`.execute(db);
  await sql`DROP TABLE kpi_events`.execute(db);
}
