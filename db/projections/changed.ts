import { type RawBuilder, sql } from 'kysely';

/**
 * An upsert's condition that a row it would update differs in one of `columns` from the one proposed: a row
 * written again as it is would only add a row version (and its index entries and WAL) to the table.
 */
export function changed(table: string, columns: readonly string[]): RawBuilder<boolean> {
  const stored = columns.map((c) => sql.ref(`${table}.${c}`));
  const proposed = columns.map((c) => sql.ref(`excluded.${c}`));
  return sql<boolean>`(${sql.join(stored)}) IS DISTINCT FROM (${sql.join(proposed)})`;
}
