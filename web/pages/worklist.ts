import { Hono } from 'hono';
import { listDeadlinesNamed } from '../../api/reads/queries/deadlines';
import { logged } from '../../api/reads/queries/read';
import type { WebDeps, WebEnv } from '../env';
import { WORKLIST_PAGE_SIZE, worklistPresenter } from '../presenters/worklist';
import { render } from '../render';
import { notFoundPage } from './not-found';

/** `?page=`: a page number from 1, the first when not given. */
const PAGE_NUMBER = /^[1-9]\d{0,5}$/;

/** `/`: what the signed-in person must do, overdue first, and for whom. */
export function worklistPage(deps: WebDeps) {
  const app = new Hono<WebEnv>();
  app.get('/', async (c) => {
    const asked = c.req.query('page');
    if (asked !== undefined && !PAGE_NUMBER.test(asked)) return notFoundPage(c);
    const page = Number(asked ?? 1);
    const offset = (page - 1) * WORKLIST_PAGE_SIZE;
    const read = logged(
      c,
      await listDeadlinesNamed(
        deps.db,
        c.get('principal'),
        { limit: WORKLIST_PAGE_SIZE, offset },
        deps.clock(),
      ),
    );
    if (page > 1 && read.items.length === 0) return notFoundPage(c);
    return render(c, 'worklist.njk', worklistPresenter(read, page));
  });
  return app;
}
