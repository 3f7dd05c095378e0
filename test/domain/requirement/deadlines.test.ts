import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../domain/config';
import { nextRequirementTimer, requirementDeadlines } from '../../../domain/requirement';
import { atrImposition, drrImposition, mhtrImposition } from './fixtures';
import { RequirementHarness, idNumber } from './harness';
import { accepted, attend, book, inTreatment } from './steps';

const kinds = (h: RequirementHarness) => requirementDeadlines(h.state, h.config).map((d) => d.kind);
const deadline = (h: RequirementHarness, kind: string) =>
  requirementDeadlines(h.state, h.config).find((d) => d.kind === kind);

describe('deadlines and the passage of time', () => {
  it('the first appointment is due within 10 working days of sentence; missing it fires once', () => {
    const h = accepted(atrImposition());
    // Sentenced Monday 2 February 2026: the tenth working day is Monday 16 February.
    expect(deadline(h, 'FIRST_APPOINTMENT_DUE')).toMatchObject({
      dueAt: '2026-02-17T00:00:00.000Z',
      role: 'provider',
    });
    expect(nextRequirementTimer(h.state, h.config)).toBe('2026-02-17T00:00:00.000Z');
    expect(h.tick('2026-02-16T23:59:00.000Z')).toEqual([]);
    expect(h.types(h.tick('2026-02-17T00:00:00.000Z'))).toEqual(['FirstAppointmentSlaMissed']);
    expect(h.tick('2026-02-18T00:00:00.000Z')).toEqual([]);
    expect(kinds(h)).toContain('FIRST_APPOINTMENT_DUE');
    expect(h.view.deadlines.find((d) => d.kind === 'FIRST_APPOINTMENT_DUE')).toMatchObject({ overdue: true });
    attend(h, '2026-02-18T10:00:00.000Z');
    expect(kinds(h)).not.toContain('FIRST_APPOINTMENT_DUE');
  });

  it('extra bank holidays push working-day deadlines on', () => {
    const h = new RequirementHarness({ ...DEFAULT_CONFIG, extraBankHolidays: ['2026-02-10'] });
    h.ok({ type: 'Impose', imposition: atrImposition() });
    expect(deadline(h, 'FIRST_APPOINTMENT_DUE')).toMatchObject({
      dueAt: '2026-02-18T00:00:00.000Z',
      role: 'probation',
    });
  });

  it('an outcome is due by the end of the appointment’s day, and a missed appointment opens a 6-working-day evidence window', () => {
    const h = inTreatment(atrImposition());
    const id = book(h, '2026-02-05T10:00:00.000Z');
    expect(deadline(h, 'OUTCOME_DUE')).toMatchObject({
      dueAt: '2026-02-06T00:00:00.000Z',
      subjectId: id,
      role: 'provider',
    });
    expect(h.types(h.tick('2026-02-06T00:00:00.000Z'))).toEqual(['OutcomeOverdue']);
    h.ok({ type: 'RecordOutcome', appointmentId: id, sessionHappened: false, attended: 'NO' });
    expect(kinds(h)).toEqual(['PERIOD_ENDS', 'ABSENCE_EVIDENCE_WINDOW_ENDS']);
    expect(h.view.appointments.find((a) => a.id === id)!.absence).toBe('PENDING_EVIDENCE');
    // Thursday 5 February + 6 working days = Friday 13 February.
    expect(deadline(h, 'ABSENCE_EVIDENCE_WINDOW_ENDS')!.dueAt).toBe('2026-02-14T00:00:00.000Z');
    expect(h.types(h.tick('2026-02-14T00:00:00.000Z'))).toEqual(['AbsenceEvidenceWindowEnded']);
    expect(h.view.appointments.find((a) => a.id === id)!.absence).toBe('ABSENCE_PENDING_DECISION');
  });

  it('a lab result is due 72 hours after collection', () => {
    const h = inTreatment(drrImposition());
    h.ok({
      type: 'DirectDrugTest',
      testId: idNumber(5),
      dueAt: '2026-02-04T12:00:00.000Z',
      directedBy: 'RESPONSIBLE_OFFICER',
    });
    h.ok({
      type: 'RecordSample',
      testId: idNumber(5),
      status: 'COLLECTED',
      sampleType: 'URINE',
      method: 'LAB_SCREEN',
    });
    expect(deadline(h, 'LAB_RESULT_DUE')).toMatchObject({
      dueAt: '2026-02-07T11:00:00.000Z',
      role: 'provider',
    });
    expect(h.types(h.tick('2026-02-07T11:00:00.000Z'))).toEqual(['LabResultOverdue']);
    h.ok({
      type: 'RecordTestResult',
      testId: idNumber(5),
      substances: [{ substance: 'OPIATES', result: 'PENDING' }],
      recordedByRole: 'provider',
    });
    expect(kinds(h)).toContain('LAB_RESULT_DUE');
    h.ok({
      type: 'RecordTestResult',
      testId: idNumber(5),
      substances: [{ substance: 'OPIATES', result: 'NEGATIVE' }],
      recordedByRole: 'provider',
    });
    expect(kinds(h)).not.toContain('LAB_RESULT_DUE');
  });

  it('a review report is due two working days before the review, and the review’s outcome on its day', () => {
    const review = {
      firstReviewDate: '2026-03-02',
      intervalMonths: 1,
      mode: 'HEARING',
      offenderMustAttend: true,
    } as const;
    const h = inTreatment(drrImposition({ review }));
    expect(deadline(h, 'REVIEW_REPORT_DUE')).toMatchObject({
      dueAt: '2026-02-27T00:00:00.000Z',
      role: 'probation',
    });
    expect(deadline(h, 'REVIEW_DATE')).toMatchObject({ dueAt: '2026-03-03T00:00:00.000Z', role: 'court' });
    expect(h.types(h.tick('2026-03-03T00:00:00.000Z'))).toEqual([
      'ReviewReportOverdue',
      'ReviewOutcomeOverdue',
    ]);
  });

  it('R24: the RO’s application on a practitioner report is due within 10 working days', () => {
    const h = inTreatment(mhtrImposition());
    h.ok({
      type: 'SubmitPractitionerReport',
      opinion: 'NOT_SUSCEPTIBLE',
      narrative: 'No change after 6 sessions.',
    });
    expect(deadline(h, 'PRACTITIONER_REPORT_APPLICATION_DUE')).toMatchObject({
      dueAt: '2026-02-19T00:00:00.000Z',
      role: 'probation',
    });
    expect(h.types(h.tick('2026-02-19T00:00:00.000Z'))).toEqual(['PractitionerReportApplicationOverdue']);
    h.ok({ type: 'RecordApplicationToCourt', appliedOn: '2026-02-19' });
    expect(kinds(h)).not.toContain('PRACTITIONER_REPORT_APPLICATION_DUE');
  });

  it('at the period end the requirement completes, waits for an undecided incident, or expires if treatment never began', () => {
    const waiting = inTreatment(atrImposition());
    const missed = book(waiting, '2026-10-30T10:00:00.000Z');
    waiting.at('2026-10-30T12:00:00.000Z');
    const raised = waiting.ok({
      type: 'RecordOutcome',
      appointmentId: missed,
      sessionHappened: false,
      attended: 'NO',
    })[1]!;
    expect(waiting.types(waiting.tick('2026-11-02T00:00:00.000Z'))).toEqual(['TreatmentPeriodEnded']);
    expect(waiting.view.status).toBe('IN_TREATMENT');
    const incidentId = raised.type === 'IncidentRaised' ? raised.incidentId : '';
    const decided = waiting.ok({
      type: 'ApplyOrderMessage',
      message: { kind: 'IncidentDecided', incidentId, subjectId: missed, decision: 'UNACCEPTABLE' },
    });
    expect(waiting.types(decided)).toEqual(['IncidentDecided', 'RequirementEnded']);
    expect(waiting.view).toMatchObject({ status: 'COMPLETED', ended: 'COMPLETED' });
    expect(requirementDeadlines(waiting.state, waiting.config)).toEqual([]);
    expect(nextRequirementTimer(waiting.state, waiting.config)).toBeNull();

    // An appointment held on the last day still takes its outcome; then the requirement ends.
    const lastDay = inTreatment(atrImposition());
    const final = book(lastDay, '2026-10-30T15:00:00.000Z');
    expect(lastDay.types(lastDay.tick('2026-11-02T00:00:00.000Z'))).toEqual([
      'OutcomeOverdue',
      'TreatmentPeriodEnded',
    ]);
    const recorded = lastDay.ok({
      type: 'RecordOutcome',
      appointmentId: final,
      sessionHappened: true,
      attended: 'YES',
    });
    expect(lastDay.types(recorded)).toEqual(['OutcomeRecorded', 'RequirementEnded']);
    expect(lastDay.view.ended).toBe('COMPLETED');

    const neverStarted = accepted(atrImposition());
    neverStarted.tick('2026-11-02T00:00:00.000Z');
    expect(neverStarted.view).toMatchObject({
      status: 'TERMINATED',
      ended: 'EXPIRED_INCOMPLETE',
      compliedWith: false,
    });
  });
});
