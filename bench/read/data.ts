import type pg from 'pg';
import { SNAPSHOT_AT } from '../data/snapshot';
import type { YearFile } from '../data/year-file';
import { type YearLoad, loadYear } from '../ingest/load-year';

/** Loads every order of the design year as it stood at SNAPSHOT_AT (all open), with the ingest loader. */
export function loadOpenYear(url: string, year: YearFile, log: (m: string) => void): Promise<YearLoad> {
  return loadYear(url, year, { kind: 'orders', cutAt: SNAPSHOT_AT, log });
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
