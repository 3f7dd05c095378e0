// Frozen: never edit after it has run anywhere; add a new migration instead.
import { type Kysely, sql } from 'kysely';

const COMPLETED = ['COMPLETED_END_DATE', 'TERMINATED_ON_COMPLETION_BY_RO', 'REVOKED_GOOD_PROGRESS'];
const NEUTRAL = ['DECEASED', 'TRANSFERRED_SCOTLAND_OR_NI', 'QUASHED_ON_APPEAL'];
const list = (values: readonly string[]) => sql.join(values.map((v) => sql.lit(v)));
const LEDGERS = ['kpi_monthly_sums', 'kpi_event_units'] as const;
/** Two ledgers' rows in a group: its type, provider, court and PDU. */
const GROUP_COLUMNS = sql`posted, p_type, p_provider, p_court, p_pdu`;
/** A ledger row (`l`) whose group is no longer the one it is posted under (touched, it is re-posted). */
const stale = sql`NOT EXISTS (SELECT FROM kpi_group_of(l.requirement_id, l.order_id) g
  WHERE (COALESCE(g.present, false), g.type, g.provider, g.court, g.pdu)
    IS NOT DISTINCT FROM (l.posted, l.p_type, l.p_provider, l.p_court, l.p_pdu))`;

/**
 * The KPIs' additive facts kept summed per group and month as they are written, in rows no two writers share:
 *
 * - Two ledgers, each row owned by one requirement or order (so only that workflow's writes touch it):
 *   `kpi_monthly_sums` (appointments and drug tests, 2026_12_06_0050) and `kpi_event_units` (the units of the
 *   events that add up over months: imposed, orders made, absences decided, referrals, breaches proved,
 *   endings and completions), each row with the group it is posted under (`p_type`, `p_provider`, `p_court`,
 *   `p_pdu`, as `kpi_group_of` gives it: the requirement's type and provider, or the order's types joined with
 *   +; the order's court and PDU; `posted` false while its order has no row).
 * - Every change of a ledger row appends its change to `kpi_group_deltas` (insert only) under its group; a
 *   change of group (a requirement's type, provider or stage, an order's court or PDU) re-posts its rows:
 *   a negative delta under the old group and a positive one under the new.
 * - `kpi_compact_group_deltas()` folds the oldest pending deltas (at most `most` a call, so that a bulk load's
 *   are folded over several calls) into `kpi_group_sums` (per month, fact, category and each dimension alone),
 *   one caller at a time (an advisory lock; another returns 0 at once), and says how many it folded. A report
 *   reads the compact rows and the pending deltas in one statement, so it is exact whenever compaction runs.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION kpi_group_of(requirement uuid, order_ uuid,
      OUT present boolean, OUT type text, OUT provider text, OUT court text, OUT pdu text)
    LANGUAGE sql STABLE AS $$
      SELECT true,
        CASE WHEN requirement IS NULL THEN (
          SELECT string_agg(DISTINCT s.type, '+' ORDER BY s.type) FROM requirements s
          WHERE s.order_id = o.id AND s.stage = 'SENTENCED')
        ELSE r.type END,
        r.provider_org_id, o.court_code, o.pdu
      FROM orders o LEFT JOIN requirements r ON r.id = requirement WHERE o.id = order_
    $$`.execute(db);

  await sql`
    ALTER TABLE kpi_monthly_sums ADD COLUMN posted boolean NOT NULL DEFAULT false,
      ADD COLUMN p_type text, ADD COLUMN p_provider text, ADD COLUMN p_court text, ADD COLUMN p_pdu text`.execute(
    db,
  );
  await sql`
    CREATE TABLE kpi_event_units (
      seq bigint NOT NULL,
      unit integer NOT NULL,
      month date NOT NULL,
      fact text NOT NULL,
      category text NOT NULL,
      requirement_id uuid,
      order_id uuid NOT NULL,
      num integer NOT NULL,
      den integer NOT NULL,
      posted boolean NOT NULL DEFAULT false,
      p_type text, p_provider text, p_court text, p_pdu text,
      PRIMARY KEY (seq, unit)
    )`.execute(db);
  for (const ledger of LEDGERS) {
    await sql`CREATE INDEX ${sql.id(`${ledger}_requirement`)} ON ${sql.id(ledger)} (requirement_id)`.execute(
      db,
    );
    await sql`CREATE INDEX ${sql.id(`${ledger}_order`)} ON ${sql.id(ledger)} (order_id)`.execute(db);
  }

  // The units an event adds (the statement's definitions, api/kpis/registry.ts), under the month of its date.
  await sql`
    CREATE FUNCTION kpi_units_of_event(type text, payload jsonb, event_requirement uuid)
    RETURNS TABLE (unit integer, month date, fact text, category text, requirement_id uuid, num integer, den integer)
    LANGUAGE sql STABLE AS $$
      WITH dated AS (
        SELECT date_trunc('month', (payload->>CASE type
          WHEN 'OrderMade' THEN 'sentenceDate'
          WHEN 'IncidentDecided' THEN 'decidedOn'
          WHEN 'ReferredToEnforcementOfficer' THEN 'referredOn'
          WHEN 'BreachDealtWith' THEN 'decidedOn'
          WHEN 'OrderEnded' THEN 'endedOn'
        END)::date)::date AS month
      )
      SELECT 0, month, 'orders-made', '', NULL::uuid, 1, 0 FROM dated WHERE type = 'OrderMade'
      UNION ALL
      SELECT i.n::int, month, 'imposed', '', (i.imposition->>'requirementId')::uuid, 1, 0
      FROM dated CROSS JOIN LATERAL jsonb_array_elements(
        CASE WHEN jsonb_typeof(payload->'impositions') = 'array' THEN payload->'impositions' ELSE '[]' END
      ) WITH ORDINALITY AS i(imposition, n)
      WHERE type = 'OrderMade'
      UNION ALL
      SELECT 0, month, 'absences', COALESCE(payload->>'decision', ''), (payload->>'requirementId')::uuid, 1, 0
      FROM dated WHERE type = 'IncidentDecided' AND event_requirement IS NULL
      UNION ALL
      SELECT 0, month, 'enforcement-referrals', '', NULL, 1, 0 FROM dated WHERE type = 'ReferredToEnforcementOfficer'
      UNION ALL
      SELECT 0, month, 'breaches-proved', COALESCE(payload->>'disposal', 'NONE'), NULL, 1, 0
      FROM dated WHERE type = 'BreachDealtWith' AND payload->>'finding' IN ('PROVED', 'ADMITTED')
      UNION ALL
      SELECT 0, month, 'order-endings', COALESCE(payload->>'reason', ''), NULL, 1, 0 FROM dated WHERE type = 'OrderEnded'
      UNION ALL
      SELECT 1, month, 'completions', '', NULL, (payload->>'reason' IN (${list(COMPLETED)}))::int, 1
      FROM dated WHERE type = 'OrderEnded' AND payload->>'reason' NOT IN (${list(NEUTRAL)})
    $$`.execute(db);
  await sql`
    CREATE FUNCTION add_kpi_event_units() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO kpi_event_units (seq, unit, month, fact, category, requirement_id, order_id, num, den)
      SELECT NEW.seq, u.unit, u.month, u.fact, u.category, u.requirement_id, NEW.order_id, u.num, u.den
      FROM kpi_units_of_event(NEW.type, NEW.payload, NEW.requirement_id) u WHERE u.month IS NOT NULL;
      RETURN NULL;
    END $$`.execute(db);

  await sql`
    CREATE TABLE kpi_group_deltas (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      month date NOT NULL,
      fact text NOT NULL,
      category text NOT NULL,
      type text, provider text, court text, pdu text,
      num integer NOT NULL,
      den integer NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE kpi_group_sums (
      month date NOT NULL,
      fact text NOT NULL,
      category text NOT NULL,
      dimension text NOT NULL CHECK (dimension IN ('all', 'type', 'provider', 'court', 'pdu')),
      value text NOT NULL,
      num integer NOT NULL,
      den integer NOT NULL,
      PRIMARY KEY (month, fact, category, dimension, value)
    )`.execute(db);

  // A ledger row's group, set before it is written; its change of units and group appended after.
  await sql`
    CREATE FUNCTION set_kpi_group() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE g record;
    BEGIN
      SELECT * INTO g FROM kpi_group_of(NEW.requirement_id, NEW.order_id);
      NEW.posted := COALESCE(g.present, false);
      NEW.p_type := g.type;
      NEW.p_provider := g.provider;
      NEW.p_court := g.court;
      NEW.p_pdu := g.pdu;
      RETURN NEW;
    END $$`.execute(db);
  await sql`
    CREATE FUNCTION append_kpi_group_deltas() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' AND (OLD.month, OLD.fact, OLD.category, OLD.posted, OLD.p_type, OLD.p_provider, OLD.p_court, OLD.p_pdu)
          IS NOT DISTINCT FROM (NEW.month, NEW.fact, NEW.category, NEW.posted, NEW.p_type, NEW.p_provider, NEW.p_court, NEW.p_pdu) THEN
        IF NEW.posted AND (NEW.num <> OLD.num OR NEW.den <> OLD.den) THEN
          INSERT INTO kpi_group_deltas (month, fact, category, type, provider, court, pdu, num, den)
          VALUES (NEW.month, NEW.fact, NEW.category, NEW.p_type, NEW.p_provider, NEW.p_court, NEW.p_pdu,
            NEW.num - OLD.num, NEW.den - OLD.den);
        END IF;
        RETURN NULL;
      END IF;
      IF TG_OP <> 'INSERT' AND OLD.posted THEN
        INSERT INTO kpi_group_deltas (month, fact, category, type, provider, court, pdu, num, den)
        VALUES (OLD.month, OLD.fact, OLD.category, OLD.p_type, OLD.p_provider, OLD.p_court, OLD.p_pdu, -OLD.num, -OLD.den);
      END IF;
      IF TG_OP <> 'DELETE' AND NEW.posted THEN
        INSERT INTO kpi_group_deltas (month, fact, category, type, provider, court, pdu, num, den)
        VALUES (NEW.month, NEW.fact, NEW.category, NEW.p_type, NEW.p_provider, NEW.p_court, NEW.p_pdu, NEW.num, NEW.den);
      END IF;
      RETURN NULL;
    END $$`.execute(db);

  // Re-posts the ledger rows whose group a requirement's or an order's change may have changed.
  await sql`
    CREATE FUNCTION repost_kpi_rows_of_requirement() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE r record;
    BEGIN
      FOR r IN SELECT DISTINCT x.id, x.order_id FROM (
        SELECT OLD.id, OLD.order_id WHERE TG_OP <> 'INSERT'
        UNION ALL SELECT NEW.id, NEW.order_id WHERE TG_OP <> 'DELETE') x
      LOOP
        UPDATE kpi_monthly_sums l SET posted = posted WHERE requirement_id = r.id AND ${stale};
        UPDATE kpi_event_units l SET posted = posted WHERE requirement_id = r.id AND ${stale};
        -- The order's types, which its order-level units are grouped by.
        UPDATE kpi_event_units l SET posted = posted
        WHERE order_id = r.order_id AND requirement_id IS NULL AND ${stale};
      END LOOP;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE FUNCTION repost_kpi_rows_of_order() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE kpi_monthly_sums l SET posted = posted WHERE order_id = COALESCE(NEW.id, OLD.id) AND ${stale};
      UPDATE kpi_event_units l SET posted = posted WHERE order_id = COALESCE(NEW.id, OLD.id) AND ${stale};
      RETURN NULL;
    END $$`.execute(db);

  await sql`
    CREATE FUNCTION kpi_compact_group_deltas(most integer DEFAULT 100000) RETURNS integer LANGUAGE plpgsql AS $$
    DECLARE folded integer;
    BEGIN
      IF NOT pg_try_advisory_xact_lock(hashtext('kpi_compact_group_deltas')) THEN RETURN 0; END IF;
      WITH moved AS (
        DELETE FROM kpi_group_deltas
        WHERE id IN (SELECT id FROM kpi_group_deltas ORDER BY id LIMIT most) RETURNING *
      ),
      added AS (
        INSERT INTO kpi_group_sums AS s (month, fact, category, dimension, value, num, den)
        SELECT m.month, m.fact, m.category, d.dimension, COALESCE(d.value, ''), sum(m.num), sum(m.den)
        FROM moved m CROSS JOIN LATERAL (VALUES ('all', NULL), ('type', m.type), ('provider', m.provider),
          ('court', m.court), ('pdu', m.pdu)) AS d(dimension, value)
        GROUP BY 1, 2, 3, 4, 5
        ON CONFLICT (month, fact, category, dimension, value)
        DO UPDATE SET num = s.num + excluded.num, den = s.den + excluded.den
      )
      SELECT count(*) INTO folded FROM moved;
      RETURN folded;
    END $$`.execute(db);

  // The fill: the event units of the events already copied, every ledger row posted, and their sums.
  await sql`
    INSERT INTO kpi_event_units (seq, unit, month, fact, category, requirement_id, order_id, num, den)
    SELECT e.seq, u.unit, u.month, u.fact, u.category, u.requirement_id, e.order_id, u.num, u.den
    FROM kpi_events e CROSS JOIN LATERAL kpi_units_of_event(e.type, e.payload, e.requirement_id) u
    WHERE e.type IN ('OrderMade', 'IncidentDecided', 'ReferredToEnforcementOfficer', 'BreachDealtWith', 'OrderEnded')
      AND u.month IS NOT NULL`.execute(db);
  for (const ledger of LEDGERS)
    await sql`
      UPDATE ${sql.id(ledger)} l SET (${GROUP_COLUMNS}) = (
        SELECT COALESCE(g.present, false), g.type, g.provider, g.court, g.pdu
        FROM kpi_group_of(l.requirement_id, l.order_id) g)`.execute(db);
  await sql`
    INSERT INTO kpi_group_sums (month, fact, category, dimension, value, num, den)
    SELECT l.month, l.fact, l.category, d.dimension, COALESCE(d.value, ''), sum(l.num), sum(l.den)
    FROM (
      SELECT month, fact, category, p_type, p_provider, p_court, p_pdu, num, den FROM kpi_monthly_sums WHERE posted
      UNION ALL
      SELECT month, fact, category, p_type, p_provider, p_court, p_pdu, num, den FROM kpi_event_units WHERE posted
    ) l CROSS JOIN LATERAL (VALUES ('all', NULL), ('type', l.p_type), ('provider', l.p_provider),
      ('court', l.p_court), ('pdu', l.p_pdu)) AS d(dimension, value)
    GROUP BY 1, 2, 3, 4, 5`.execute(db);

  await sql`
    CREATE TRIGGER kpi_events_units AFTER INSERT ON kpi_events FOR EACH ROW
    WHEN (NEW.type IN ('OrderMade', 'IncidentDecided', 'ReferredToEnforcementOfficer', 'BreachDealtWith', 'OrderEnded'))
    EXECUTE FUNCTION add_kpi_event_units()`.execute(db);
  for (const ledger of LEDGERS) {
    await sql`
      CREATE TRIGGER ${sql.id(`${ledger}_group`)} BEFORE INSERT OR UPDATE ON ${sql.id(ledger)}
      FOR EACH ROW EXECUTE FUNCTION set_kpi_group()`.execute(db);
    await sql`
      CREATE TRIGGER ${sql.id(`${ledger}_deltas`)} AFTER INSERT OR UPDATE OR DELETE ON ${sql.id(ledger)}
      FOR EACH ROW EXECUTE FUNCTION append_kpi_group_deltas()`.execute(db);
  }
  await sql`
    CREATE TRIGGER requirements_kpi_group AFTER INSERT OR DELETE ON requirements
    FOR EACH ROW EXECUTE FUNCTION repost_kpi_rows_of_requirement()`.execute(db);
  await sql`
    CREATE TRIGGER requirements_kpi_group_update AFTER UPDATE ON requirements FOR EACH ROW
    WHEN ((OLD.type, OLD.provider_org_id, OLD.stage, OLD.order_id)
      IS DISTINCT FROM (NEW.type, NEW.provider_org_id, NEW.stage, NEW.order_id))
    EXECUTE FUNCTION repost_kpi_rows_of_requirement()`.execute(db);
  await sql`
    CREATE TRIGGER orders_kpi_group AFTER INSERT OR DELETE ON orders
    FOR EACH ROW EXECUTE FUNCTION repost_kpi_rows_of_order()`.execute(db);
  await sql`
    CREATE TRIGGER orders_kpi_group_update AFTER UPDATE ON orders FOR EACH ROW
    WHEN ((OLD.court_code, OLD.pdu) IS DISTINCT FROM (NEW.court_code, NEW.pdu))
    EXECUTE FUNCTION repost_kpi_rows_of_order()`.execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON kpi_event_units, kpi_group_deltas, kpi_group_sums TO cstr_app`.execute(
    db,
  );
  await sql`GRANT USAGE ON SEQUENCE kpi_group_deltas_id_seq TO cstr_app`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER orders_kpi_group_update ON orders`.execute(db);
  await sql`DROP TRIGGER orders_kpi_group ON orders`.execute(db);
  await sql`DROP TRIGGER requirements_kpi_group_update ON requirements`.execute(db);
  await sql`DROP TRIGGER requirements_kpi_group ON requirements`.execute(db);
  await sql`DROP TRIGGER kpi_events_units ON kpi_events`.execute(db);
  await sql`DROP TRIGGER kpi_monthly_sums_group ON kpi_monthly_sums`.execute(db);
  await sql`DROP TRIGGER kpi_monthly_sums_deltas ON kpi_monthly_sums`.execute(db);
  await sql`DROP INDEX kpi_monthly_sums_requirement`.execute(db);
  await sql`DROP INDEX kpi_monthly_sums_order`.execute(db);
  await sql`
    ALTER TABLE kpi_monthly_sums DROP COLUMN posted, DROP COLUMN p_type, DROP COLUMN p_provider,
      DROP COLUMN p_court, DROP COLUMN p_pdu`.execute(db);
  await sql`DROP TABLE kpi_event_units, kpi_group_deltas, kpi_group_sums`.execute(db);
  await sql`DROP FUNCTION kpi_compact_group_deltas(integer)`.execute(db);
  await sql`DROP FUNCTION repost_kpi_rows_of_order()`.execute(db);
  await sql`DROP FUNCTION repost_kpi_rows_of_requirement()`.execute(db);
  await sql`DROP FUNCTION append_kpi_group_deltas()`.execute(db);
  await sql`DROP FUNCTION set_kpi_group()`.execute(db);
  await sql`DROP FUNCTION add_kpi_event_units()`.execute(db);
  await sql`DROP FUNCTION kpi_units_of_event(text, jsonb, uuid)`.execute(db);
  await sql`DROP FUNCTION kpi_group_of(uuid, uuid)`.execute(db);
}
