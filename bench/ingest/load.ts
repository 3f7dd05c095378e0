import type pg from 'pg';
import type { OrderLife } from '../data/records';
import { insertRows } from './bulk-insert';
import { type Row, type TableRows, emptyRows, eventRowsOf, projectionRows } from './rows';
import { COLUMNS, type Table } from './tables';

export interface Loaded {
  events: number;
  /** Of the time taken, how much went on folding, building views and rows (the rest is Postgres). */
  buildSeconds: number;
}

/** Runs the statements in one transaction; a warm-up rolls it back. */
async function inTransaction(
  client: pg.ClientBase,
  commit: boolean,
  work: () => Promise<void>,
): Promise<void> {
  await client.query('BEGIN');
  try {
    await work();
    await client.query(commit ? 'COMMIT' : 'ROLLBACK');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/** Loads orders into the events table and every projection, in one transaction, a few statements per table. */
export async function loadOrders(
  client: pg.ClientBase,
  lives: readonly OrderLife[],
  commit = true,
): Promise<Loaded> {
  const started = performance.now();
  const rows: TableRows = emptyRows();
  for (const life of lives) {
    eventRowsOf(life, rows.events);
    projectionRows(life, rows);
  }
  const buildSeconds = (performance.now() - started) / 1000;
  await inTransaction(client, commit, async () => {
    for (const table of Object.keys(COLUMNS) as Table[])
      await insertRows(client, table, COLUMNS[table], rows[table]);
  });
  return { events: rows.events.length, buildSeconds };
}

export const BASELINE_TABLE = 'baseline_events';

/** The baseline: the same event rows with a bare multi-row insert into a copy of the events table, nothing else. */
export async function loadEventsOnly(
  client: pg.ClientBase,
  lives: readonly OrderLife[],
  commit = true,
): Promise<number> {
  const rows: Row[] = [];
  for (const life of lives) eventRowsOf(life, rows);
  await inTransaction(client, commit, () => insertRows(client, BASELINE_TABLE, COLUMNS.events, rows));
  return rows.length;
}
