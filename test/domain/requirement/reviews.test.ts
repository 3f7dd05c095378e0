import { describe, expect, it } from 'vitest';
import { orderMessagesFor } from '../../../domain/requirement';
import { drrImposition } from './fixtures';
import type { RequirementHarness } from './harness';
import { inTreatment } from './steps';

const review = {
  firstReviewDate: '2026-03-02',
  intervalMonths: 1,
  mode: 'HEARING',
  offenderMustAttend: true,
} as const;
const withReviews = () =>
  inTreatment(drrImposition({ periods: [{ start: '2026-02-02', end: '2027-03-01' }], review }));

function openReview(h: RequirementHarness) {
  return h.view.reviews.find((r) => r.status === 'SCHEDULED')!;
}

function prepare(h: RequirementHarness, progress: 'SATISFACTORY' | 'UNSATISFACTORY' = 'SATISFACTORY') {
  const r = openReview(h);
  h.at(`${r.date}T07:00:00.000Z`);
  h.ok({ type: 'SubmitProviderViews', reviewId: r.id, views: 'Stable on script.' });
  h.ok({ type: 'SubmitReviewReport', reviewId: r.id, progress, recommendation: 'Continue.' });
  h.at(`${r.date}T10:00:00.000Z`);
  return r.id;
}

