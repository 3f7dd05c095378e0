import { CompiledQuery, type Kysely } from 'kysely';
import { prepareOnEachConnection } from '../prepared';
import type { Database } from '../schema';
import { type ScopedDeadline, deadlineRows } from './rows';

/**
 * `$1` the aggregate, `$2` its deadline rows as JSON. The rows it no longer lists are deleted and the others
 * written where they differ, in one statement: the two touch different rows, so neither sees the other's.
 */
const REPLACE = `WITH listed AS (
  SELECT (d->>'kind') AS kind, (d->>'subject_id') AS subject_id, (d->>'order_id')::uuid AS order_id,
    (d->>'requirement_id')::uuid AS requirement_id, (d->>'role') AS role, (d->>'org') AS org,
    (d->>'due_at')::timestamptz AS due_at, (d->>'description') AS description
  FROM jsonb_array_elements($2::jsonb) AS d
),
dropped AS (
  DELETE FROM deadlines o WHERE o.aggregate_id = $1::uuid
  AND NOT EXISTS (SELECT 1 FROM listed l WHERE l.kind = o.kind AND l.subject_id = o.subject_id)
)
INSERT INTO deadlines AS o (aggregate_id, kind, subject_id, order_id, requirement_id, role, org, due_at, description)
SELECT $1::uuid, kind, subject_id, order_id, requirement_id, role, org, due_at, description FROM listed
ON CONFLICT (aggregate_id, kind, subject_id) DO UPDATE SET order_id = excluded.order_id,
  requirement_id = excluded.requirement_id, role = excluded.role, org = excluded.org, due_at = excluded.due_at,
  description = excluded.description
WHERE (o.order_id, o.requirement_id, o.role, o.org, o.due_at, o.description) IS DISTINCT FROM
  (excluded.order_id, excluded.requirement_id, excluded.role, excluded.org, excluded.due_at, excluded.description)`;
prepareOnEachConnection(REPLACE);

/** Replaces an aggregate's open deadlines with its current list (one statement; unchanged rows left as they are). */
export async function replaceDeadlines(
  db: Kysely<Database>,
  aggregateId: string,
  deadlines: readonly ScopedDeadline[],
) {
  const rows = JSON.stringify(deadlineRows(aggregateId, deadlines));
  await db.executeQuery(CompiledQuery.raw(REPLACE, [aggregateId, rows]));
}
