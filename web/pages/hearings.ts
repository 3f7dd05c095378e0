import { Hono } from 'hono';
import { listHearings } from '../../api/reads/queries/hearings';
import { logged } from '../../api/reads/queries/read';
import { londonDate } from '../../domain/calendar';
import type { WebDeps, WebEnv } from '../env';
import { govukDate, render } from '../render';
import { escape } from '../presenters/worklist';
import { notFoundPage } from './not-found';

const link = (href: string, text: string) => ({
  html: `<a class="govuk-link" href="${href}">${escape(text)}</a>`,
});
const nameOf = (p: { givenName: string; familyName: string }) => `${p.givenName} ${p.familyName}`;

/**
 * `/hearings`: the court's hearings today (London time): DRR review hearings and breach hearings, each with
 * the form that records its outcome.
 */
export function hearingsPage(deps: WebDeps) {
  const app = new Hono<WebEnv>();
  app.get('/hearings', async (c) => {
    const p = c.get('principal');
    if (p.role !== 'court') return notFoundPage(c);
    const today = londonDate(deps.clock().toISOString());
    const { reviews, breaches } = logged(c, await listHearings(deps.db, p, today));
    return render(c, 'hearings.njk', {
      today: govukDate(today),
      reviews: reviews.map((r) => [
        link(`/cases/${r.orderId}`, nameOf(r.person)),
        { text: r.person.crn ?? '' },
        link(`/requirements/${r.requirementId}`, r.requirementType),
        link(
          `/requirements/${r.requirementId}/reviews/${r.reviewId}/outcome`,
          `Record the outcome for ${nameOf(r.person)}`,
        ),
      ]),
      breaches: breaches.map((b) => [
        link(`/cases/${b.orderId}`, nameOf(b.person)),
        { text: b.person.crn ?? '' },
        { text: govukDate(b.informationLaidOn) },
        link(
          `/cases/${b.orderId}/breach-proceedings/${b.proceedingId}/outcome`,
          `Record the outcome for ${nameOf(b.person)}`,
        ),
      ]),
    });
  });
  return app;
}
