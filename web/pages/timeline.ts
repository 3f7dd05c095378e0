import { type Kysely, sql } from 'kysely';
import type { Principal } from '../../api/env';
import { namesOnlyVisibleRequirements, orderVisibleTo } from '../../api/scope';
import type { Database } from '../../db/schema';

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
  let query = db
    .selectFrom('events')
    .select(['seq', 'type', 'actor_role', 'actor_org', 'occurred_at'])
    .where('order_id', '=', orderId)
    .where(sql<boolean>`EXISTS (SELECT 1 FROM orders WHERE orders.id = ${orderId} AND ${orderVisibleTo(p)})`)
    .where(namesOnlyVisibleRequirements(p, 'events.requirement_id'))
    .orderBy('seq', 'desc')
    .limit(TIMELINE_PAGE + 1);
  if (before) query = query.where('seq', '<', before);
  const rows = await query.execute();
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
