import { Hono } from 'hono';
import { listDeadlinesNamed } from '../../api/reads/queries/deadlines';
import { logged } from '../../api/reads/queries/read';
import type { WebDeps, WebEnv } from '../env';
import { worklistPresenter } from '../presenters/worklist';
import { render } from '../render';

/** `/`: what the signed-in person must do, overdue first, and for whom. */
export function worklistPage(deps: WebDeps) {
  const app = new Hono<WebEnv>();
  app.get('/', async (c) => {
    const p = c.get('principal');
    const { items, names } = logged(c, await listDeadlinesNamed(deps.db, p, { limit: 500 }, deps.clock()));
    return render(c, 'worklist.njk', worklistPresenter(items, names));
  });
  return app;
}
