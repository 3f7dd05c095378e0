import { Hono } from 'hono';
import type { WebDeps, WebEnv } from '../env';
import { orderFormLinks } from '../forms/links';
import { doneMessage } from '../forms/routes';
import { pathwayPresenter } from '../presenters/pathway';
import { render } from '../render';
import { readCase } from './case-read';
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
    const read = await readCase(deps, c);
    if (!read) return notFoundPage(c);
    const { orderId } = read.found;
    return render(c, 'pathway.njk', {
      orderId,
      view: pathwayPresenter(orderId, read.order),
      // The court's decisions an assessor may record before sentence: an adjournment, a withdrawal.
      actions: orderFormLinks(p.role, orderId, read.order),
      done: doneMessage(c.req.query('done')),
    });
  });
  return app;
}
