import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Context, Hono } from 'hono';
import type { z } from 'zod';
import { findTarget } from '../../api/middleware/authorize';
import { getOrder } from '../../api/reads/queries/orders';
import { readOf } from '../../api/reads/queries/read';
import { getRequirement } from '../../api/reads/queries/requirements';
import type { OrderRead } from '../../api/schemas/order-read';
import type { WebDeps, WebEnv } from '../env';
import { commandOf, forms } from '../forms/definitions';
import { PdfUnavailable } from '../pdf/renderer';
import { type ReviewReport, reviewReportPresenter } from '../presenters/review-report';
import { render, renderView } from '../render';
import { notFoundPage } from './not-found';

const PDF_CSS = readFileSync(path.join(__dirname, '..', 'styles', 'review-report-pdf.css'), 'utf8');
const writeReport = commandOf(forms.find((f) => f.operationId === 'submitReviewReport')!);

/**
 * The review's report, its requirement and the person, read as the API reads them (same scope, disclosure and
 * access log); null when the caller may not see it or there is no such review. `'form'` when it is not
 * written yet and `formFirst`: the form that writes it reads and logs what it shows itself.
 */
async function readReport(
  deps: WebDeps,
  c: Context<WebEnv>,
  formFirst: boolean,
): Promise<ReviewReport | 'form' | null> {
  const p = c.get('principal');
  const found = await findTarget(deps.db, p, 'requirement', c.req.param('requirementId') ?? '');
  if (!found?.visible) return null;
  const now = deps.clock();
  const requirement = await getRequirement(deps.db, p, found.id, now);
  const review = requirement.reviews?.find((v) => v.id === c.req.param('reviewId'));
  if (!review) return null;
  if (formFirst && review.report === null) return 'form';
  // What the report shows: the requirement, and the person from the order (not its other requirements).
  c.get('accessed').push(
    readOf('order', found.orderId, found.orderId),
    readOf('requirement', found.id, found.orderId),
  );
  const order: z.output<typeof OrderRead> = (await getOrder(deps.db, p, found.orderId, now)).value;
  const person = order.case?.person;
  return reviewReportPresenter(
    requirement,
    review.id,
    person ? { name: `${person.givenName} ${person.familyName}`, crn: person.crn } : undefined,
  );
}

/**
 * `/requirements/{requirementId}/reviews/{reviewId}/report`: the responsible officer's report to the court
 * for a DRR review, and `…/report.pdf` the same as an A4 tagged PDF. Until it is written, the responsible
 * officer's link leads to the form that writes it (web/forms, which this page hands on to); anyone else who
 * may see the review reads that it is not written yet. Never cached (the pages' headers).
 */
export function reviewReportPages(deps: WebDeps) {
  const app = new Hono<WebEnv>();

  app.get('/requirements/:requirementId/reviews/:reviewId/report', async (c, next) => {
    const report = await readReport(deps, c, writeReport.roles.includes(c.get('principal').role));
    if (report === 'form') return next();
    if (!report) return notFoundPage(c);
    return render(c, 'review-report.njk', { report });
  });

  app.get('/requirements/:requirementId/reviews/:reviewId/report.pdf', async (c) => {
    const report = await readReport(deps, c, false);
    if (!report || report === 'form' || !report.written) return notFoundPage(c);
    let pdf: Uint8Array;
    try {
      pdf = await deps.pdf.render(renderView('review-report-pdf.njk', { report, css: PDF_CSS }));
    } catch (error) {
      if (!(error instanceof PdfUnavailable)) throw error;
      deps.onUnexpectedError?.(error, c.get('requestId'));
      const printHref = `/requirements/${report.requirementId}/reviews/${report.reviewId}/report`;
      return render(c, 'pdf-unavailable.njk', { printHref }, 503);
    }
    c.header('Content-Type', 'application/pdf');
    c.header('Content-Disposition', `inline; filename="review-report-${report.reviewId}.pdf"`);
    c.header('Cache-Control', 'no-store');
    return c.body(pdf as Uint8Array<ArrayBuffer>);
  });
  return app;
}
