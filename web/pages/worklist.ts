import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Principal } from '../../api/env';
import { listDeadlines } from '../../api/reads/queries/deadlines';
import { logged } from '../../api/reads/queries/read';
import { orderVisibleTo } from '../../api/scope';
import type { Database } from '../../db/schema';
import type { WebDeps, WebEnv } from '../env';
import { worklistPresenter } from '../presenters/worklist';
import { render } from '../render';

/**
 * The names of the people whose orders these are, by order id, of the orders the caller may see (every role
 * that sees a case is shown the person: api/disclosure/classes.ts, IDENTITY).
 */
export async function personNames(db: Kysely<Database>, p: Principal, orderIds: readonly string[]) {
  if (orderIds.length === 0) return new Map<string, string>();
  const rows = await db
    .selectFrom('orders')
    .select([
      'id',
      sql<string>`concat_ws(' ', view -> 'case' -> 'person' ->> 'givenName', view -> 'case' -> 'person' ->> 'familyName')`.as(
        'name',
      ),
    ])
    .where('id', 'in', [...new Set(orderIds)])
    .where(orderVisibleTo(p))
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** `/`: what the signed-in person must do, overdue first, and for whom. */
export function worklistPage(deps: WebDeps) {
  const app = new Hono<WebEnv>();
  app.get('/', async (c) => {
    const p = c.get('principal');
    const deadlines = logged(c, await listDeadlines(deps.db, p, { limit: 500 }, deps.clock())).items;
    const names = await personNames(
      deps.db,
      p,
      deadlines.map((d) => d.orderId),
    );
    return render(c, 'worklist.njk', worklistPresenter(deadlines, names));
  });
  return app;
}
