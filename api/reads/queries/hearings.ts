import { type Kysely, sql } from 'kysely';
import type { Database } from '../../../db/schema';
import type { Principal } from '../../env';
import { orderVisibleTo, requirementVisibleTo } from '../../scope';
import { casePerson, personJson } from './person';
import { type Read, readOf } from './read';

/**
 * A court's hearings on one day: the DRR review hearings listed for it on the requirements it may see, and
 * the breach proceedings before it (an information laid at this court, not yet dealt with) on the orders it
 * may see.
 */
export async function listHearings(db: Kysely<Database>, p: Principal, day: string) {
  const reviews = await db
    .selectFrom('reviews')
    .innerJoin('requirements', 'requirements.id', 'reviews.requirement_id')
    .innerJoin('orders', 'orders.id', 'reviews.order_id')
    .select([
      'reviews.id',
      'reviews.requirement_id',
      'reviews.order_id',
      'requirements.type',
      casePerson.as('person'),
    ])
    .where(requirementVisibleTo(p))
    .where('reviews.review_date', '=', day)
    .where('reviews.status', '=', 'SCHEDULED')
    .where('reviews.mode', '=', 'HEARING')
    .orderBy('reviews.order_id')
    .orderBy('reviews.id')
    .execute();
  const breaches = await db
    .selectFrom('enforcement_actions')
    .innerJoin('orders', 'orders.id', 'enforcement_actions.order_id')
    .select([
      'enforcement_actions.id',
      'enforcement_actions.order_id',
      'enforcement_actions.acted_on',
      casePerson.as('person'),
    ])
    .where(orderVisibleTo(p))
    .where('enforcement_actions.kind', '=', 'PROCEEDING')
    .where('enforcement_actions.status', '=', 'OPEN')
    .where(sql<boolean>`enforcement_actions.data ->> 'courtCode' = ${p.org}`)
    .orderBy('enforcement_actions.acted_on')
    .orderBy('enforcement_actions.id')
    .execute();
  return {
    value: {
      reviews: reviews.map((r) => ({
        reviewId: r.id,
        requirementId: r.requirement_id,
        orderId: r.order_id,
        requirementType: r.type,
        person: personJson(r.person),
      })),
      breaches: breaches.map((b) => ({
        proceedingId: b.id,
        orderId: b.order_id,
        informationLaidOn: b.acted_on,
        person: personJson(b.person),
      })),
    },
    accessed: [
      ...reviews.map((r) => readOf('requirement', r.requirement_id, r.order_id)),
      ...breaches.map((b) => readOf('order', b.order_id, b.order_id)),
    ],
  } satisfies Read<unknown>;
}
