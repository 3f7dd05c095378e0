// Frozen: never edit after it has run anywhere; add a new migration instead.
import { type Kysely, sql } from 'kysely';

/** The KPI event types a milestone is computed from. */
const MILESTONE_EVENT_TYPES = [
  'OrderMade',
  'SentenceRecorded',
  'ProposalSubmitted',
  'AssessmentCompleted',
  'ConsentRecorded',
  'InductionCompleted',
  'TreatmentStarted',
  'OrderEnded',
  'ReviewScheduled',
  'ReviewHeld',
  'ReviewAdjourned',
  'ReviewReportSubmitted',
  'ReviewReportOverdue',
];
const REVIEW_STEPS = ['ReviewHeld', 'ReviewAdjourned', 'ReviewReportSubmitted', 'ReviewReportOverdue'];
const list = (values: readonly string[]) => sql.join(values.map((v) => sql.lit(v)));
/** The milestone columns a refresh computes (the rest, the posted group, is set by set_kpi_group). */
const COLUMNS = [
  'kind',
  'order_id',
  'requirement_id',
  'sentenced',
  'reached_on',
  'started_appointment',
  'ended_on',
  'decided',
  'proposed',
  'suitable_consented',
  'scheduled',
  'counted',
  'on_schedule',
  'in_time',
];
const columns = sql.raw(COLUMNS.join(', '));
const excluded = sql.raw(COLUMNS.map((c) => `excluded.${c}`).join(', '));
const current = sql.raw(COLUMNS.map((c) => `kpi_milestones.${c}`).join(', '));
/** A milestone row (`l`) whose group is no longer the one it is posted under. */
const stale = sql`NOT EXISTS (SELECT FROM kpi_group_of(l.requirement_id, l.order_id) g
  WHERE (COALESCE(g.present, false), g.type, g.provider, g.court, g.pdu)
    IS NOT DISTINCT FROM (l.posted, l.p_type, l.p_provider, l.p_court, l.p_pdu))`;

