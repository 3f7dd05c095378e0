import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import { prepareOnEachConnection } from './prepared';
import type { Database } from './schema';

/** Marks a value's place among a compiled query's parameters; no value a request brings can start so. */
const HOLE = '\u0000value:';

/**
 * A read whose SQL depends only on its shape (a role, say), built and compiled by Kysely once per shape with a
 * marker in each value's place, then run with each call's values put in their places: for the hottest reads,
 * where building and compiling the query cost more CPU than reading its rows. Every value must reach the SQL
 * as a parameter (compared, never spliced into the text or deciding the shape): compiling checks the first.
 * Any other parameter (a constant limit, say) is kept as first compiled: it must be the same for the shape.
 * Each runs as a named prepared statement (`db/prepared.ts`): parsed, and mostly planned, once per connection.
 */
export function compiledOnce<S extends string, K extends string, R>(
  build: (db: Kysely<Database>, shape: S, values: Record<K, string>) => Compilable<R>,
) {
  const compiled = new Map<S, CompiledQuery<R>>();
  const compile = (db: Kysely<Database>, shape: S, keys: readonly K[]) => {
    const holes = Object.fromEntries(keys.map((k) => [k, HOLE + k])) as Record<K, string>;
    const query = build(db, shape, holes).compile();
    if (query.sql.includes(HOLE)) throw new Error(`a value of the ${shape} read is spliced into its SQL`);
    prepareOnEachConnection(query.sql);
    compiled.set(shape, query);
    return query;
  };
  return async (db: Kysely<Database>, shape: S, values: Record<K, string>): Promise<R[]> => {
    const query = compiled.get(shape) ?? compile(db, shape, Object.keys(values) as K[]);
    const parameters = query.parameters.map((v) =>
      typeof v === 'string' && v.startsWith(HOLE) ? values[v.slice(HOLE.length) as K] : v,
    );
    return (await db.executeQuery<R>({ ...query, parameters })).rows;
  };
}
