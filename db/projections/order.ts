import type { Kysely } from 'kysely';
import type { OrderView } from '../../domain/order';
import { prepareOnEachConnection } from '../prepared';
import type { Database } from '../schema';
import { upsertRows, upsertRowsText } from './upsert';
import { REQUIREMENT_COLUMNS, orderRows } from './rows';

const TAKEN_FROM_THE_ORDER = ['version', 'status', 'provider_org_id', 'updated_at', 'view'];

/**
 * The order's proposed requirements (`$1`, a JSON array), each written until its sentenced row takes its
 * place. A sentenced one is not sent on to the upsert: its conflict would lock the row even where the upsert's
 * `WHERE` leaves it as it is. The `WHERE` still refuses a row sentenced since the statement began.
 */
const UPSERT_PRE_SENTENCE = `INSERT INTO requirements AS r (${REQUIREMENT_COLUMNS.join(', ')})
SELECT ${REQUIREMENT_COLUMNS.map((c) => (c === 'view' ? `(e->>'view')::jsonb` : `p.${c}`)).join(', ')}
FROM jsonb_array_elements($1::jsonb) AS e CROSS JOIN LATERAL jsonb_populate_record(NULL::requirements, e) AS p
WHERE NOT EXISTS (SELECT FROM requirements s WHERE s.id = p.id AND s.stage = 'SENTENCED')
ON CONFLICT (id) DO UPDATE SET ${TAKEN_FROM_THE_ORDER.map((c) => `${c} = excluded.${c}`).join(', ')}
WHERE r.stage = 'PRE_SENTENCE'`;
prepareOnEachConnection(UPSERT_PRE_SENTENCE);

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

  await upsertRows(db, UPSERT_PRE_SENTENCE, rows.preSentenceRequirements);
  await upsertRows(db, UPSERT_INCIDENTS, rows.incidents);
  await upsertRows(db, UPSERT_ENFORCEMENT_ACTIONS, rows.enforcementActions);
  return true;
}
