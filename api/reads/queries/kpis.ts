import { type Kysely, type RawBuilder, sql } from 'kysely';
import { addDays, addWorkingDays, startOfLondonDay } from '../../../domain/calendar';
import type { Database } from '../../../db/schema';
import type { FactRow } from '../../kpis/figures';

/** A period of whole London months: `from` inclusive, `to` exclusive, each the first day of a month. */
export interface DayRange {
  from: string;
  to: string;
}

export interface FactOptions {
  /** Bank holidays of England and Wales over the period and the weeks after it (for working days). */
  bankHolidays: readonly string[];
  inductionWithinDays: number;
  firstTreatmentWithinWorkingDays: number;
}

/** The weekdays from Monday 1 January of year 1 to a date, inclusive: their difference counts the weekdays between. */
const weekdaysThrough = (date: RawBuilder<unknown>) =>
  sql`(5 * ((${date} - DATE '0001-01-01' + 1) / 7) + LEAST((${date} - DATE '0001-01-01' + 1) % 7, 5))`;

/**
 * The working days after `from` up to `to` inclusive (0 where `to` is not after `from`): the weekdays, less the
 * bank holidays among them, given as a date[] (each counted once).
 */
export const workingDaysAfter = (
  from: RawBuilder<unknown>,
  to: RawBuilder<unknown>,
  holidays: RawBuilder<unknown>,
) =>
  sql`GREATEST(0, ${weekdaysThrough(to)} - ${weekdaysThrough(from)} - (
    SELECT count(DISTINCT h) FROM unnest(${holidays}) AS h
    WHERE h > ${from} AND h <= ${to} AND extract(isodow FROM h) < 6))`;

const BITS_OF_DIMENSION = sql`CASE dimension WHEN 'type' THEN ${sql.lit(0b0111)} WHEN 'provider' THEN ${sql.lit(0b1011)}
  WHEN 'court' THEN ${sql.lit(0b1101)} WHEN 'pdu' THEN ${sql.lit(0b1110)} ELSE ${sql.lit(0b1111)} END`;

/** A kept row's dimension and value as the type, provider, court and PDU of its breakdown's row. */
const GROUP_COLUMNS = sql`CASE WHEN dimension = 'type' THEN NULLIF(value, '') END,
    CASE WHEN dimension = 'provider' THEN NULLIF(value, '') END,
    CASE WHEN dimension = 'court' THEN NULLIF(value, '') END,
    CASE WHEN dimension = 'pdu' THEN NULLIF(value, '') END`;
/** A delta (`d`) fanned out to its group in each dimension (`g`), as the compactors fold it. */
const FAN_OUT = sql`CROSS JOIN LATERAL (VALUES ('all', NULL), ('type', d.type), ('provider', d.provider),
      ('court', d.court), ('pdu', d.pdu)) AS g(dimension, value)`;

/**
 * The additive facts summed per group and month as they were written (migration 2026_12_06_0070_kpi_kept_sums):
 * the folded sums and the deltas not yet folded, each delta fanned out to its group in each dimension, as
 * rows of each breakdown alone (a group with no unit in the period has none).
 */
const keptSums = (from: RawBuilder<unknown>, to: RawBuilder<unknown>) => sql`
  UNION ALL
  SELECT fact, NULLIF(category, ''),
    ${GROUP_COLUMNS},
    sum(num)::int, sum(den)::int, NULL, NULL, ${BITS_OF_DIMENSION}
  FROM (
    SELECT fact, category, dimension, value, num, den FROM kpi_group_sums WHERE month >= ${from} AND month < ${to}
    UNION ALL
    SELECT d.fact, d.category, g.dimension, COALESCE(g.value, ''), d.num, d.den
    FROM kpi_group_deltas d ${FAN_OUT}
    WHERE d.month >= ${from} AND d.month < ${to}
  ) kept
  GROUP BY fact, category, dimension, value
  HAVING sum(num) <> 0 OR sum(den) <> 0`;

