import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

// What a case left in Postgres, read as the API's projections would be.

/** Event types in the order they were stored; the order's own when `requirementId` is null. */
export async function storedEventTypes(
  db: Kysely<Database>,
  orderId: string,
  requirementId?: string | null,
): Promise<string[]> {
  let query = db.selectFrom('events').select('type').where('order_id', '=', orderId);
  if (requirementId === null) query = query.where('requirement_id', 'is', null);
  else if (requirementId !== undefined) query = query.where('requirement_id', '=', requirementId);
  const rows = await query.orderBy('seq').execute();
  return rows.map((r) => r.type);
}

export async function notificationsOf(db: Kysely<Database>, orderId: string) {
  return db
    .selectFrom('notifications')
    .select(['id', 'kind', 'recipient_role', 'recipient_org', 'requirement_id'])
    .where('order_id', '=', orderId)
    .execute();
}

/** How many rows the case has in each table the persist activity writes. */
export async function rowCounts(db: Kysely<Database>, orderId: string) {
  const count = async (
    table: 'events' | 'notifications' | 'requirements' | 'appointments' | 'deadlines' | 'incidents',
  ) => {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('order_id', '=', orderId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return {
    events: await count('events'),
    notifications: await count('notifications'),
    requirements: await count('requirements'),
    appointments: await count('appointments'),
    deadlines: await count('deadlines'),
    incidents: await count('incidents'),
  };
}

export async function orderRow(db: Kysely<Database>, orderId: string) {
  return db.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirstOrThrow();
}

export async function requirementRow(db: Kysely<Database>, requirementId: string) {
  return db.selectFrom('requirements').selectAll().where('id', '=', requirementId).executeTakeFirstOrThrow();
}
