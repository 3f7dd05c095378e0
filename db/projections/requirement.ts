import { CompiledQuery, type Kysely } from 'kysely';
import type { RequirementView } from '../../domain/requirement';
import { prepareOnEachConnection } from '../prepared';
import type { Database } from '../schema';
import { type RequirementScope, requirementRows } from './rows';
import { upsertRows, upsertRowsText } from './upsert';

export type { RequirementScope } from './rows';

const COLUMNS = [
  'id',
  'order_id',
  'stage',
  'version',
  'type',
  'status',
  'provider_org_id',
  'pdu',
  'court_code',
  'period_start',
  'period_end',
  'updated_at',
  'view',
];

const DISCLOSURE_COLUMNS = [
  'requirement_id',
  'order_id',
  'shown',
  'version',
  'rules',
  'text',
  'deadlines_at',
];

/**
 * `$1` the requirement's row as JSON (its view as JSON text), `$2` its kept disclosed texts (a JSON array of
 * `requirement_disclosures` rows), written only with the view. Until probation first refers it, the provider
 * that assessed the person keeps the requirement in scope; from then on, only the provider it is referred to
 * (none while a declined referral waits). A pre-sentence row is taken over; a sentenced one only by a newer
 * version.
 */
const UPSERT_REQUIREMENT = `WITH written AS (
INSERT INTO requirements AS r (${COLUMNS.join(', ')})
SELECT ${COLUMNS.map((c) => (c === 'view' ? `($1::jsonb->>'view')::jsonb` : `p.${c}`)).join(', ')}
FROM jsonb_populate_record(NULL::requirements, $1::jsonb) AS p
ON CONFLICT (id) DO UPDATE SET ${COLUMNS.filter((c) => c !== 'id' && c !== 'provider_org_id')
  .map((c) => `${c} = excluded.${c}`)
  .join(', ')},
  provider_org_id = coalesce(excluded.provider_org_id, CASE WHEN NOT EXISTS (
    SELECT 1 FROM events WHERE events.requirement_id = excluded.id AND events.type = 'ReferredToProvider'
  ) THEN r.provider_org_id END)
WHERE r.stage = 'PRE_SENTENCE' OR r.version < excluded.version
RETURNING id
), kept AS (
INSERT INTO requirement_disclosures (${DISCLOSURE_COLUMNS.join(', ')})
SELECT ${DISCLOSURE_COLUMNS.map((c) => `k.${c}`).join(', ')}
FROM written CROSS JOIN jsonb_populate_recordset(NULL::requirement_disclosures, $2::jsonb) AS k
ON CONFLICT (requirement_id, shown) DO UPDATE SET ${DISCLOSURE_COLUMNS.filter(
  (c) => c !== 'requirement_id' && c !== 'shown',
)
  .map((c) => `${c} = excluded.${c}`)
  .join(', ')}
)
SELECT id FROM written`;
prepareOnEachConnection(UPSERT_REQUIREMENT);

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
  const written = await db.executeQuery(
    CompiledQuery.raw(UPSERT_REQUIREMENT, [
      JSON.stringify(rows.requirement),
      JSON.stringify(rows.disclosures),
    ]),
  );
  if (written.rows.length === 0) return false;
  await upsertRows(db, UPSERT_APPOINTMENTS, rows.appointments);
  await upsertRows(db, UPSERT_DRUG_TESTS, rows.drugTests);
  await upsertRows(db, UPSERT_REVIEWS, rows.reviews);
  return true;
}
