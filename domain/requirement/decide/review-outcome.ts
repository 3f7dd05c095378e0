import { addMonths, londonDate, startOfLondonDay } from '../../calendar';
import { accept, given, ruleViolation, stateConflict } from '../../core';
import type { CommandOf } from '../commands';
import { incidentRaised, type RequirementDecision, requirementEnded, stampOf } from './common';
import type { RequirementEvent } from '../events';
import { lastPeriodEnd } from '../rules/periods';
import { openReview, reviewScheduled } from './reviews';
import type { ImposedRequirement, Review } from '../state';
import { isBefore } from '../time/instants';

// The court's decision at a DRR review: R11 (a month apart; the person attends hearings) and R12
// (reviews without a hearing only from a hearing with satisfactory progress, and back).

function outcomeProblem(
  s: ImposedRequirement,
  review: Review,
  c: CommandOf<'RecordReviewOutcome'>,
): RequirementDecision | null {
  if (c.outcome === 'OFFENDER_DID_NOT_ATTEND' && c.attended)
    return ruleViolation(
      'review-outcome-inconsistent',
      'The outcome says the person did not attend.',
      '/attended',
    );
  if (c.outcome === 'MOVE_TO_REVIEW_WITHOUT_HEARING' && review.mode !== 'HEARING')
    return stateConflict(
      'r12-switch-only-at-hearing',
      'Reviews move to paper only from a review hearing.',
      '/outcome',
    );
  if (c.outcome === 'MOVE_TO_REVIEW_WITHOUT_HEARING' && review.report?.progress !== 'SATISFACTORY')
    return stateConflict(
      'r12-progress-not-satisfactory',
      'Reviews move to paper only when progress is satisfactory.',
      '/outcome',
    );
  if (c.outcome === 'REQUIRE_ATTENDANCE_AT_HEARING' && review.mode !== 'WITHOUT_HEARING')
    return stateConflict('r12-already-at-hearings', 'Reviews are already held at hearings.', '/outcome');
  const lastDay = lastPeriodEnd(s.imposition.periods);
  if (c.outcome === 'ADJOURNED' && (c.nextReviewDate === undefined || c.nextReviewDate <= review.date))
    return ruleViolation(
      'adjourned-review-needs-date',
      'An adjourned review is relisted on a later date.',
      '/nextReviewDate',
    );
  if (
    c.outcome !== 'ADJOURNED' &&
    c.nextReviewDate !== undefined &&
    c.nextReviewDate < addMonths(review.date, 1)
  )
    return ruleViolation(
      'r11-next-review-too-soon',
      'Reviews are at least one month apart.',
      '/nextReviewDate',
    );
  if (c.nextReviewDate !== undefined && c.nextReviewDate > lastDay)
    return ruleViolation(
      'review-after-requirement-end',
      'Reviews fall within the treatment and testing period.',
      '/nextReviewDate',
    );
  return null;
}

export const decideReviewOutcome = given(
  openReview,
  (review, s, c: CommandOf<'RecordReviewOutcome'>, ctx): RequirementDecision => {
    if (isBefore(ctx.now, startOfLondonDay(review.date)))
      return stateConflict('review-not-yet-due', `The review is on ${review.date}.`);
    if (!review.report)
      return stateConflict('r11-review-report-required', 'A written report comes before each review.');
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
  },
);
