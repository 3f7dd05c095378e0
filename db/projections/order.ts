import { type Kysely, sql } from 'kysely';
import type { OrderView } from '../../domain/order';
import type { Database } from '../schema';
import { changed } from './changed';
import { orderRows } from './rows';

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
  if (rows.incidents.length > 0) {
    await db
      .insertInto('incidents')
      .values(rows.incidents)
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet({ status: sql`excluded.status`, data: sql`excluded.data` })
          .where(changed('incidents', ['status', 'data'])),
      )
      .execute();
  }
  if (rows.enforcementActions.length > 0) {
    await db
      .insertInto('enforcement_actions')
      .values(rows.enforcementActions)
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet({ status: sql`excluded.status`, data: sql`excluded.data` })
          .where(changed('enforcement_actions', ['status', 'data'])),
      )
      .execute();
  }
  return true;
}
