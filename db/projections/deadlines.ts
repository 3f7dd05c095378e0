import type { Kysely } from 'kysely';
import type { Database } from '../schema';
import { type ScopedDeadline, deadlineRows } from './rows';

/** Replaces an aggregate's open deadlines with its current list. */
export async function replaceDeadlines(
  db: Kysely<Database>,
  aggregateId: string,
  deadlines: readonly ScopedDeadline[],
) {
  await db.deleteFrom('deadlines').where('aggregate_id', '=', aggregateId).execute();
  if (deadlines.length === 0) return;
  await db.insertInto('deadlines').values(deadlineRows(aggregateId, deadlines)).execute();
}