/**
 * The KPIs' dated facts that do not add up over months, kept per requirement, order and review as their
 * events are written, and the days from sentence to treatment and to induction kept per group and month as
 * counts per day value:
 *
 * - `kpi_milestones`: a row per requirement (its first sentence, first treatment session, the days it was
 *   proposed, whether its latest assessment is suitable with consent given), per order (its first sentence,
 *   first induction, earliest ending, the days its case was sentenced) and per DRR review (its date, whether it
 *   counts, was held on schedule and reported in time), each recomputed from `kpi_events` (and the
 *   appointment or review it names) by a trigger whenever one of its events, that appointment or that review
 *   is written, in the same transaction, and posted under its group as the ledgers' rows are
 *   (`set_kpi_group`, re-posted when the group changes). A period's statement reads the rows its dates fall in
 *   by their indexes, grouped by the posted group, without joining them to anything.
 * - `kpi_group_day_deltas`: every change of a row's days (a requirement's sentence to first treatment session,
 *   an order's sentence to induction) appends -1 under its old day value and group and +1 under its new one
 *   (insert only, so writers of one group never wait on each other); `kpi_compact_group_day_deltas()` folds
 *   them into `kpi_group_days` (month, fact, dimension, value, days: count), one caller at a time, as
 *   `kpi_compact_group_deltas()` does the sums. Medians, 90th percentiles and the shares within so many
 *   calendar days are computed from the counts, exactly.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE kpi_milestones (
      owner uuid PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('requirement', 'order', 'review')),
      order_id uuid NOT NULL,
      requirement_id uuid,
      sentenced date,
      reached_on date,
      started_appointment uuid,
      ended_on date,
      decided datemultirange,
      proposed datemultirange,
      suitable_consented boolean,
      scheduled date,
      counted boolean,
      on_schedule boolean,
      in_time boolean,
      posted boolean NOT NULL DEFAULT false,
      p_type text, p_provider text, p_court text, p_pdu text
    )`.execute(db);
  await sql`CREATE INDEX kpi_milestones_sentenced ON kpi_milestones (kind, sentenced)`.execute(db);
  await sql`CREATE INDEX kpi_milestones_scheduled ON kpi_milestones (scheduled) WHERE kind = 'review'`.execute(
    db,
  );
  await sql`CREATE INDEX kpi_milestones_proposed ON kpi_milestones USING gist (proposed)`.execute(db);
  await sql`CREATE INDEX kpi_milestones_decided ON kpi_milestones USING gist (decided)`.execute(db);
  await sql`CREATE INDEX kpi_milestones_requirement ON kpi_milestones (requirement_id)`.execute(db);
  await sql`CREATE INDEX kpi_milestones_order ON kpi_milestones (order_id)`.execute(db);
  await sql`
    CREATE INDEX kpi_milestones_started_appointment ON kpi_milestones (started_appointment)
    WHERE started_appointment IS NOT NULL`.execute(db);

  // What a milestone is, from its events as they stand (the statement's definitions, api/kpis/registry.ts);
  // null where it has nothing to count (a review: until it is scheduled).
  await sql`
    CREATE FUNCTION kpi_milestone_of(kind_ text, owner_ uuid, order_ uuid, requirement_ uuid)
    RETURNS kpi_milestones
    LANGUAGE plpgsql STABLE AS $$
    DECLARE m kpi_milestones;
    BEGIN
      m.owner := owner_;
      m.kind := kind_;
      m.order_id := order_;
      IF kind_ = 'order' THEN
        SELECT (payload->>'sentenceDate')::date INTO m.sentenced FROM kpi_events
        WHERE type = 'OrderMade' AND order_id = order_ ORDER BY seq LIMIT 1;
        SELECT (payload->>'completedOn')::date INTO m.reached_on FROM kpi_events
        WHERE type = 'InductionCompleted' AND order_id = order_ ORDER BY seq LIMIT 1;
        SELECT min((payload->>'endedOn')::date) INTO m.ended_on FROM kpi_events
        WHERE type = 'OrderEnded' AND order_id = order_;
        SELECT range_agg(daterange(d, d, '[]')) INTO m.decided FROM (
          SELECT (payload->>'sentenceDate')::date AS d FROM kpi_events WHERE type = 'OrderMade' AND order_id = order_
          UNION ALL
          SELECT day FROM kpi_events WHERE type = 'SentenceRecorded' AND order_id = order_
            AND payload->>'outcome' <> 'ADJOURNED'
        ) days WHERE d IS NOT NULL;
        IF (m.sentenced, m.reached_on, m.ended_on, m.decided) IS NULL THEN RETURN NULL; END IF;
      ELSIF kind_ = 'requirement' THEN
        m.requirement_id := owner_;
        SELECT (payload->>'sentenceDate')::date INTO m.sentenced FROM kpi_events
        WHERE type = 'OrderMade' AND order_id = order_ AND payload->>'sentenceDate' IS NOT NULL
          AND jsonb_typeof(payload->'impositions') = 'array'
          AND payload->'impositions' @> jsonb_build_array(jsonb_build_object('requirementId', owner_::text))
        ORDER BY seq LIMIT 1;
        SELECT t.payload->>'appointmentId',
          (COALESCE(a.start_at, t.occurred_at) AT TIME ZONE 'Europe/London')::date
        INTO m.started_appointment, m.reached_on
        FROM kpi_events t LEFT JOIN appointments a ON a.id = (t.payload->>'appointmentId')::uuid
        WHERE t.type = 'TreatmentStarted' AND t.requirement_id = owner_ ORDER BY t.seq LIMIT 1;
        SELECT range_agg(daterange(day, day, '[]')) INTO m.proposed FROM kpi_events
        WHERE type = 'ProposalSubmitted' AND order_id = order_
          AND jsonb_typeof(payload->'requirementIds') = 'array'
          AND payload->'requirementIds' @> to_jsonb(owner_::text);
        SELECT COALESCE((array_agg(payload->>'outcome' ORDER BY seq DESC)
            FILTER (WHERE type = 'AssessmentCompleted'))[1] = 'SUITABLE'
          AND (array_agg(payload->>'status' ORDER BY seq DESC) FILTER (WHERE type = 'ConsentRecorded'))[1] = 'GIVEN',
          false)
        INTO m.suitable_consented FROM kpi_events
        WHERE type IN ('AssessmentCompleted', 'ConsentRecorded') AND order_id = order_
          AND payload->>'requirementId' = owner_::text;
        IF (m.sentenced, m.reached_on, m.proposed) IS NULL AND NOT m.suitable_consented THEN RETURN NULL; END IF;
      ELSE
        SELECT requirement_id, order_id, (payload->>'date')::date INTO m.requirement_id, m.order_id, m.scheduled
        FROM kpi_events WHERE type = 'ReviewScheduled' AND requirement_id = requirement_
          AND payload->>'reviewId' = owner_::text
        ORDER BY seq LIMIT 1;
        IF m.requirement_id IS NULL THEN RETURN NULL; END IF;
        m.counted := EXISTS (SELECT FROM reviews r WHERE r.id = owner_ AND r.status <> 'WITHDRAWN');
        SELECT COALESCE(bool_or(type = 'ReviewHeld'
              AND (occurred_at AT TIME ZONE 'Europe/London')::date <= m.scheduled), false)
            AND NOT COALESCE(bool_or(type = 'ReviewAdjourned'), false),
          COALESCE(bool_or(type = 'ReviewReportSubmitted'), false)
            AND NOT COALESCE(bool_or(type = 'ReviewReportOverdue'), false)
        INTO m.on_schedule, m.in_time FROM kpi_events
        WHERE type IN (${list(REVIEW_STEPS)}) AND requirement_id = m.requirement_id
          AND payload->>'reviewId' = owner_::text;
      END IF;
      RETURN m;
    END $$`.execute(db);
  await sql`
    CREATE FUNCTION refresh_kpi_milestone(kind_ text, owner_ uuid, order_ uuid, requirement_ uuid) RETURNS void
    LANGUAGE plpgsql AS $$
    DECLARE m kpi_milestones := kpi_milestone_of(kind_, owner_, order_, requirement_);
    BEGIN
      IF m.owner IS NULL THEN
        DELETE FROM kpi_milestones WHERE owner = owner_;
        RETURN;
      END IF;
      INSERT INTO kpi_milestones (owner, ${columns})
      VALUES (m.owner, m.kind, m.order_id, m.requirement_id, m.sentenced, m.reached_on, m.started_appointment,
        m.ended_on, m.decided, m.proposed, m.suitable_consented, m.scheduled, m.counted, m.on_schedule, m.in_time)
      ON CONFLICT (owner) DO UPDATE SET (${columns}) = (${excluded})
      WHERE (${current}) IS DISTINCT FROM (${excluded});
    END $$`.execute(db);

  // The milestones an event is one of the events of.
  await sql`
    CREATE FUNCTION refresh_kpi_milestones_of_event() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE rid text;
    BEGIN
      IF NEW.type IN ('OrderMade', 'SentenceRecorded', 'InductionCompleted', 'OrderEnded') THEN
        PERFORM refresh_kpi_milestone('order', NEW.order_id, NEW.order_id, NULL);
      END IF;
      IF NEW.type = 'OrderMade' AND jsonb_typeof(NEW.payload->'impositions') = 'array' THEN
        FOR rid IN SELECT DISTINCT i->>'requirementId' FROM jsonb_array_elements(NEW.payload->'impositions') i
          WHERE i->>'requirementId' IS NOT NULL LOOP
          PERFORM refresh_kpi_milestone('requirement', rid::uuid, NEW.order_id, rid::uuid);
        END LOOP;
      ELSIF NEW.type = 'ProposalSubmitted' AND jsonb_typeof(NEW.payload->'requirementIds') = 'array' THEN
        FOR rid IN SELECT DISTINCT r FROM jsonb_array_elements_text(NEW.payload->'requirementIds') r LOOP
          PERFORM refresh_kpi_milestone('requirement', rid::uuid, NEW.order_id, rid::uuid);
        END LOOP;
      ELSIF NEW.type IN ('AssessmentCompleted', 'ConsentRecorded') AND NEW.payload->>'requirementId' IS NOT NULL THEN
        PERFORM refresh_kpi_milestone('requirement', (NEW.payload->>'requirementId')::uuid, NEW.order_id,
          (NEW.payload->>'requirementId')::uuid);
      ELSIF NEW.type = 'TreatmentStarted' AND NEW.requirement_id IS NOT NULL THEN
        PERFORM refresh_kpi_milestone('requirement', NEW.requirement_id, NEW.order_id, NEW.requirement_id);
      ELSIF NEW.type IN ('ReviewScheduled', ${list(REVIEW_STEPS)}) AND NEW.payload->>'reviewId' IS NOT NULL
          AND NEW.requirement_id IS NOT NULL THEN
        PERFORM refresh_kpi_milestone('review', (NEW.payload->>'reviewId')::uuid, NEW.order_id, NEW.requirement_id);
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  // A requirement's first session's appointment moved (or written after its event), a review withdrawn.
  await sql`
    CREATE FUNCTION refresh_kpi_milestones_of_appointment() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE m record;
    BEGIN
      FOR m IN SELECT owner, order_id FROM kpi_milestones WHERE started_appointment = COALESCE(NEW.id, OLD.id) LOOP
        PERFORM refresh_kpi_milestone('requirement', m.owner, m.order_id, m.owner);
      END LOOP;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE FUNCTION refresh_kpi_milestones_of_review() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE m record;
    BEGIN
      FOR m IN SELECT owner, order_id, requirement_id FROM kpi_milestones
        WHERE owner = COALESCE(NEW.id, OLD.id) AND kind = 'review' LOOP
        PERFORM refresh_kpi_milestone('review', m.owner, m.order_id, m.requirement_id);
      END LOOP;
      RETURN NULL;
    END $$`.execute(db);

  await sql`
    CREATE TABLE kpi_group_day_deltas (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      month date NOT NULL,
      fact text NOT NULL,
      days integer NOT NULL,
      type text, provider text, court text, pdu text,
      n integer NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX kpi_group_day_deltas_month ON kpi_group_day_deltas (month)`.execute(db);
  await sql`
    CREATE TABLE kpi_group_days (
      month date NOT NULL,
      fact text NOT NULL,
      dimension text NOT NULL CHECK (dimension IN ('all', 'type', 'provider', 'court', 'pdu')),
      value text NOT NULL,
      days integer NOT NULL,
      n integer NOT NULL,
      PRIMARY KEY (month, fact, dimension, value, days)
    )`.execute(db);
  // A milestone's days unit (none where it has no days, or is not posted).
  await sql`
    CREATE FUNCTION append_kpi_group_day_deltas() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      o kpi_milestones;
      w kpi_milestones;
      has_old boolean := false;
      has_new boolean := false;
    BEGIN
      IF TG_OP <> 'INSERT' THEN
        o := OLD;
        has_old := o.posted AND o.kind <> 'review' AND o.sentenced IS NOT NULL AND o.reached_on IS NOT NULL;
      END IF;
      IF TG_OP <> 'DELETE' THEN
        w := NEW;
        has_new := w.posted AND w.kind <> 'review' AND w.sentenced IS NOT NULL AND w.reached_on IS NOT NULL;
      END IF;
      IF has_old AND has_new AND (o.kind, o.sentenced, o.reached_on, o.p_type, o.p_provider, o.p_court, o.p_pdu)
          IS NOT DISTINCT FROM (w.kind, w.sentenced, w.reached_on, w.p_type, w.p_provider, w.p_court, w.p_pdu) THEN
        RETURN NULL;
      END IF;
      IF has_old THEN
        INSERT INTO kpi_group_day_deltas (month, fact, days, type, provider, court, pdu, n)
        VALUES (date_trunc('month', o.sentenced)::date,
          CASE o.kind WHEN 'order' THEN 'induction-days' ELSE 'treatment-days' END,
          o.reached_on - o.sentenced, o.p_type, o.p_provider, o.p_court, o.p_pdu, -1);
      END IF;
      IF has_new THEN
        INSERT INTO kpi_group_day_deltas (month, fact, days, type, provider, court, pdu, n)
        VALUES (date_trunc('month', w.sentenced)::date,
          CASE w.kind WHEN 'order' THEN 'induction-days' ELSE 'treatment-days' END,
          w.reached_on - w.sentenced, w.p_type, w.p_provider, w.p_court, w.p_pdu, 1);
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE FUNCTION kpi_compact_group_day_deltas(most integer DEFAULT 100000) RETURNS integer
    LANGUAGE plpgsql AS $$
    DECLARE folded integer;
    BEGIN
      IF NOT pg_try_advisory_xact_lock(hashtext('kpi_compact_group_day_deltas')) THEN RETURN 0; END IF;
      WITH moved AS (
        DELETE FROM kpi_group_day_deltas
        WHERE id IN (SELECT id FROM kpi_group_day_deltas ORDER BY id LIMIT most) RETURNING *
      ),
      added AS (
        INSERT INTO kpi_group_days AS s (month, fact, dimension, value, days, n)
        SELECT m.month, m.fact, d.dimension, COALESCE(d.value, ''), m.days, sum(m.n)
        FROM moved m CROSS JOIN LATERAL (VALUES ('all', NULL), ('type', m.type), ('provider', m.provider),
          ('court', m.court), ('pdu', m.pdu)) AS d(dimension, value)
        GROUP BY 1, 2, 3, 4, 5
        ON CONFLICT (month, fact, dimension, value, days) DO UPDATE SET n = s.n + excluded.n
      )
      SELECT count(*) INTO folded FROM moved;
      RETURN folded;
    END $$`.execute(db);

  // Re-posts the milestones whose group a requirement's or an order's change may have changed.
  await sql`
    CREATE FUNCTION repost_kpi_milestones_of_requirement() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE r record;
    BEGIN
      FOR r IN SELECT DISTINCT x.id, x.order_id FROM (
        SELECT OLD.id, OLD.order_id WHERE TG_OP <> 'INSERT'
        UNION ALL SELECT NEW.id, NEW.order_id WHERE TG_OP <> 'DELETE') x
      LOOP
        UPDATE kpi_milestones l SET posted = posted WHERE requirement_id = r.id AND ${stale};
        UPDATE kpi_milestones l SET posted = posted WHERE order_id = r.order_id AND kind = 'order' AND ${stale};
      END LOOP;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE FUNCTION repost_kpi_milestones_of_order() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE kpi_milestones l SET posted = posted WHERE order_id = COALESCE(NEW.id, OLD.id) AND ${stale};
      RETURN NULL;
    END $$`.execute(db);

  await sql`
    CREATE TRIGGER kpi_milestones_group BEFORE INSERT OR UPDATE ON kpi_milestones
    FOR EACH ROW EXECUTE FUNCTION set_kpi_group()`.execute(db);
  await sql`
    CREATE TRIGGER kpi_milestones_day_deltas AFTER INSERT OR UPDATE OR DELETE ON kpi_milestones
    FOR EACH ROW EXECUTE FUNCTION append_kpi_group_day_deltas()`.execute(db);

  // The fill: every milestone of the events already copied (its days appended as deltas, for the compactor).
  await sql`
    INSERT INTO kpi_milestones (owner, ${columns})
    SELECT (m).owner, ${sql.raw(COLUMNS.map((c) => `(m).${c}`).join(', '))}
    FROM (
      SELECT kpi_milestone_of(o.kind, o.owner, o.order_id, o.requirement_id) AS m FROM (
        SELECT DISTINCT 'order' AS kind, order_id AS owner, order_id, NULL::uuid AS requirement_id FROM kpi_events
        WHERE type IN ('OrderMade', 'SentenceRecorded', 'InductionCompleted', 'OrderEnded')
        UNION
        SELECT 'requirement', (i->>'requirementId')::uuid, order_id, (i->>'requirementId')::uuid FROM kpi_events
          CROSS JOIN LATERAL jsonb_array_elements(payload->'impositions') i
        WHERE type = 'OrderMade' AND jsonb_typeof(payload->'impositions') = 'array' AND i->>'requirementId' IS NOT NULL
        UNION
        SELECT 'requirement', r::uuid, order_id, r::uuid FROM kpi_events
          CROSS JOIN LATERAL jsonb_array_elements_text(payload->'requirementIds') r
        WHERE type = 'ProposalSubmitted' AND jsonb_typeof(payload->'requirementIds') = 'array'
        UNION
        SELECT 'requirement', (payload->>'requirementId')::uuid, order_id, (payload->>'requirementId')::uuid
        FROM kpi_events
        WHERE type IN ('AssessmentCompleted', 'ConsentRecorded') AND payload->>'requirementId' IS NOT NULL
        UNION
        SELECT 'requirement', requirement_id, order_id, requirement_id FROM kpi_events
        WHERE type = 'TreatmentStarted' AND requirement_id IS NOT NULL
        UNION
        SELECT 'review', (payload->>'reviewId')::uuid, order_id, requirement_id FROM kpi_events
        WHERE type = 'ReviewScheduled' AND payload->>'reviewId' IS NOT NULL AND requirement_id IS NOT NULL
      ) o
    ) f
    WHERE (m).owner IS NOT NULL
    ON CONFLICT (owner) DO NOTHING`.execute(db);
  await sql`SELECT kpi_compact_group_day_deltas(2147483647)`.execute(db);

  await sql`
    CREATE TRIGGER kpi_events_milestones AFTER INSERT ON kpi_events FOR EACH ROW
    WHEN (NEW.type IN (${list(MILESTONE_EVENT_TYPES)}))
    EXECUTE FUNCTION refresh_kpi_milestones_of_event()`.execute(db);
  await sql`
    CREATE TRIGGER appointments_kpi_milestones AFTER INSERT OR DELETE ON appointments
    FOR EACH ROW EXECUTE FUNCTION refresh_kpi_milestones_of_appointment()`.execute(db);
  await sql`
    CREATE TRIGGER appointments_kpi_milestones_update AFTER UPDATE ON appointments FOR EACH ROW
    WHEN (OLD.start_at IS DISTINCT FROM NEW.start_at OR OLD.id IS DISTINCT FROM NEW.id)
    EXECUTE FUNCTION refresh_kpi_milestones_of_appointment()`.execute(db);
  await sql`
    CREATE TRIGGER reviews_kpi_milestones AFTER INSERT OR DELETE ON reviews
    FOR EACH ROW EXECUTE FUNCTION refresh_kpi_milestones_of_review()`.execute(db);
  await sql`
    CREATE TRIGGER reviews_kpi_milestones_update AFTER UPDATE ON reviews FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION refresh_kpi_milestones_of_review()`.execute(db);
  await sql`
    CREATE TRIGGER requirements_kpi_milestones AFTER INSERT OR DELETE ON requirements
    FOR EACH ROW EXECUTE FUNCTION repost_kpi_milestones_of_requirement()`.execute(db);
  await sql`
    CREATE TRIGGER requirements_kpi_milestones_update AFTER UPDATE ON requirements FOR EACH ROW
    WHEN ((OLD.type, OLD.provider_org_id, OLD.stage, OLD.order_id)
      IS DISTINCT FROM (NEW.type, NEW.provider_org_id, NEW.stage, NEW.order_id))
    EXECUTE FUNCTION repost_kpi_milestones_of_requirement()`.execute(db);
  await sql`
    CREATE TRIGGER orders_kpi_milestones AFTER INSERT OR DELETE ON orders
    FOR EACH ROW EXECUTE FUNCTION repost_kpi_milestones_of_order()`.execute(db);
  await sql`
    CREATE TRIGGER orders_kpi_milestones_update AFTER UPDATE ON orders FOR EACH ROW
    WHEN ((OLD.court_code, OLD.pdu) IS DISTINCT FROM (NEW.court_code, NEW.pdu))
    EXECUTE FUNCTION repost_kpi_milestones_of_order()`.execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON kpi_milestones, kpi_group_day_deltas, kpi_group_days TO cstr_app`.execute(
    db,
  );
  await sql`GRANT USAGE ON SEQUENCE kpi_group_day_deltas_id_seq TO cstr_app`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [trigger, table] of [
    ['orders_kpi_milestones_update', 'orders'],
    ['orders_kpi_milestones', 'orders'],
    ['requirements_kpi_milestones_update', 'requirements'],
    ['requirements_kpi_milestones', 'requirements'],
    ['reviews_kpi_milestones_update', 'reviews'],
    ['reviews_kpi_milestones', 'reviews'],
    ['appointments_kpi_milestones_update', 'appointments'],
    ['appointments_kpi_milestones', 'appointments'],
    ['kpi_events_milestones', 'kpi_events'],
  ])
    await sql`DROP TRIGGER ${sql.id(trigger!)} ON ${sql.id(table!)}`.execute(db);
  await sql`DROP FUNCTION refresh_kpi_milestone(text, uuid, uuid, uuid)`.execute(db);
  await sql`DROP FUNCTION kpi_milestone_of(text, uuid, uuid, uuid)`.execute(db);
  await sql`DROP TABLE kpi_milestones, kpi_group_day_deltas, kpi_group_days`.execute(db);
  await sql`DROP FUNCTION repost_kpi_milestones_of_order()`.execute(db);
  await sql`DROP FUNCTION repost_kpi_milestones_of_requirement()`.execute(db);
  await sql`DROP FUNCTION kpi_compact_group_day_deltas(integer)`.execute(db);
  await sql`DROP FUNCTION append_kpi_group_day_deltas()`.execute(db);
  await sql`DROP FUNCTION refresh_kpi_milestones_of_review()`.execute(db);
  await sql`DROP FUNCTION refresh_kpi_milestones_of_appointment()`.execute(db);
  await sql`DROP FUNCTION refresh_kpi_milestones_of_event()`.execute(db);
}
