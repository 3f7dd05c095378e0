import { addMonths, type Instant, type LocalDate, londonDate, startOfLondonDay } from '../calendar';
import { accept, type DecideContext } from '../core';
import type { CommandOf } from './commands';
import {
  conflict,
  incidentRaised,
  invalid,
  notFound,
  type RequirementDecision,
  requirementEnded,
  stampOf,
} from './decide-support';
import type { RequirementImposition } from '../links';
import type { EventOf, RequirementEvent } from './events';
import { lastPeriodEnd } from './periods';
import type { ImposedRequirement, Review } from './state';
import { isBefore } from './time';

// DRR reviews (§6.8): R11 (a month apart, report with test results and provider views, attendance) and R12
// (reviews without a hearing only from a hearing with satisfactory progress, and back).

export function reviewScheduled(
  imposition: RequirementImposition,
  at: Instant,
  reviewId: string,
  date: LocalDate,
  mode: Review['mode'],
): EventOf<'ReviewScheduled'> {
  const offenderMustAttend = mode === 'HEARING' && (imposition.review?.offenderMustAttend ?? true);
  const { requirementId } = imposition;
  return { type: 'ReviewScheduled', requirementId, at, reviewId, date, mode, offenderMustAttend };
}

function previousReviewDate(s: ImposedRequirement, review: Review): LocalDate {
  const held = Object.values(s.reviews).filter((r) => r.status === 'HELD' && r.date < review.date);
  return held.reduce((latest, r) => (r.date > latest ? r.date : latest), s.imposition.sentenceDate);
}

function findOpenReview(s: ImposedRequirement, reviewId: string): Review | RequirementDecision {
  const review = s.reviews[reviewId];
  if (!review) return notFound('review-not-found', 'No such review.', '/reviewId');
  if (review.status !== 'SCHEDULED') return conflict('review-not-open', `The review is ${review.status}.`);
  return review;
}

export function decideProviderViews(
  s: ImposedRequirement,
  c: CommandOf<'SubmitProviderViews'>,
  ctx: DecideContext,
): RequirementDecision {
  const review = findOpenReview(s, c.reviewId);
  if ('ok' in review) return review;
  return accept({
    type: 'ProviderViewsSubmitted',
    ...stampOf(s, ctx.now),
    reviewId: review.id,
    views: c.views,
  });
}

export function decideReviewReport(
  s: ImposedRequirement,
  c: CommandOf<'SubmitReviewReport'>,
  ctx: DecideContext,
): RequirementDecision {
  const review = findOpenReview(s, c.reviewId);
  if ('ok' in review) return review;
  if (review.report) return conflict('review-report-already-submitted', 'The report for this review is in.');
  if (review.providerViews === null)
    return conflict(
      'r11-provider-views-required',
      'The report includes the treatment provider’s views: none yet.',
    );
  const since = startOfLondonDay(previousReviewDate(s, review));
  const testResults = Object.values(s.drugTests)
    .filter((t) => t.sampleRecordedAt !== null && !isBefore(t.sampleRecordedAt, since))
    .map((t) => ({ testId: t.id, outcome: t.outcome }));
  return accept({
    type: 'ReviewReportSubmitted',
    ...stampOf(s, ctx.now),
    reviewId: review.id,
    progress: c.progress,
    recommendation: c.recommendation,
    providerViews: review.providerViews,
    testResults,
  });
}

