import { type Kysely, sql } from 'kysely';
import type { OrderView } from '../../domain/order';
import type { Database } from '../schema';
import { upsertRows, upsertRowsText } from './upsert';
import { orderRows } from './rows';

const UPSERT_INCIDENTS = upsertRowsText({
  table: 'incidents',
  columns: ['id', 'order_id', 'requirement_id', 'source', 'status', 'occurred_at', 'data'],
  json: ['data'],
  updated: ['status', 'data'],
});
const UPSERT_ENFORCEMENT_ACTIONS = upsertRowsText({
  table: 'enforcement_actions',
  columns: ['id', 'order_id', 'kind', 'status', 'acted_on', 'data'],
  json: ['data'],
  updated: ['status', 'data'],
});

/**
 * Writes the order's rows from its latest view. Returns false, and writes nothing, when a newer version is
 * already stored (a retry or a late write of an older batch).
 */
export async function projectOrder(
  db: Kysely<Database>,
  view: OrderView,
  version: number,
  at: string,
): Promise<boolean> {
  const rows = orderRows(view, version, at);
  if (!rows) return false;
  const written = await db
    .insertInto('orders')
    .values(rows.order)
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet((eb) => ({ ...rows.order, id: eb.ref('excluded.id') }))
        .where('orders.version', '<', version),
    )
    .returning('id')
    .executeTakeFirst();
  if (!written) return false;

  if (rows.preSentenceRequirements.length > 0) {
    await db
      .insertInto('requirements')
      .values(rows.preSentenceRequirements)
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet({
            version: sql`excluded.version`,
            status: sql`excluded.status`,
            provider_org_id: sql`excluded.provider_org_id`,
            updated_at: sql`excluded.updated_at`,
            view: sql`excluded.view`,
          })
          .where('requirements.stage', '=', 'PRE_SENTENCE'),
      )
      .execute();
  }
  await upsertRows(db, UPSERT_INCIDENTS, rows.incidents);
  await upsertRows(db, UPSERT_ENFORCEMENT_ACTIONS, rows.enforcementActions);
  return true;
}
