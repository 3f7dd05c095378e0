import { type Kysely, sql } from 'kysely';
import { type Instant, instantMs } from '../../../domain/calendar';
import { Role } from '../../../domain/primitives';
import type { Database } from '../../../db/schema';
import type { Principal } from '../../env';
import { namesOnlyVisibleRequirements, orderVisibleTo } from '../../scope';
import { compiledOnce } from '../../../db/compiled-once';
import { type Read, readOf } from './read';

export interface DeadlineRow {
  kind: string;
  /** The due instant as ISO 8601 in UTC to the millisecond (`dueAtIso`), as the answer shows it. */
  due_at: string;
  order_id: string;
  requirement_id: string | null;
  subject_id: string;
  description: string;
  role: string;
}

/**
 * A deadline's due instant as the reads select it: the text `Date.prototype.toISOString` would make of it, so
 * that no row's instant is parsed into a Date and printed again, and ISO texts compare as their instants do.
 */
const dueAtIso = (column: string) =>
  sql<string>`to_char(${sql.ref(column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A deadline's columns as every read selects them: a `DeadlineRow`. */
export const DEADLINE_COLUMNS = [
  'kind',
  dueAtIso('deadlines.due_at').as('due_at'),
  'order_id',
  'requirement_id',
  'subject_id',
  'description',
  'role',
] as const;

/**
 * A deadline is overdue once its due instant is strictly before the engine's clock: every read and page says
 * so by this rule, and the statements that filter or count the overdue by `due_at < now` with the clock as
 * their parameter.
 */
export function isOverdue(dueAt: Instant, now: Date): boolean {
  return instantMs(dueAt) < now.getTime();
}

/** A deadline as every read shows it, overdue by the engine's clock. */
export function deadlineJson(d: DeadlineRow, now: Date) {
  return {
    kind: d.kind,
    dueAt: d.due_at,
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

/** The caller's deadlines: for its role and organisation, on what it may see. */
function ownDeadlines(db: Kysely<Database>, p: Pick<Principal, 'role' | 'org'>) {
  return db
    .selectFrom('deadlines')
    .where('role', '=', p.role)
    .where('org', '=', p.org)
    .where(namesOnlyVisibleRequirements(p, 'deadlines.requirement_id'));
}

/**
 * The caller's worklist: deadlines for its role and organisation on what it may see, soonest first. The
 * limit, the clock and `dueBefore` (an instant) reach the SQL as parameters only (`compiledOnce`).
 */
function worklistQuery(
  db: Kysely<Database>,
  p: Pick<Principal, 'role' | 'org'>,
  q: { overdue?: 'true' | 'false' | undefined; dueBefore?: string | undefined; limit: number | string },
  now: Date | string,
) {
  let query = ownDeadlines(db, p)
    .select(DEADLINE_COLUMNS)
    // Deadlines due at the same time (periods end at midnight) in one order, so that pages neither repeat nor
    // skip one: the table's key after the due time (the column, not the text selected as `due_at`).
    .orderBy('deadlines.due_at')
    .orderBy('deadlines.aggregate_id')
    .orderBy('deadlines.kind')
    .orderBy('deadlines.subject_id')
    .limit(sql<number>`${q.limit}`);
  if (q.overdue === 'true') query = query.where(sql<boolean>`due_at < ${now}`);
  if (q.overdue === 'false') query = query.where(sql<boolean>`due_at >= ${now}`);
  if (q.dueBefore) query = query.where(sql<boolean>`due_at < ${q.dueBefore}`);
  return query;
}

/** The worklist compiled once per shape: the role, then `overdue` or `upcoming`, then `before`, space-separated. */
const worklistPage = compiledOnce(
  (db, shape: string, v: Record<'org' | 'now' | 'dueBefore' | 'limit', string>) => {
    const [role, ...filters] = shape.split(' ');
    const overdue = filters.includes('overdue') ? 'true' : filters.includes('upcoming') ? 'false' : undefined;
    return worklistQuery(
      db,
      { role: role as Role, org: v.org },
      { overdue, dueBefore: filters.includes('before') ? v.dueBefore : undefined, limit: v.limit },
      v.now,
    );
  },
);

function worklistRead(rows: DeadlineRow[], now: Date) {
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

/** The caller's worklist: deadlines for its role and organisation on what it may see, soonest first. */
export async function listDeadlines(
  db: Kysely<Database>,
  p: Principal,
  q: DeadlineFilters,
  now: Date,
): Promise<Read<{ items: ReturnType<typeof deadlineJson>[] }>> {
  const shape = [
    p.role,
    q.overdue === 'true' ? 'overdue' : q.overdue === 'false' ? 'upcoming' : '',
    q.dueBefore ? 'before' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const rows = await worklistPage(db, shape, {
    org: p.org,
    now: now.toISOString(),
    dueBefore: q.dueBefore ? new Date(q.dueBefore).toISOString() : '',
    limit: String(q.limit),
  });
  return worklistRead(rows, now);
}

/** How many of the caller's deadlines are overdue and how many are due, whatever page is shown. */
export interface DeadlineCounts {
  overdue: number;
  due: number;
}

/**
 * The worklist as the pages show it, a page at a time: `listDeadlines`'s deadlines from `offset`, with, in the
 * same statement, the counts of all of them (overdue and due) and the name of the person each deadline's order
 * is about (by order id; only of orders the caller may see, and every role that sees a case is shown the
 * person: domain/disclosure/classes.ts, IDENTITY). Counts are null when the page holds no deadline.
 */
export async function listDeadlinesNamed(
  db: Kysely<Database>,
  p: Principal,
  q: { limit: number; offset: number },
  now: Date,
): Promise<
  Read<{
    items: ReturnType<typeof deadlineJson>[];
    names: Map<string, string>;
    counts: DeadlineCounts | null;
  }>
> {
  const rows = await namedWorklistPage(db, p.role, {
    org: p.org,
    now: now.toISOString(),
    limit: String(q.limit),
    offset: String(q.offset),
  });
  const read = worklistRead(rows, now);
  const names = new Map(rows.flatMap((r) => (r.person_name === null ? [] : [[r.order_id, r.person_name]])));
  const first = rows[0];
  const counts = first
    ? { overdue: Number(first.overdue_count), due: Number(first.all_count) - Number(first.overdue_count) }
    : null;
  return { ...read, value: { ...read.value, names, counts } };
}

/**
 * A page of the worklist with its counts and names, compiled once per role. The counts are one aggregate
 * over the caller's deadlines beside the page (which reads only the rows it shows, in the index's order); the
 * name is the order's own column, not its view.
 */
const namedWorklistPage = compiledOnce(
  (db, role: Role, v: Record<'org' | 'now' | 'limit' | 'offset', string>) => {
    const p = { role, org: v.org };
    const counts = ownDeadlines(db, p)
      .select([
        sql<string>`count(*) FILTER (WHERE due_at < ${v.now})`.as('overdue_count'),
        sql<string>`count(*)`.as('all_count'),
      ])
      .as('counts');
    return worklistQuery(db, p, { limit: v.limit }, v.now)
      .innerJoin(counts, (join) => join.onTrue())
      .select(['counts.overdue_count', 'counts.all_count'])
      .offset(sql<number>`${v.offset}`)
      .select((eb) =>
        eb
          .selectFrom('orders')
          .select('orders.person_name')
          .whereRef('orders.id', '=', 'deadlines.order_id')
          .where(orderVisibleTo(p))
          .as('person_name'),
      );
  },
);