function outcomeProblem(
  s: ImposedRequirement,
  review: Review,
  c: CommandOf<'RecordReviewOutcome'>,
): RequirementDecision | null {
  if (c.outcome === 'OFFENDER_DID_NOT_ATTEND' && c.attended)
    return invalid('review-outcome-inconsistent', 'The outcome says the person did not attend.', '/attended');
  if (c.outcome === 'MOVE_TO_REVIEW_WITHOUT_HEARING' && review.mode !== 'HEARING')
    return conflict(
      'r12-switch-only-at-hearing',
      'Reviews move to paper only from a review hearing.',
      '/outcome',
    );
  if (c.outcome === 'MOVE_TO_REVIEW_WITHOUT_HEARING' && review.report?.progress !== 'SATISFACTORY')
    return conflict(
      'r12-progress-not-satisfactory',
      'Reviews move to paper only when progress is satisfactory.',
      '/outcome',
    );
  if (c.outcome === 'REQUIRE_ATTENDANCE_AT_HEARING' && review.mode !== 'WITHOUT_HEARING')
    return conflict('r12-already-at-hearings', 'Reviews are already held at hearings.', '/outcome');
  const lastDay = lastPeriodEnd(s.imposition.periods);
  if (c.outcome === 'ADJOURNED' && (c.nextReviewDate === undefined || c.nextReviewDate <= review.date))
    return invalid(
      'adjourned-review-needs-date',
      'An adjourned review is relisted on a later date.',
      '/nextReviewDate',
    );
  if (
    c.outcome !== 'ADJOURNED' &&
    c.nextReviewDate !== undefined &&
    c.nextReviewDate < addMonths(review.date, 1)
  )
    return invalid('r11-next-review-too-soon', 'Reviews are at least one month apart.', '/nextReviewDate');
  if (c.nextReviewDate !== undefined && c.nextReviewDate > lastDay)
    return invalid(
      'review-after-requirement-end',
      'Reviews fall within the treatment and testing period.',
      '/nextReviewDate',
    );
  return null;
}

export function decideReviewOutcome(
  s: ImposedRequirement,
  c: CommandOf<'RecordReviewOutcome'>,
  ctx: DecideContext,
): RequirementDecision {
  const review = findOpenReview(s, c.reviewId);
  if ('ok' in review) return review;
  if (isBefore(ctx.now, startOfLondonDay(review.date)))
    return conflict('review-not-yet-due', `The review is on ${review.date}.`);
  if (!review.report)
    return conflict('r11-review-report-required', 'A written report comes before each review.');
  const problem = outcomeProblem(s, review, c);
  if (problem) return problem;
  const stamp = stampOf(s, ctx.now);
  const events: RequirementEvent[] = [];
  if (review.mode === 'HEARING' && review.offenderMustAttend && !c.attended)
    events.push(incidentRaised(s, ctx, 'MISSED_REVIEW_HEARING', review.id, ctx.now));
  if (c.outcome === 'ADJOURNED' && c.nextReviewDate !== undefined)
    return accept(...events, {
      type: 'ReviewAdjourned',
      ...stamp,
      reviewId: review.id,
      date: c.nextReviewDate,
    });
  const nextMode =
    c.outcome === 'MOVE_TO_REVIEW_WITHOUT_HEARING'
      ? 'WITHOUT_HEARING'
      : c.outcome === 'REQUIRE_ATTENDANCE_AT_HEARING'
        ? 'HEARING'
        : review.mode;
  events.push({
    type: 'ReviewHeld',
    ...stamp,
    reviewId: review.id,
    outcome: c.outcome,
    attended: c.attended,
    nextMode,
  });
  if (c.outcome === 'REVOKE_AND_RESENTENCE') {
    const revokedOn = londonDate(ctx.now);
    events.push({ type: 'OrderRevokedAtReview', ...stamp, reviewId: review.id, revokedOn });
    return accept(...events, requirementEnded(s, ctx.now, 'TERMINATED_WITH_ORDER', review.id));
  }
  const interval = s.imposition.review?.intervalMonths ?? ctx.config.defaultReviewIntervalMonths;
  const next = c.nextReviewDate ?? addMonths(review.date, interval);
  if (next <= lastPeriodEnd(s.imposition.periods))
    events.push(reviewScheduled(s.imposition, ctx.now, ctx.newId(), next, nextMode));
  return accept(...events);
}
