import { Hono } from 'hono';
import { listDeadlines } from '../../api/reads/queries/deadlines';
import { logged } from '../../api/reads/queries/read';
import type { WebDeps, WebEnv } from '../env';
import { worklistPresenter } from '../presenters/worklist';
import { render } from '../render';

/** `/`: what the signed-in person must do, overdue first. */
export function worklistPage(deps: WebDeps) {
  const app = new Hono<WebEnv>();
  app.get('/', async (c) => {
    const read = await listDeadlines(deps.db, c.get('principal'), { limit: 500 }, deps.clock());
    return render(c, 'worklist.njk', worklistPresenter(logged(c, read).items));
  });
  return app;
}
