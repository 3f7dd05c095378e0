import { CompiledQuery, type Kysely } from 'kysely';
import { prepareOnEachConnection } from '../prepared';
import type { Database } from '../schema';

/** How one table's rows are upserted by `upsertRows`. Names are the code's own, never a caller's input. */
export interface RowsUpsert {
  table: string;
  columns: readonly string[];
  /** Columns whose row value is JSON text, stored as jsonb. */
  json: readonly string[];
  /** The columns an existing row (same id) takes from the new one, when one of them differs. */
  updated: readonly string[];
}

/**
 * The statement text that upserts rows given as one JSON array (`$1`): one text whatever their number, so it
 * is compiled once and runs as a prepared statement, where a multi-row VALUES list is a new text for each
 * number of rows. Each column is read with the table's own type (`jsonb_populate_record`).
 */
export function upsertRowsText({ table, columns, json, updated }: RowsUpsert): string {
  const read = columns.map((c) => (json.includes(c) ? `(e->>'${c}')::jsonb` : `p.${c}`));
  const stored = updated.map((c) => `t.${c}`);
  const proposed = updated.map((c) => `excluded.${c}`);
  const text = `INSERT INTO ${table} AS t (${columns.join(', ')})
SELECT ${read.join(', ')}
FROM jsonb_array_elements($1::jsonb) AS e CROSS JOIN LATERAL jsonb_populate_record(NULL::${table}, e) AS p
ON CONFLICT (id) DO UPDATE SET ${updated.map((c) => `${c} = excluded.${c}`).join(', ')}
WHERE (${stored.join(', ')}) IS DISTINCT FROM (${proposed.join(', ')})`;
  prepareOnEachConnection(text);
  return text;
}

/** Runs an `upsertRowsText` statement over `rows` (none: nothing is sent). */
export async function upsertRows(
  db: Kysely<Database>,
  text: string,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.executeQuery(CompiledQuery.raw(text, [JSON.stringify(rows)]));
}
