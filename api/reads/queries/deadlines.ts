import type { Kysely } from 'kysely';
import { Role } from '../../../domain/primitives';
import type { Database } from '../../../db/schema';
import type { Principal } from '../../env';
import { namesOnlyVisibleRequirements } from '../../scope';
import { type Read, readOf } from './read';

export interface DeadlineRow {
  kind: string;
  /** A Date from a row; the same instant as text from a row inside a JSON aggregate. */
  due_at: Date | string;
  order_id: string;
  requirement_id: string | null;
  subject_id: string;
  description: string;
  role: string;
}

/** A deadline is overdue once its due time has passed on the engine's clock. */
export function isOverdue(dueAt: Date | string, now: Date): boolean {
  return new Date(dueAt).getTime() < now.getTime();
}

/** A deadline as every read shows it. */
export function deadlineJson(d: DeadlineRow, now: Date) {
  return {
    kind: d.kind,
    dueAt: new Date(d.due_at).toISOString(),
    overdue: isOverdue(d.due_at, now),
    role: Role.parse(d.role),
    orderId: d.order_id,
    requirementId: d.requirement_id,
    subjectId: d.subject_id || null,
    description: d.description,
  };
}

export interface DeadlineFilters {
  overdue?: 'true' | 'false';
  dueBefore?: string;
  limit: number;
}

/** The caller's worklist: deadlines for its role and organisation on what it may see, soonest first. */
export async function listDeadlines(
  db: Kysely<Database>,
  p: Principal,
  q: DeadlineFilters,
  now: Date,
): Promise<Read<{ items: ReturnType<typeof deadlineJson>[] }>> {
  let query = db
    .selectFrom('deadlines')
    .select(['kind', 'due_at', 'order_id', 'requirement_id', 'subject_id', 'description', 'role'])
    .where('role', '=', p.role)
    .where('org', '=', p.org)
    .where(namesOnlyVisibleRequirements(p, 'deadlines.requirement_id'))
    .orderBy('due_at')
    .limit(q.limit);
  if (q.overdue === 'true') query = query.where('due_at', '<', now);
  if (q.overdue === 'false') query = query.where('due_at', '>=', now);
  if (q.dueBefore) query = query.where('due_at', '<', new Date(q.dueBefore));
  const rows = await query.execute();
  return {
    value: { items: rows.map((d) => deadlineJson(d, now)) },
    // A deadline names its order or requirement and says what is happening to it: a read of that thing.
    accessed: rows.map((d) =>
      d.requirement_id
        ? readOf('requirement', d.requirement_id, d.order_id)
        : readOf('order', d.order_id, d.order_id),
    ),
  };
}