/**
 * The facts that count a unit in every period it overlaps, kept per group as counts of month spans (migration
 * 2026_12_09_0010_kpi_span_sums): a unit at (since, until, previous) counts in a period when it is within
 * (since before its end, until at or after its start) and its previous month is before its start; the folded
 * counts and the pending deltas, as each breakdown's rows.
 */
const keptSpans = (from: RawBuilder<unknown>, to: RawBuilder<unknown>) => sql`
  UNION ALL
  SELECT fact, NULL,
    ${GROUP_COLUMNS},
    sum(num)::int, sum(den)::int, NULL, NULL, ${BITS_OF_DIMENSION}
  FROM (
    SELECT fact, dimension, value, num, den FROM kpi_span_sums
    WHERE until >= ${from} AND since < ${to} AND previous < ${from}
    UNION ALL
    SELECT d.fact, g.dimension, COALESCE(g.value, ''), d.num, d.den
    FROM kpi_span_deltas d ${FAN_OUT}
    WHERE d.until >= ${from} AND d.since < ${to} AND d.previous < ${from}
  ) kept
  GROUP BY fact, dimension, value
  HAVING sum(num) <> 0 OR sum(den) <> 0`;

/**
 * The days from sentence to first treatment session and to induction, kept per group and month as a count of
 * each days value (migration 2026_12_07_0010_kpi_milestones): the folded counts and the deltas not yet folded,
 * as each breakdown's rows, each with its days values in order and how many units have each.
 */
const keptDays = (from: RawBuilder<unknown>, to: RawBuilder<unknown>) => sql`
  UNION ALL
  SELECT fact, NULL,
    ${GROUP_COLUMNS},
    0, 0, array_agg(days ORDER BY days), array_agg(n ORDER BY days), ${BITS_OF_DIMENSION}
  FROM (
    SELECT fact, dimension, value, days, sum(n)::int AS n FROM (
      SELECT fact, dimension, value, days, n FROM kpi_group_days WHERE month >= ${from} AND month < ${to}
      UNION ALL
      SELECT d.fact, g.dimension, COALESCE(g.value, ''), d.days, d.n
      FROM kpi_group_day_deltas d ${FAN_OUT}
      WHERE d.month >= ${from} AND d.month < ${to}
    ) kept
    GROUP BY fact, dimension, value, days
    HAVING sum(n) > 0
  ) counted
  GROUP BY fact, dimension, value`;

/** Units' days values each once, in order, and how many units have each. */
function countsOfDays(unitDays: readonly number[]): Pick<FactRow, 'days' | 'counts'> {
  const countOf = new Map<number, number>();
  for (const d of unitDays) countOf.set(d, (countOf.get(d) ?? 0) + 1);
  const days = [...countOf.keys()].sort((a, b) => a - b);
  return { days, counts: days.map((d) => countOf.get(d)!) };
}

/** A group's column of the facts, or none (the area's sums). */
export type FactGrouping = 'type' | 'provider' | 'court' | 'pdu' | null;

/**
 * What the facts are summed by: `finest`, each combination of type, provider, court and PDU (what a filtered
 * report picks from); `each`, each grouping alone (what an unfiltered report of that breakdown sums), far fewer
 * rows than the combinations, since a unit falls in one group of each.
 */
export type FactShape = 'finest' | 'each';

export type FactUnits = Omit<FactRow, 'region'> & { grouping: FactGrouping | 'finest' };

// GROUPING(type, provider, court, pdu): a bit set for each column a row is not grouped by.
const GROUPING_OF_BITS = new Map<number, FactGrouping>([
  [0b0111, 'type'],
  [0b1011, 'provider'],
  [0b1101, 'court'],
  [0b1110, 'pdu'],
  [0b1111, null],
]);

/**
 * Every KPI fact's units over a period, summed per fact and category and per group of the shape: `finest` from
 * the KPI events and the ledgers per requirement and order (`unitsByCombination`), `each` from the facts kept
 * per group and the milestones (`unitsByGroup`). See api/kpis/registry.ts for what each fact counts; the
 * definitions there and these statements go together.
 */