describe('DRR reviews', () => {
  it('R11: the report needs the provider’s views and comes before the review; reviews stay a month apart', () => {
    const h = withReviews();
    const r = openReview(h);
    expect(
      h.refused({
        type: 'SubmitReviewReport',
        reviewId: r.id,
        progress: 'SATISFACTORY',
        recommendation: 'x',
      }),
    ).toMatchObject({
      code: 'r11-provider-views-required',
      kind: 'STATE_CONFLICT',
    });
    h.at('2026-03-02T10:00:00.000Z');
    expect(
      h.refused({ type: 'RecordReviewOutcome', reviewId: r.id, outcome: 'CONTINUE', attended: true }),
    ).toMatchObject({ code: 'r11-review-report-required' });
    prepare(h);
    expect(
      h.refused({
        type: 'RecordReviewOutcome',
        reviewId: r.id,
        outcome: 'CONTINUE',
        attended: true,
        nextReviewDate: '2026-04-01',
      }),
    ).toMatchObject({
      code: 'r11-next-review-too-soon',
      kind: 'RULE_VIOLATION',
      field: '/nextReviewDate',
    });
    h.ok({
      type: 'RecordReviewOutcome',
      reviewId: r.id,
      outcome: 'CONTINUE',
      attended: true,
      nextReviewDate: '2026-04-02',
    });
    expect(openReview(h).date).toBe('2026-04-02');
  });

  it('R11: the person must attend a review hearing; not attending raises an incident', () => {
    const h = withReviews();
    const id = prepare(h);
    const events = h.ok({
      type: 'RecordReviewOutcome',
      reviewId: id,
      outcome: 'OFFENDER_DID_NOT_ATTEND',
      attended: false,
    });
    expect(events.flatMap(orderMessagesFor)).toEqual([
      expect.objectContaining({ source: 'MISSED_REVIEW_HEARING', subjectId: id }),
    ]);
    const next = prepare(h);
    expect(
      h.types(h.ok({ type: 'RecordReviewOutcome', reviewId: next, outcome: 'CONTINUE', attended: true })),
    ).not.toContain('IncidentRaised');
  });

  it('R12: paper reviews only from a hearing with satisfactory progress, and back to hearings', () => {
    const h = withReviews();
    const first = prepare(h, 'UNSATISFACTORY');
    expect(
      h.refused({
        type: 'RecordReviewOutcome',
        reviewId: first,
        outcome: 'MOVE_TO_REVIEW_WITHOUT_HEARING',
        attended: true,
      }),
    ).toMatchObject({
      code: 'r12-progress-not-satisfactory',
    });
    expect(
      h.refused({
        type: 'RecordReviewOutcome',
        reviewId: first,
        outcome: 'REQUIRE_ATTENDANCE_AT_HEARING',
        attended: true,
      }),
    ).toMatchObject({
      code: 'r12-already-at-hearings',
    });
    h.ok({ type: 'RecordReviewOutcome', reviewId: first, outcome: 'CONTINUE', attended: true });
    const second = prepare(h, 'SATISFACTORY');
    h.ok({
      type: 'RecordReviewOutcome',
      reviewId: second,
      outcome: 'MOVE_TO_REVIEW_WITHOUT_HEARING',
      attended: true,
    });
    const paper = prepare(h);
    expect(
      h.refused({
        type: 'RecordReviewOutcome',
        reviewId: paper,
        outcome: 'MOVE_TO_REVIEW_WITHOUT_HEARING',
        attended: false,
      }),
    ).toMatchObject({
      code: 'r12-switch-only-at-hearing',
    });
    h.ok({
      type: 'RecordReviewOutcome',
      reviewId: paper,
      outcome: 'REQUIRE_ATTENDANCE_AT_HEARING',
      attended: false,
    });
    expect(openReview(h)).toMatchObject({ mode: 'HEARING', offenderMustAttend: true, date: '2026-06-02' });
  });

  it('an adjourned review is relisted later; a review is not decided before its day', () => {
    const h = withReviews();
    const r = openReview(h);
    h.at('2026-03-01T10:00:00.000Z');
    h.ok({ type: 'SubmitProviderViews', reviewId: r.id, views: 'v' });
    h.ok({ type: 'SubmitReviewReport', reviewId: r.id, progress: 'SATISFACTORY', recommendation: 'r' });
    expect(
      h.refused({ type: 'RecordReviewOutcome', reviewId: r.id, outcome: 'CONTINUE', attended: true }),
    ).toMatchObject({ code: 'review-not-yet-due' });
    h.at('2026-03-02T10:00:00.000Z');
    expect(
      h.refused({ type: 'RecordReviewOutcome', reviewId: r.id, outcome: 'ADJOURNED', attended: true }),
    ).toMatchObject({ code: 'adjourned-review-needs-date' });
    h.ok({
      type: 'RecordReviewOutcome',
      reviewId: r.id,
      outcome: 'ADJOURNED',
      attended: true,
      nextReviewDate: '2026-03-09',
    });
    expect(openReview(h)).toMatchObject({ id: r.id, date: '2026-03-09' });
  });

  it('revocation at review tells the order and ends the requirement with it', () => {
    const h = withReviews();
    const id = prepare(h);
    const events = h.ok({
      type: 'RecordReviewOutcome',
      reviewId: id,
      outcome: 'REVOKE_AND_RESENTENCE',
      attended: true,
    });
    expect(events.flatMap(orderMessagesFor).map((m) => m.kind)).toEqual([
      'OrderRevokedAtReview',
      'RequirementStatusChanged',
    ]);
    expect(h.view).toMatchObject({ status: 'TERMINATED', ended: 'TERMINATED_WITH_ORDER' });
    expect(h.view.reviews[0]).toMatchObject({ status: 'HELD', outcome: 'REVOKE_AND_RESENTENCE' });
  });

  it('R10: extending a DRR beyond 12 months needs a review provision', () => {
    const h = inTreatment(drrImposition());
    const extend = (newPeriodEnd: string) => ({
      type: 'ApplyOrderMessage',
      message: {
        kind: 'RequirementAmended',
        change: 'EXTEND_PERIOD',
        effectiveOn: '2026-05-01',
        newPeriodEnd,
      },
    });
    expect(h.refused(extend('2027-03-01'))).toMatchObject({
      code: 'r10-review-provision-required',
      kind: 'RULE_VIOLATION',
    });
    h.ok(extend('2027-02-02'));
    expect(h.view.periods).toEqual([{ start: '2026-02-02', end: '2027-02-02' }]);
    expect(h.refused(extend('2027-01-01'))).toMatchObject({ code: 'extension-not-later' });
    const reviewed = withReviews();
    reviewed.ok(extend('2028-02-01'));
    expect(reviewed.refused(extend('2028-02-02'))).toMatchObject({ code: 'r13-period-beyond-order-end' });
  });
});
