import { Hono } from 'hono';
import type { z } from 'zod';
import { findTarget } from '../../api/middleware/authorize';
import { readOf } from '../../api/reads/queries/read';
import { getRequirement } from '../../api/reads/queries/requirements';
import type { OrderRead } from '../../api/schemas/order-read';
import { londonDate } from '../../domain/calendar';
import type { Role } from '../../domain/primitives';
import type { WebDeps, WebEnv } from '../env';
import { caseFormLinks, formLinks, orderFormLinks } from '../forms/links';
import { doneMessage } from '../forms/routes';
import { casePresenter } from '../presenters/case';
import { progressPresenter } from '../presenters/progress';
import { requirementPresenter } from '../presenters/requirement';
import { render } from '../render';
import { readCase } from './case-read';
import { notFoundPage } from './not-found';
import { TIMELINE_POSITION, timelinePage } from './timeline';

/** Who may read an order's events, as in the API (`GET /v1/orders/{orderId}/events`). */
const SEES_EVENTS: readonly Role[] = ['court', 'probation'];

/**
 * What the case page shows of an order read for a role: the case, a page of its timeline (newest first, with
 * where the older events start) and the forms it links to.
 */
export function casePageData(
  role: Role,
  order: z.output<typeof OrderRead>,
  timeline: Awaited<ReturnType<typeof timelinePage>> | null,
  done?: string,
) {
  return {
    orderId: order.orderId,
    view: casePresenter(order, timeline?.events ?? null),
    olderBefore: timeline?.olderBefore ?? null,
    actions: [...caseFormLinks(role, order.orderId, order), ...orderFormLinks(role, order.orderId, order)],
    done: doneMessage(done),
  };
}

/**
 * `/cases/{orderId}` and `/requirements/{requirementId}`: one case or requirement, found and scoped as the
 * API finds and scopes them (another party's is "Page not found"), read by the API's read functions.
 */
export function casePages(deps: WebDeps) {
  const app = new Hono<WebEnv>();
  app.get('/cases/:orderId', async (c) => {
    const p = c.get('principal');
    const before = c.req.query('before');
    if (before !== undefined && !TIMELINE_POSITION.test(before)) return notFoundPage(c);
    const read = await readCase(deps, c, deps.clock(), (orderId) =>
      SEES_EVENTS.includes(p.role) ? timelinePage(deps.db, p, orderId, before) : null,
    );
    if (!read) return notFoundPage(c);
    return render(c, 'case.njk', {
      ...casePageData(p.role, read.order, read.alongside, c.req.query('done')),
      olderPage: before !== undefined,
    });
  });

  app.get('/cases/:orderId/progress', async (c) => {
    const p = c.get('principal');
    const now = deps.clock();
    const read = await readCase(deps, c, now);
    if (!read) return notFoundPage(c);
    const { order } = read;
    const { orderId } = read.found;
    const requirements = [];
    for (const r of order.requirementDetails.filter((d) => d.stage === 'SENTENCED')) {
      c.get('accessed').push(readOf('requirement', r.id, orderId));
      requirements.push(await getRequirement(deps.db, p, r.id, now));
    }
    return render(c, 'progress.njk', {
      view: progressPresenter(orderId, order, requirements, londonDate(now.toISOString())),
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
