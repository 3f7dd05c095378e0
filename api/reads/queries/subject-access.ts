import { type Kysely, sql } from 'kysely';
import type { OrderView } from '../../../domain/order';
import type { Database } from '../../../db/schema';
import { discloseOrder } from '../../disclosure/order';
import type { StoredRequirementView } from '../../../domain/disclosure/requirement';
import { eventJson, SHOWN_EVENT_COLUMNS } from './events';
import { type Read, readOf } from './read';
import { requirementDetail } from './requirements';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Subject access is answered by the data-protection role: it is shown every class of field. */
const ROLE = 'data-protection';

interface Person {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  crn: string | null;
}

const personOf = (view: unknown) => (view as OrderView).case?.person as Person | undefined;

/**
 * The orders held about one person: those whose case carries the CRN, or, given an order id, that order and
 * every other with its person's CRN (the order alone when the person has none).
 */
async function ordersOfPerson(db: Kysely<Database>, crnOrOrderId: string) {
  const select = () => db.selectFrom('orders').select(['id', 'view']).orderBy('opened_at').orderBy('id');
  let crn: string | null = crnOrOrderId;
  if (UUID.test(crnOrOrderId)) {
    const order = await select().where('id', '=', crnOrOrderId).executeTakeFirst();
    if (!order) return [];
    crn = personOf(order.view)?.crn ?? null;
    if (crn === null) return [order];
  }
  return select()
    .where(sql<boolean>`view->'case'->'person'->>'crn' = ${crn}`)
    .execute();
}

/**
 * Every access to one order's records, oldest first: the rows of the access log before 2026_12_13_0010 and, from
 * then, each access whose resources include one of the order's, one entry for each such resource.
 */
function accessesOfOrder(db: Kysely<Database>, orderId: string) {
  return sql<{
    at: Date;
    actor_role: string;
    actor_org: string;
    action: 'READ' | 'WRITE';
    resource_type: string;
    resource_id: string;
    purpose: string;
  }>`
    SELECT at, actor_role, actor_org, action, resource_type, resource_id, purpose
    FROM (
      SELECT id, 0::bigint AS n, at, actor_role, actor_org, action, resource_type, resource_id, purpose
      FROM access_log WHERE order_id = ${orderId}
      UNION ALL
      SELECT a.id, r.n, a.at, a.actor_role, a.actor_org, a.action, a.resource_type, r.resource_id, a.purpose
      FROM accesses a
        CROSS JOIN LATERAL unnest(a.resource_ids, a.order_ids) WITH ORDINALITY AS r (resource_id, order_id, n)
      WHERE a.order_ids @> ARRAY[${orderId}::uuid] AND r.order_id = ${orderId}
    ) entries
    ORDER BY id, n`
    .execute(db)
    .then((r) => r.rows);
}

/**
 * Everything held about one person (DPA 2018 Part 3 s.45), for the data-protection role: each of their
 * orders with its requirements (appointments, drug tests, reviews, incidents), every event, the notifications
 * sent about it and who accessed it (role and organisation). Other people's personal data is left out: the
 * staff who acted or read are named by role and organisation, never by their own identity, and nothing of
 * another person's orders is read. Undefined when nothing is held.
 */
export async function subjectAccessExport(
  db: Kysely<Database>,
  crnOrOrderId: string,
  context: { purpose: string; now: Date },
) {
  const orders = await ordersOfPerson(db, crnOrOrderId);
  const person = orders.map((o) => personOf(o.view)).find((p) => p !== undefined);
  if (orders.length === 0 || !person) return undefined;
  const exported = [];
  for (const order of orders) {
    const orderId = order.id;
    const [requirements, events, notifications, accessLog] = await Promise.all([
      db
        .selectFrom('requirements')
        .select(['id', 'type', 'status', 'stage', 'view'])
        .where('order_id', '=', orderId)
        .orderBy('id')
        .execute(),
      db
        .selectFrom('events')
        .select([...SHOWN_EVENT_COLUMNS])
        .where('order_id', '=', orderId)
        .orderBy('seq')
        .execute(),
      db
        .selectFrom('notifications')
        .select([
          'id',
          'kind',
          'recipient_role',
          'recipient_org',
          'requirement_id',
          'payload',
          'created_at',
          'delivered_at',
        ])
        .where('order_id', '=', orderId)
        .orderBy('created_at')
        .orderBy('id')
        .execute(),
      accessesOfOrder(db, orderId),
    ]);
    exported.push({
      orderId,
      order: discloseOrder(ROLE, order.view as OrderView, new Set(requirements.map((r) => r.id))),
      requirements: requirements.map((r) => ({
        id: r.id,
        type: r.type,
        status: r.status,
        stage: r.stage,
        detail: requirementDetail(ROLE, r.view as StoredRequirementView, context.now),
      })),
      events: events.map((e) => eventJson(ROLE, e)),
      notifications: notifications.map((n) => ({
        id: n.id,
        kind: n.kind,
        recipient: { role: n.recipient_role, org: n.recipient_org },
        requirementId: n.requirement_id,
        createdAt: n.created_at.toISOString(),
        deliveredAt: n.delivered_at?.toISOString() ?? null,
        payload: n.payload,
      })),
      accessLog: accessLog.map((a) => ({
        at: a.at.toISOString(),
        actor: { role: a.actor_role, org: a.actor_org },
        action: a.action,
        resourceType: a.resource_type,
        resourceId: a.resource_id,
        purpose: a.purpose,
      })),
    });
  }
  return {
    value: {
      subject: {
        crn: person.crn,
        givenName: person.givenName,
        familyName: person.familyName,
        dateOfBirth: person.dateOfBirth,
      },
      generatedAt: context.now.toISOString(),
      purpose: context.purpose,
      orders: exported,
    },
    accessed: orders.map((o) => readOf('order', o.id, o.id)),
  } satisfies Read<unknown>;
}

export type SubjectAccessExport = NonNullable<Awaited<ReturnType<typeof subjectAccessExport>>>['value'];
