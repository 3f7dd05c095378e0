import { describe, expect, it } from 'vitest';
import { orderMessagesFor } from '../../../domain/requirement';
import { drrImposition } from './fixtures';
import { RequirementHarness, idNumber } from './harness';

const review = {
  firstReviewDate: '2026-03-02',
  intervalMonths: 1,
  mode: 'HEARING',
  offenderMustAttend: true,
} as const;
const fifteenMonths = drrImposition({ periods: [{ start: '2026-02-02', end: '2027-05-01' }], review });

function reviewAt(h: RequirementHarness, date: string) {
  const r = h.view.reviews.find((x) => x.status === 'SCHEDULED');
  expect(r?.date).toBe(date);
  return r!.id;
}

function holdReview(
  h: RequirementHarness,
  date: string,
  progress: 'SATISFACTORY' | 'UNSATISFACTORY',
  outcome: string,
  attended = true,
) {
  const reviewId = reviewAt(h, date);
  h.at(`${date}T08:00:00.000Z`);
  h.ok({ type: 'SubmitProviderViews', reviewId, views: 'Engaging with key work.' });
  h.ok({ type: 'SubmitReviewReport', reviewId, progress, recommendation: 'Continue.' });
  h.at(`${date}T10:30:00.000Z`);
  return h.ok({ type: 'RecordReviewOutcome', reviewId, outcome, attended });
}

describe('a 15-month DRR with monthly reviews', () => {
  it('moves to reviews without a hearing and back to hearings when progress slips', () => {
    const h = new RequirementHarness();
    const imposed = h.ok({ type: 'Impose', imposition: fifteenMonths });
    expect(h.types(imposed)).toEqual(['RequirementImposed', 'ReviewScheduled']);

    h.ok({ type: 'ReferToProvider', providerOrgId: 'provider-drugs' });
    h.ok({ type: 'RecordAcceptance', accepted: true });
    const first = idNumber(1);
    h.ok({
      type: 'BookAppointment',
      appointmentId: first,
      start: '2026-02-05T10:00:00.000Z',
      durationMinutes: 60,
      kind: 'ONE_TO_ONE',
      deliveryMode: 'IN_PERSON',
      enforceable: true,
    });
    h.at('2026-02-05T11:00:00.000Z');
    const started = h.ok({
      type: 'RecordOutcome',
      appointmentId: first,
      sessionHappened: true,
      attended: 'YES',
    });
    expect(h.types(started)).toEqual(['OutcomeRecorded', 'TreatmentStarted']);
    expect(h.view.displayStatus).toBe('IN_TREATMENT_AND_TESTING');

    // Week 3: a positive cocaine screen reaches the RO and is not an incident (R9, R23).
    const test = idNumber(2);
    h.at('2026-02-16T09:00:00.000Z');
    h.ok({
      type: 'DirectDrugTest',
      testId: test,
      dueAt: '2026-02-16T10:00:00.000Z',
      directedBy: 'RESPONSIBLE_OFFICER',
    });
    h.ok({
      type: 'RecordSample',
      testId: test,
      status: 'COLLECTED',
      sampleType: 'ORAL_FLUID',
      method: 'POINT_OF_CARE_SCREEN',
    });
    const result = h.ok({
      type: 'RecordTestResult',
      testId: test,
      substances: [{ substance: 'COCAINE', result: 'POSITIVE' }],
      recordedByRole: 'provider',
    });
    expect(h.types(result)).toEqual(['TestResultRecorded', 'ResultCommunicatedToResponsibleOfficer']);

    const r1 = holdReview(h, '2026-03-02', 'SATISFACTORY', 'CONTINUE');
    expect(h.types(r1)).toEqual(['ReviewHeld', 'ReviewScheduled']);
    const report = h.view.reviews[0]!.report!;
    expect(report.testResults).toEqual([{ testId: test, outcome: 'POSITIVE_UNEXPLAINED' }]);

    holdReview(h, '2026-04-02', 'SATISFACTORY', 'MOVE_TO_REVIEW_WITHOUT_HEARING');
    expect(h.view.reviewMode).toBe('WITHOUT_HEARING');
    const paper = h.view.reviews.find((r) => r.date === '2026-05-02')!;
    expect(paper).toMatchObject({ mode: 'WITHOUT_HEARING', offenderMustAttend: false });

    // A paper review raises no incident for the person's absence.
    const p1 = holdReview(h, '2026-05-02', 'SATISFACTORY', 'CONTINUE', false);
    expect(h.types(p1)).toEqual(['ReviewHeld', 'ReviewScheduled']);

    holdReview(h, '2026-06-02', 'UNSATISFACTORY', 'REQUIRE_ATTENDANCE_AT_HEARING', false);
    expect(h.view.reviews.find((r) => r.date === '2026-07-02')).toMatchObject({
      mode: 'HEARING',
      offenderMustAttend: true,
    });

    // Missing the hearing is an incident for the order.
    const missed = holdReview(h, '2026-07-02', 'UNSATISFACTORY', 'OFFENDER_DID_NOT_ATTEND', false);
    const incident = missed.find((e) => e.type === 'IncidentRaised')!;
    expect(orderMessagesFor(incident)).toEqual([
      expect.objectContaining({ kind: 'IncidentRaised', source: 'MISSED_REVIEW_HEARING' }),
    ]);

    const dates = h.view.reviews.map((r) => r.date);
    expect(dates).toEqual([
      '2026-03-02',
      '2026-04-02',
      '2026-05-02',
      '2026-06-02',
      '2026-07-02',
      '2026-08-02',
    ]);
  });
});
