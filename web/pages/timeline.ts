import { type Kysely, sql } from 'kysely';
import type { Principal } from '../../api/env';
import { namesOnlyVisibleRequirements, orderVisibleTo } from '../../api/scope';
import type { Database } from '../../db/schema';
import type { Role } from '../../domain/primitives';
import { compiledOnce } from '../../db/compiled-once';

/** How many events a page of the case's timeline shows. */
export const TIMELINE_PAGE = 25;

/** An event's sequence number, as a timeline link gives it (`?before=…`). */
export const TIMELINE_POSITION = /^[1-9][0-9]{0,17}$/;

/**
 * A page of the case's timeline, newest first: the `TIMELINE_PAGE` events before `before` (or the latest),
 * those of requirements the caller may not see left out as `GET /v1/orders/{orderId}/events` leaves them out,
 * and where the next, older page starts. The timeline shows what happened, when and by whom, never an
 * event's payload: it is not read. The order's scope is checked in the same statement (another party's case
 * has no events here), so that it can be read beside the order, before the order's read has said whether the
 * caller may see it.
 */
export async function timelinePage(
  db: Kysely<Database>,
  p: Principal,
  orderId: string,
  before: string | undefined,
) {
  const rows = before
    ? await timelineRead(db, `${p.role} before`, { org: p.org, orderId, before })
    : await timelineRead(db, p.role, { org: p.org, orderId, before: '' });
  const shown = rows.slice(0, TIMELINE_PAGE);
  return {
    events: shown.map((r) => ({
      type: r.type,
      occurredAt: r.occurred_at.toISOString(),
      actor: { role: r.actor_role, org: r.actor_org },
    })),
    olderBefore: rows.length > TIMELINE_PAGE ? String(shown.at(-1)!.seq) : null,
  };
}

/** The read behind a timeline page, compiled once per role, and per role for the pages before an event. */
const timelineRead = compiledOnce(
  (db, shape: Role | `${Role} before`, v: Record<'org' | 'orderId' | 'before', string>) => {
    const [role, before] = shape.split(' ') as [Role, string | undefined];
    const p = { role, org: v.org };
    const query = db
      .selectFrom('events')
      .select(['seq', 'type', 'actor_role', 'actor_org', 'occurred_at'])
      .where('order_id', '=', v.orderId)
      .where(
        sql<boolean>`EXISTS (SELECT 1 FROM orders WHERE orders.id = ${v.orderId} AND ${orderVisibleTo(p)})`,
      )
      .where(namesOnlyVisibleRequirements(p, 'events.requirement_id'))
      .orderBy('seq', 'desc')
      .limit(TIMELINE_PAGE + 1);
    return before ? query.where('seq', '<', v.before) : query;
  },
);