export async function kpiFacts(
  db: Kysely<Database>,
  period: DayRange,
  options: FactOptions,
  shape: FactShape,
): Promise<FactUnits[]> {
  for (const day of [period.from, period.to])
    if (!day.endsWith('-01')) throw new Error(`A KPI period is of whole months: ${day} starts none`);
  return shape === 'finest' ? unitsByCombination(db, period, options) : unitsByGroup(db, period, options);
}

const dateOf = (day: string) => sql`${day}::date`;
const holidaysOf = (options: FactOptions) => sql`${[...options.bankHolidays]}::date[]`;
/**
 * Each day of a period with the last day a requirement sentenced on it reaches treatment within the working
 * days (`workingDaysAfter` it at most `firstTreatmentWithinWorkingDays`, by the same bank holidays): the
 * statement compares each unit's day with it.
 */
export function lastDaysWithin(period: DayRange, options: FactOptions): { days: string[]; lasts: string[] } {
  // The period's bank holidays, the shipped table's and the announced: the calendar adds them to its own.
  const calendar = { extraBankHolidays: options.bankHolidays };
  const days: string[] = [];
  const lasts: string[] = [];
  for (let day = period.from; day < period.to; day = addDays(day, 1)) {
    days.push(day);
    lasts.push(addDays(addWorkingDays(day, options.firstTreatmentWithinWorkingDays + 1, calendar), -1));
  }
  return { days, lasts };
}

/** The shares of units reached within so many days of sentence: from the kept days, of the units counted. */
const withinFacts = (options: FactOptions) =>
  [
    { fact: 'treatment-within-3-weeks', days: 'treatment-days', of: 'imposed', most: 21 },
    {
      fact: 'induction-within-5-days',
      days: 'induction-days',
      of: 'orders-made',
      most: options.inductionWithinDays,
    },
  ] as const;

/**
 * The units by each breakdown alone, with no join to a projection: the share treated within so many working
 * days from the period's requirement milestones (`kpi_milestones`, read by their sentence's index and grouped
 * by the group each is posted under: it depends on the bank holidays), the additive facts from the kept sums,
 * warnings in force, proposed and suitable-and-consented from the kept month spans, the days to treatment and
 * induction from the kept counts per days value, and the shares within so many days from those counts and the
 * units they are shares of.
 */
async function unitsByGroup(
  db: Kysely<Database>,
  period: DayRange,
  options: FactOptions,
): Promise<FactUnits[]> {
  const from = dateOf(period.from);
  const to = dateOf(period.to);
  const group = sql`p_type, p_provider, p_court, p_pdu`;
  const within = lastDaysWithin(period, options);
  // Each its own statement, within the statement timeout, as the sums' alone was.
  await sql`SELECT kpi_compact_group_deltas()`.execute(db);
  await sql`SELECT kpi_compact_group_day_deltas()`.execute(db);
  await sql`SELECT kpi_compact_span_deltas()`.execute(db);
  const { rows } = await sql<
    Omit<FactRow, 'region' | 'days' | 'counts'> & {
      days: number[] | null;
      counts: number[] | null;
      bits: number;
    }
  >`
    WITH
    units (fact, type, provider, court, pdu, num, den) AS (
      SELECT 'treatment-within-10-working-days', ${group}, (reached_on IS NOT NULL AND reached_on <= w.last)::int, 1
      FROM kpi_milestones JOIN unnest(${within.days}::date[], ${within.lasts}::date[]) AS w(day, last)
        ON w.day = sentenced
      WHERE kind = 'requirement' AND posted AND sentenced >= ${from} AND sentenced < ${to}
    )
    SELECT fact, NULL AS category, type, provider, court, pdu, sum(num)::int AS num, sum(den)::int AS den,
      NULL::int[] AS days, NULL::int[] AS counts, GROUPING(type, provider, court, pdu) AS bits
    FROM units
    GROUP BY GROUPING SETS ((fact), (fact, type), (fact, provider), (fact, court), (fact, pdu))
    ${keptSums(from, to)}
    ${keptSpans(from, to)}
    ${keptDays(from, to)}
  `.execute(db);
  const units: FactUnits[] = rows.map(({ bits, counts, ...r }) => ({
    ...r,
    days: r.days ?? [],
    counts: counts ?? [],
    grouping: GROUPING_OF_BITS.get(bits)!,
  }));
  const keyOf = (u: FactUnits, fact: string) =>
    JSON.stringify([fact, u.grouping, u.type, u.provider, u.court, u.pdu]);
  const byKey = new Map(units.map((u) => [keyOf(u, u.fact), u]));
  for (const w of withinFacts(options))
    for (const counted of units.filter((u) => u.fact === w.of)) {
      const reached = byKey.get(keyOf(counted, w.days)) ?? { days: [], counts: [] };
      units.push({
        ...counted,
        fact: w.fact,
        num: reached.days.reduce((n, d, i) => (d <= w.most ? n + reached.counts[i]! : n), 0),
        den: counted.num,
        days: [],
        counts: [],
      });
    }
  return units;
}

