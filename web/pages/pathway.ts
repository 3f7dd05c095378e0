import { Hono } from 'hono';
import type { z } from 'zod';
import { findTarget } from '../../api/middleware/authorize';
import { getOrder } from '../../api/reads/queries/orders';
import { logged, readOf } from '../../api/reads/queries/read';
import type { OrderRead } from '../../api/schemas/order-read';
import type { WebDeps, WebEnv } from '../env';
import { orderFormLinks } from '../forms/links';
import { doneMessage } from '../forms/routes';
import { pathwayPresenter } from '../presenters/pathway';
import { render } from '../render';
import { notFoundPage } from './not-found';

/**
 * `/cases/{orderId}/pathway`: the court assessor's pre-sentence task list for a case at its court, read as
 * `GET /v1/orders/{orderId}` reads it (another court's case is "Page not found").
 */
export function pathwayPage(deps: WebDeps) {
  const app = new Hono<WebEnv>();
  app.get('/cases/:orderId/pathway', async (c) => {
    const p = c.get('principal');
    if (p.role !== 'court-assessor') return notFoundPage(c);
    const found = await findTarget(deps.db, p, 'order', c.req.param('orderId'));
    if (!found?.visible) return notFoundPage(c);
    const { orderId } = found;
    const read = await getOrder(deps.db, p, orderId, deps.clock());
    c.get('accessed').push(readOf('order', orderId, orderId));
    const order = logged<z.output<typeof OrderRead>>(c, read);
    return render(c, 'pathway.njk', {
      orderId,
      view: pathwayPresenter(orderId, order),
      // The court's decisions an assessor may record before sentence: an adjournment, a withdrawal.
      actions: orderFormLinks(p.role, orderId, order),
      done: doneMessage(c.req.query('done')),
    });
  });
  return app;
}
