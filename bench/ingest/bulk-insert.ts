import type pg from 'pg';
import type { Row } from './rows';

/** Rows per statement: large enough to amortise the round trip, small enough to keep parameters modest. */
export const ROWS_PER_STATEMENT = 5_000;

/** A Postgres array literal of text, for array-typed columns sent through unnest as text. */
function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

/**
 * Inserts rows with one statement per chunk: each column travels as one array parameter and `unnest`
 * turns them back into rows, so a chunk of thousands of rows costs one parse and one round trip.
 */
export async function insertRows(
  client: pg.ClientBase,
  table: string,
  columns: Readonly<Record<string, string>>,
  rows: readonly Row[],
): Promise<void> {
  const names = Object.keys(columns);
  for (let from = 0; from < rows.length; from += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(from, from + ROWS_PER_STATEMENT);
    const params = names.map((name) =>
      columns[name]!.endsWith('[]')
        ? chunk.map((r) => arrayLiteral(r[name] as string[]))
        : chunk.map((r) => r[name] ?? null),
    );
    const unnestTypes = names.map(
      (name, i) => `$${i + 1}::${columns[name]!.endsWith('[]') ? 'text' : columns[name]}[]`,
    );
    const selected = names.map((name) =>
      columns[name]!.endsWith('[]') ? `${name}::${columns[name]}` : name,
    );
    await client.query(
      `INSERT INTO ${table} (${names.join(', ')}) SELECT ${selected.join(', ')} FROM unnest(${unnestTypes.join(', ')}) AS u(${names.join(', ')})`,
      params,
    );
  }
}
