import { Hono } from 'hono';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Engine } from './engine';

const TIMEOUT_MS = 1_500;

/** Whether `promise` settles well within TIMEOUT_MS. */
function answers(promise: Promise<unknown>): Promise<boolean> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS)),
  ]).then(
    () => true,
    () => false,
  );
}

/** Liveness (the process answers) and readiness (Postgres and Temporal both answer). */
export function healthRoutes(db: Kysely<Database>, engine: Pick<Engine, 'connection'>) {
  const app = new Hono();
  app.get('/health/live', (c) => c.json({ status: 'ok' }));
  app.get('/health/ready', async (c) => {
    const [postgres, temporal] = await Promise.all([
      answers(sql`SELECT 1`.execute(db)),
      answers(engine.connection.workflowService.getSystemInfo({})),
    ]);
    const ready = postgres && temporal;
    return c.json(
      { status: ready ? 'ready' : 'unavailable', postgres, temporal },
      ready ? 200 : 503,
      ready ? {} : { 'Retry-After': '5' },
    );
  });
  return app;
}