/** The units by each combination of type, provider, court and PDU, from the events and the ledgers. */
async function unitsByCombination(
  db: Kysely<Database>,
  period: DayRange,
  options: FactOptions,
): Promise<FactUnits[]> {
  const from = dateOf(period.from);
  const to = dateOf(period.to);
  const fromAt = sql`${startOfLondonDay(period.from)}::timestamptz`;
  const toAt = sql`${startOfLondonDay(period.to)}::timestamptz`;
  const onLondonDay = (column: string) => sql`(${sql.ref(column)} AT TIME ZONE 'Europe/London')::date`;
  const inPeriod = (date: ReturnType<typeof sql>) => sql`(${date} >= ${from} AND ${date} < ${to})`;
  // The day kpi_events files an event under, indexed: narrows each type to the period; the exact test beside it.
  const onDay = inPeriod(sql`day`);
  const payloadDate = (field: string) => sql`(payload->>${sql.lit(field)})::date`;
  const holidays = holidaysOf(options);
  // The additive facts' units (appointments, drug tests, and the events that add up over months) from their
  // ledgers, per requirement or order.
  const ledgerUnits = sql`UNION ALL SELECT fact, NULLIF(category, ''), requirement_id, order_id, sum(num)::int, sum(den)::int, NULL
    FROM (
      SELECT fact, category, requirement_id, order_id, num, den FROM kpi_monthly_sums
      WHERE month >= ${from} AND month < ${to}
      UNION ALL SELECT fact, category, requirement_id, order_id, num, den FROM kpi_event_units
      WHERE month >= ${from} AND month < ${to}
    ) ledger
    GROUP BY fact, category, requirement_id, order_id`;

  // SQL gives null days where a fact has no day counts; the row says [].
  const { rows } = await sql<Omit<FactRow, 'region' | 'days' | 'counts'> & { days: number[] | null }>`
    WITH
    made AS (
      SELECT order_id, ${payloadDate('sentenceDate')} AS sentenced, payload->'impositions' AS impositions
      FROM kpi_events WHERE type = 'OrderMade' AND day < ${to}
    ),
    made_in AS (SELECT * FROM made WHERE ${inPeriod(sql`sentenced`)}),
    imposed_in AS (
      SELECT (i->>'requirementId')::uuid AS requirement_id, m.order_id, m.sentenced
      FROM made_in m CROSS JOIN LATERAL jsonb_array_elements(m.impositions) AS i
    ),
    started AS (
      SELECT DISTINCT ON (t.requirement_id) t.requirement_id,
        (COALESCE(a.start_at, t.occurred_at) AT TIME ZONE 'Europe/London')::date AS started_on
      FROM kpi_events t LEFT JOIN appointments a ON a.id = (t.payload->>'appointmentId')::uuid
      WHERE t.type = 'TreatmentStarted' AND t.requirement_id IN (SELECT requirement_id FROM imposed_in)
      ORDER BY t.requirement_id, t.seq
    ),
    treatment AS (
      SELECT i.requirement_id, i.order_id, s.started_on - i.sentenced AS days,
        s.started_on IS NOT NULL AND ${workingDaysAfter(sql`i.sentenced`, sql`s.started_on`, holidays)}
          <= ${options.firstTreatmentWithinWorkingDays} AS within_working_days
      FROM imposed_in i LEFT JOIN started s USING (requirement_id)
    ),
    inducted AS (
      SELECT DISTINCT ON (order_id) order_id, ${payloadDate('completedOn')} AS inducted_on
      FROM kpi_events WHERE type = 'InductionCompleted' AND order_id IN (SELECT order_id FROM made_in)
      ORDER BY order_id, seq
    ),
    -- Each case sentenced in the period once: by its order made, else by its other sentence.
    decided_in AS (
      SELECT DISTINCT ON (order_id) order_id, impositions FROM (
        SELECT order_id, impositions, 0 AS by_other_sentence FROM made_in
        UNION ALL
        SELECT order_id, '[]'::jsonb, 1 FROM kpi_events
        WHERE type = 'SentenceRecorded' AND ${onDay} AND payload->>'outcome' <> 'ADJOURNED'
          AND occurred_at >= ${fromAt} AND occurred_at < ${toAt}
      ) sentenced
      ORDER BY order_id, by_other_sentence
    ),
    -- Each requirement's latest assessment outcome and consent, in one pass over both kinds of event.
    assessed_consented AS (
      SELECT order_id, payload->>'requirementId' AS rid,
        (array_agg(payload->>'outcome' ORDER BY seq DESC) FILTER (WHERE type = 'AssessmentCompleted'))[1] AS outcome,
        (array_agg(payload->>'status' ORDER BY seq DESC) FILTER (WHERE type = 'ConsentRecorded'))[1] AS status
      FROM kpi_events
      WHERE type IN ('AssessmentCompleted', 'ConsentRecorded') AND order_id IN (SELECT order_id FROM decided_in)
      GROUP BY order_id, payload->>'requirementId'
    ),
    suitable AS (
      SELECT a.rid::uuid AS requirement_id, a.order_id,
        (d.impositions @> jsonb_build_array(jsonb_build_object('requirementId', a.rid)))::int AS imposed
      FROM assessed_consented a JOIN decided_in d ON d.order_id = a.order_id
      WHERE a.outcome = 'SUITABLE' AND a.status = 'GIVEN'
    ),
    proposed AS (
      SELECT DISTINCT rid::uuid AS requirement_id, e.order_id
      FROM kpi_events e CROSS JOIN LATERAL jsonb_array_elements_text(e.payload->'requirementIds') AS rid
      WHERE e.type = 'ProposalSubmitted' AND ${onDay} AND e.occurred_at >= ${fromAt} AND e.occurred_at < ${toAt}
    ),
    in_force AS (
      SELECT m.order_id FROM made m
      WHERE m.sentenced < ${to} AND NOT EXISTS (
        SELECT 1 FROM kpi_events x
        WHERE x.order_id = m.order_id AND x.type = 'OrderEnded' AND (x.payload->>'endedOn')::date < ${from})
    ),
    warnings AS (
      SELECT order_id, count(*)::int AS n FROM kpi_events
      WHERE type = 'WarningGiven' AND ${onDay} AND ${inPeriod(payloadDate('givenOn'))} GROUP BY order_id
    ),
    reviews_in AS (
      SELECT e.requirement_id, e.order_id, e.payload->>'reviewId' AS review_id, ${payloadDate('date')} AS scheduled
      FROM kpi_events e JOIN reviews r ON r.id = (e.payload->>'reviewId')::uuid
      WHERE e.type = 'ReviewScheduled' AND ${onDay} AND ${inPeriod(payloadDate('date'))} AND r.status <> 'WITHDRAWN'
    ),
    review_steps AS (
      SELECT payload->>'reviewId' AS review_id,
        bool_or(type = 'ReviewHeld' AND ${onLondonDay('occurred_at')} <= rv.scheduled) AS held_by_date,
        bool_or(type = 'ReviewAdjourned') AS adjourned,
        bool_or(type = 'ReviewReportSubmitted') AS reported,
        bool_or(type = 'ReviewReportOverdue') AS report_overdue
      FROM kpi_events events JOIN reviews_in rv ON rv.review_id = events.payload->>'reviewId'
      WHERE type IN ('ReviewHeld', 'ReviewAdjourned', 'ReviewReportSubmitted', 'ReviewReportOverdue')
        AND events.requirement_id IN (SELECT requirement_id FROM reviews_in)
      GROUP BY payload->>'reviewId'
    ),
    units (fact, category, requirement_id, order_id, num, den, days) AS (
      SELECT 'proposed', NULL::text, requirement_id, order_id, 1, 0, NULL::int FROM proposed
      UNION ALL SELECT 'suitable-consented', NULL, requirement_id, order_id, imposed, 1, NULL FROM suitable
      UNION ALL SELECT 'treatment-days', NULL, requirement_id, order_id, 0, 0, days FROM treatment WHERE days IS NOT NULL
      UNION ALL SELECT 'treatment-within-10-working-days', NULL, requirement_id, order_id, within_working_days::int, 1, NULL
        FROM treatment
      UNION ALL SELECT 'treatment-within-3-weeks', NULL, requirement_id, order_id, COALESCE(days <= 21, false)::int, 1, NULL
        FROM treatment
      UNION ALL SELECT 'induction-days', NULL, NULL, m.order_id, 0, 0, i.inducted_on - m.sentenced
        FROM made_in m JOIN inducted i USING (order_id)
      UNION ALL SELECT 'induction-within-5-days', NULL, NULL, m.order_id,
          COALESCE(i.inducted_on - m.sentenced <= ${options.inductionWithinDays}, false)::int, 1, NULL
        FROM made_in m LEFT JOIN inducted i USING (order_id)
      ${ledgerUnits}
      UNION ALL SELECT 'warnings', NULL, NULL, f.order_id, COALESCE(w.n, 0), 1, NULL
        FROM in_force f LEFT JOIN warnings w USING (order_id)
      UNION ALL SELECT 'drr-reviews-on-schedule', NULL, rv.requirement_id, rv.order_id,
          COALESCE(st.held_by_date AND NOT st.adjourned, false)::int, 1, NULL
        FROM reviews_in rv LEFT JOIN review_steps st USING (review_id)
      UNION ALL SELECT 'drr-reports-in-time', NULL, rv.requirement_id, rv.order_id,
          COALESCE(st.reported AND NOT st.report_overdue, false)::int, 1, NULL
        FROM reviews_in rv LEFT JOIN review_steps st USING (review_id)
    ),
    order_types AS (
      SELECT order_id, string_agg(DISTINCT type, '+' ORDER BY type) AS types FROM requirements
      WHERE stage = 'SENTENCED' AND order_id IN (SELECT order_id FROM units WHERE requirement_id IS NULL)
      GROUP BY order_id
    ),
    grouped AS (
      SELECT u.fact, u.category,
        CASE WHEN u.requirement_id IS NULL THEN ot.types ELSE r.type END AS type,
        r.provider_org_id AS provider, o.court_code AS court, o.pdu, u.num, u.den, u.days
      FROM units u
      JOIN orders o ON o.id = u.order_id
      LEFT JOIN requirements r ON r.id = u.requirement_id
      LEFT JOIN order_types ot ON u.requirement_id IS NULL AND ot.order_id = u.order_id
    )
    SELECT fact, category, type, provider, court, pdu,
      sum(num)::int AS num, sum(den)::int AS den,
      array_agg(days) FILTER (WHERE days IS NOT NULL) AS days
    FROM grouped
    GROUP BY fact, category, type, provider, court, pdu
  `.execute(db);
  return rows.map((r) => ({ ...r, ...countsOfDays(r.days ?? []), grouping: 'finest' }));
}

/** The region of every PDU code given, by the longest prefix of it in `unit_regions`; null where none. */
export async function regionsOfPdus(
  db: Kysely<Database>,
  pdus: readonly string[],
): Promise<Map<string, string | null>> {
  const prefixes = await db
    .selectFrom('unit_regions')
    .select(['code_prefix', 'region'])
    .where('kind', '=', 'PDU')
    .execute();
  prefixes.sort((a, b) => b.code_prefix.length - a.code_prefix.length);
  return new Map(
    pdus.map((pdu) => [pdu, prefixes.find((p) => pdu.startsWith(p.code_prefix))?.region ?? null]),
  );
}
