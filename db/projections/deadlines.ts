import type { Kysely, Transaction } from 'kysely';
import type { Deadline } from '../../domain/deadlines';
import type { Database } from '../schema';

type Db = Kysely<Database> | Transaction<Database>;

/** A deadline as the worklist stores it: scoped to the organisation whose role must act. */
export interface ScopedDeadline extends Deadline {
  org: string;
}

/** Replaces an aggregate's open deadlines with its current list. */
export async function replaceDeadlines(db: Db, aggregateId: string, deadlines: readonly ScopedDeadline[]) {
  await db.deleteFrom('deadlines').where('aggregate_id', '=', aggregateId).execute();
  if (deadlines.length === 0) return;
  const unique = new Map(deadlines.map((d) => [`${d.kind}/${d.subjectId ?? ''}`, d]));
  await db
    .insertInto('deadlines')
    .values(
      [...unique.values()].map((d) => ({
        aggregate_id: aggregateId,
        kind: d.kind,
        subject_id: d.subjectId ?? '',
        order_id: d.orderId,
        requirement_id: d.requirementId ?? null,
        role: d.role,
        org: d.org,
        due_at: d.dueAt,
        description: d.description,
      })),
    )
    .execute();
}
