import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import type pg from 'pg';
import { listen } from '../../app/server';
import { closeHttp } from '../support/http';

/**
 * The baseline's own copy of the events table (columns, defaults, indexes): its rows must not reach ours, whose
 * persist activity rebuilds each requirement from its stored events.
 */
const CREATE_TABLE = `
  CREATE TABLE IF NOT EXISTS baseline_events (LIKE events INCLUDING ALL);
  GRANT SELECT, INSERT ON baseline_events TO cstr_app`;

/** The same event row the persist activity appends for an outcome, by one hand-written statement. */
const INSERT_EVENT = `
  INSERT INTO baseline_events (id, order_id, requirement_id, type, payload, actor_sub, actor_role, actor_org, occurred_at)
  SELECT $1, r.order_id, r.id, 'OutcomeRecorded', $3, 'keyworker-1', 'provider', 'PROV-DRUGS', now()
  FROM requirements r WHERE r.id = $2`;

/**
 * A bare Hono route on @hono/node-server: parse the body, insert the event row, answer 200. No auth, no
 * Temporal. Its table is made by the database's owner (`ownerPool`); it writes as the app does (`pool`).
 */
export async function startBaseline(
  pool: pg.Pool,
  ownerPool: pg.Pool,
): Promise<{ base: string; close(): Promise<void> }> {
  await ownerPool.query(CREATE_TABLE);
  const app = new Hono();
  app.post('/baseline/requirements/:requirementId/appointments/:appointmentId/outcome', async (c) => {
    const body = await c.req.json<Record<string, unknown>>();
    const event = { type: 'OutcomeRecorded', appointmentId: c.req.param('appointmentId'), ...body };
    await pool.query(INSERT_EVENT, [randomUUID(), c.req.param('requirementId'), JSON.stringify(event)]);
    return c.json({ recorded: true });
  });
  const { server, port } = await listen(app.fetch, 0, '127.0.0.1');
  return { base: `http://127.0.0.1:${port}`, close: () => closeHttp(server) };
}
