import { type Instant, type LocalDate, startOfLondonDay } from '../../calendar';
import { accept, given, notFound, type Refusal, stateConflict } from '../../core';
import type { CommandOf } from '../commands';
import { type RequirementDecision, stampOf } from './common';
import type { RequirementImposition } from '../../links';
import type { EventOf } from '../events';
import type { ImposedRequirement, Review } from '../state';
import { isBefore } from '../time/instants';

// DRR reviews: scheduling, the provider's views, and the RO's written report (R11: it includes the
// test results since the previous review and the provider's views).

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

/** The review the command names, still to be held. */
export function openReview(s: ImposedRequirement, c: { reviewId: string }): Review | Refusal {
  const review = s.reviews[c.reviewId];
  if (!review) return notFound('review-not-found', 'No such review.', '/reviewId');
  if (review.status !== 'SCHEDULED')
    return stateConflict('review-not-open', `The review is ${review.status}.`);
  return review;
}

export const decideProviderViews = given(
  openReview,
  (review, s, c: CommandOf<'SubmitProviderViews'>, ctx): RequirementDecision => {
    return accept({
      type: 'ProviderViewsSubmitted',
      ...stampOf(s, ctx.now),
      reviewId: review.id,
      views: c.views,
    });
  },
);

export const decideReviewReport = given(
  openReview,
  (review, s, c: CommandOf<'SubmitReviewReport'>, ctx): RequirementDecision => {
    if (review.report)
      return stateConflict('review-report-already-submitted', 'The report for this review is in.');
    if (review.providerViews === null)
      return stateConflict(
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
  },
);
