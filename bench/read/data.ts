import type pg from 'pg';
import { designYear } from '../data/design-year';
import type { OrderLife } from '../data/records';
import { loadOrders } from '../ingest/load';

const ORDERS_PER_BATCH = 100;

/** Loads the design year with the ingest loader (events and every projection), 100 orders per transaction. */
export async function loadDesignYear(client: pg.ClientBase, scale: number): Promise<number> {
  let orders = 0;
  let batch: OrderLife[] = [];
  for (const life of designYear({ scale })) {
    batch.push(life);
    if (batch.length === ORDERS_PER_BATCH) {
      await loadOrders(client, batch);
      orders += batch.length;
      batch = [];
    }
  }
  if (batch.length > 0) await loadOrders(client, batch);
  return orders + batch.length;
}

/** What the reads ask for: the busiest PDU (the probation token's org), its orders, its commonest status. */
export interface ReadTargets {
  pdu: string;
  orderIds: string[];
  status: string;
}

export async function readTargets(pool: pg.Pool): Promise<ReadTargets> {
  const pdu = await pool.query<{ pdu: string }>(
    'SELECT pdu FROM orders GROUP BY pdu ORDER BY count(*) DESC, pdu LIMIT 1',
  );
  const chosen = pdu.rows[0]!.pdu;
  const orders = await pool.query<{ id: string }>('SELECT id FROM orders WHERE pdu = $1 ORDER BY id', [
    chosen,
  ]);
  const status = await pool.query<{ status: string }>(
    'SELECT status FROM requirements WHERE pdu = $1 GROUP BY status ORDER BY count(*) DESC, status LIMIT 1',
    [chosen],
  );
  return { pdu: chosen, orderIds: orders.rows.map((r) => r.id), status: status.rows[0]?.status ?? 'ENDED' };
}
