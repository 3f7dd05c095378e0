import { Hono } from 'hono';
import type pg from 'pg';

/** The order's view, its requirements and its next 20 deadlines, as getOrder reads them, in one statement. */
export const BASELINE_ORDER = `
  SELECT o.view,
    (SELECT coalesce(json_agg(r ORDER BY r.id), '[]') FROM (
       SELECT id, type, status, stage, provider_org_id, view FROM requirements WHERE order_id = o.id) r) AS requirements,
    (SELECT coalesce(json_agg(d ORDER BY d.due_at), '[]') FROM (
       SELECT kind, due_at, role, requirement_id, subject_id, description FROM deadlines
       WHERE order_id = o.id ORDER BY due_at LIMIT 20) d) AS deadlines
  FROM orders o WHERE o.id = $1`;

export const BASELINE_REQUIREMENTS = `
  SELECT id, order_id, type, status, stage, provider_org_id, period_start, period_end FROM requirements
  WHERE pdu = $1 AND status = $2 ORDER BY id LIMIT 51`;

export const BASELINE_DEADLINES = `
  SELECT kind, due_at, order_id, requirement_id, subject_id, description FROM deadlines
  WHERE role = 'probation' AND org = $1 ORDER BY due_at LIMIT 100`;

/**
 * Bare Hono routes (served by @hono/node-server), each one hand-written `pg` query for the rows the API's read
 * returns (the API's page sizes: 50 requirements, read as 51 to know whether more follow; 100 deadlines); no
 * auth, no access log.
 */
export function readBaseline(pool: pg.Pool, pdu: string) {
  const app = new Hono();
  app.get('/baseline/orders/:id', async (c) => {
    const { rows } = await pool.query(BASELINE_ORDER, [c.req.param('id')]);
    return rows[0] ? c.json(rows[0]) : c.json({}, 404);
  });
  app.get('/baseline/requirements', async (c) => {
    const { rows } = await pool.query(BASELINE_REQUIREMENTS, [pdu, c.req.query('status')]);
    return c.json({ items: rows.slice(0, 50), more: rows.length > 50 });
  });
  app.get('/baseline/deadlines', async (c) =>
    c.json({ items: (await pool.query(BASELINE_DEADLINES, [pdu])).rows }),
  );
  return app;
}
