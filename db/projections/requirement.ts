import { CompiledQuery, type Kysely } from 'kysely';
import type { RequirementView } from '../../domain/requirement';
import { prepareOnEachConnection } from '../prepared';
import { DISCLOSURE_RULES, KEPT_SETS } from './disclosures';
import type { Database } from '../schema';
import { REQUIREMENT_COLUMNS, type RequirementRows, type RequirementScope, requirementRows } from './rows';
import { upsertRows, upsertRowsText } from './upsert';

export type { RequirementScope } from './rows';

/** The kept texts' parameters: each set's text its own (sent as it is, never escaped into an array's). */
const TEXTS = Array.from({ length: KEPT_SETS }, (_, i) => `$${i + 6}::text`);

/**
 * `$1` the requirement's row as JSON but its view, `$2` the view; its kept disclosed texts
 * (`requirement_disclosures` rows), written only with the view: `$3` their sets, `$4` where each one's deadlines
 * start, `$5` the rules, and from `$6` the texts, one parameter each (null past the last). Until probation first refers it, the provider
 * that assessed the person keeps the requirement in scope; from then on, only the provider it is referred to
 * (none while a declined referral waits). A pre-sentence row is taken over; a sentenced one only by a newer
 * version.
 */
const UPSERT_REQUIREMENT = `WITH written AS (
INSERT INTO requirements AS r (${REQUIREMENT_COLUMNS.join(', ')})
SELECT ${REQUIREMENT_COLUMNS.map((c) => (c === 'view' ? '$2::jsonb' : `p.${c}`)).join(', ')}
FROM jsonb_populate_record(NULL::requirements, $1::jsonb) AS p
ON CONFLICT (id) DO UPDATE SET ${REQUIREMENT_COLUMNS.filter((c) => c !== 'id' && c !== 'provider_org_id')
  .map((c) => `${c} = excluded.${c}`)
  .join(', ')},
  provider_org_id = coalesce(excluded.provider_org_id, CASE WHEN NOT EXISTS (
    SELECT 1 FROM events WHERE events.requirement_id = excluded.id AND events.type = 'ReferredToProvider'
  ) THEN r.provider_org_id END)
WHERE r.stage = 'PRE_SENTENCE' OR r.version < excluded.version
RETURNING id, order_id, version
), kept AS (
INSERT INTO requirement_disclosures (requirement_id, order_id, shown, version, rules, text, deadlines_at)
SELECT written.id, written.order_id, k.shown, written.version, $5, k.text, k.deadlines_at
FROM written CROSS JOIN unnest($3::text[], ARRAY[${TEXTS.join(', ')}], $4::integer[]) AS k(shown, text, deadlines_at)
WHERE k.text IS NOT NULL
ON CONFLICT (requirement_id, shown) DO UPDATE SET
  version = excluded.version, rules = excluded.rules, text = excluded.text, deadlines_at = excluded.deadlines_at
)
SELECT id FROM written`;
prepareOnEachConnection(UPSERT_REQUIREMENT);

/** The requirement's row and its kept texts, written only by a newer version (no row answered otherwise). */
export function upsertRequirement(rows: RequirementRows): CompiledQuery {
  const { view, ...row } = rows.requirement;
  const kept = rows.disclosures;
  return CompiledQuery.raw(UPSERT_REQUIREMENT, [
    JSON.stringify(row),
    view,
    kept.map((k) => k.shown),
    kept.map((k) => k.deadlines_at),
    DISCLOSURE_RULES,
    ...Array.from({ length: KEPT_SETS }, (_, i) => kept[i]?.text ?? null),
  ]);
}

const KEYS = ['id', 'requirement_id', 'order_id', 'status'];
const UPSERT_APPOINTMENTS = upsertRowsText({
  table: 'appointments',
  columns: [...KEYS, 'start_at', 'kind', 'enforceable', 'outcome', 'data'],
  json: ['data'],
  updated: ['status', 'data', 'start_at', 'outcome'],
});
const UPSERT_DRUG_TESTS = upsertRowsText({
  table: 'drug_tests',
  columns: [...KEYS, 'due_at', 'outcome', 'data'],
  json: ['data'],
  updated: ['status', 'data', 'outcome'],
});
const UPSERT_REVIEWS = upsertRowsText({
  table: 'reviews',
  columns: [...KEYS, 'review_date', 'mode', 'data'],
  json: ['data'],
  updated: ['status', 'data', 'review_date', 'mode'],
});

/**
 * Writes a sentenced requirement's rows from its latest view, each statement compiled once: its appointments,
 * tests and reviews where they changed. Returns false, and writes nothing, when a newer version is already
 * stored.
 */
export async function projectRequirement(
  db: Kysely<Database>,
  view: RequirementView,
  scope: RequirementScope,
  version: number,
  at: string,
): Promise<boolean> {
  if (view.status === 'NOT_IMPOSED') return false;
  const rows = requirementRows(view, scope, version, at);
  const written = await db.executeQuery(upsertRequirement(rows));
  if (written.rows.length === 0) return false;
  await upsertRows(db, UPSERT_APPOINTMENTS, rows.appointments);
  await upsertRows(db, UPSERT_DRUG_TESTS, rows.drugTests);
  await upsertRows(db, UPSERT_REVIEWS, rows.reviews);
  return true;
}
