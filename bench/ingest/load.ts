import type pg from 'pg';
import type { OrderLife } from '../data/records';
import { insertRows } from './bulk-insert';
import { type Row, type TableRows, emptyRows, eventRows, projectionRows } from './rows';
import { COLUMNS, type Table } from './tables';

/** Loads orders into the events table and every projection, in one transaction, a few statements per table. */
export async function loadOrders(client: pg.ClientBase, lives: readonly OrderLife[]): Promise<number> {
  const rows: TableRows = emptyRows();
  for (const life of lives) {
    eventRows(life, rows.events);
    projectionRows(life, rows);
  }
  await client.query('BEGIN');
  try {
    for (const table of Object.keys(COLUMNS) as Table[])
      await insertRows(client, table, COLUMNS[table], rows[table]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  return rows.events.length;
}

export const BASELINE_TABLE = 'baseline_events';

/** The baseline: the same event rows with a bare multi-row insert into a copy of the events table, nothing else. */
export async function loadEventsOnly(client: pg.ClientBase, lives: readonly OrderLife[]): Promise<number> {
  const rows: Row[] = [];
  for (const life of lives) eventRows(life, rows);
  await client.query('BEGIN');
  try {
    await insertRows(client, BASELINE_TABLE, COLUMNS.events, rows);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  return rows.length;
}
