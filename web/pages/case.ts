import { Hono } from 'hono';
import type { z } from 'zod';
import { findTarget } from '../../api/middleware/authorize';
import { getOrder, listOrderEvents } from '../../api/reads/queries/orders';
import { logged, readOf } from '../../api/reads/queries/read';
import { getRequirement } from '../../api/reads/queries/requirements';
import type { OrderRead } from '../../api/schemas/order-read';
import type { Role } from '../../domain/primitives';
import type { WebDeps, WebEnv } from '../env';
import { caseFormLinks, formLinks } from '../forms/links';
import { doneMessage } from '../forms/routes';
import { casePresenter } from '../presenters/case';
import { requirementPresenter } from '../presenters/requirement';
import { render } from '../render';
import { notFoundPage } from './not-found';

/** Who may read an order's events, as in the API (`GET /v1/orders/{orderId}/events`). */
const SEES_EVENTS: readonly Role[] = ['court', 'probation'];
const TIMELINE_LENGTH = 200;

/**
 * `/cases/{orderId}` and `/requirements/{requirementId}`: one case or requirement, found and scoped as the
 * API finds and scopes them (another party's is "Page not found"), read by the API's read functions.
 */
export function casePages(deps: WebDeps) {
  const app = new Hono<WebEnv>();
  app.get('/cases/:orderId', async (c) => {
    const p = c.get('principal');
    const found = await findTarget(deps.db, p, 'order', c.req.param('orderId'));
    if (!found?.visible) return notFoundPage(c);
    const { orderId } = found;
    const read = await getOrder(deps.db, p, orderId, deps.clock());
    c.get('accessed').push(readOf('order', orderId, orderId));
    const order = logged<z.output<typeof OrderRead>>(c, read);
    const events = SEES_EVENTS.includes(p.role)
      ? (await listOrderEvents(deps.db, p, orderId, { limit: TIMELINE_LENGTH })).items
      : null;
    return render(c, 'case.njk', {
      view: casePresenter(order, events),
      actions: caseFormLinks(p.role, orderId, order.compliance),
      done: doneMessage(c.req.query('done')),
    });
  });

  app.get('/requirements/:requirementId', async (c) => {
    const p = c.get('principal');
    const found = await findTarget(deps.db, p, 'requirement', c.req.param('requirementId'));
    if (!found?.visible) return notFoundPage(c);
    c.get('accessed').push(readOf('requirement', found.id, found.orderId));
    const requirement = await getRequirement(deps.db, p, found.id, deps.clock());
    return render(c, 'requirement.njk', {
      view: requirementPresenter(requirement),
      actions: formLinks(p.role, found.id, requirement),
      done: doneMessage(c.req.query('done')),
    });
  });
  return app;
}
