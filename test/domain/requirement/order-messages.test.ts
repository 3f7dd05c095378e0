import { describe, expect, it } from 'vitest';
import { orderMessagesFor } from '../../../domain/requirement';
import { atrImposition, drrImposition, mhtrImposition } from './fixtures';
import { idNumber } from './harness';
import { book, inTreatment } from './steps';

const message = (m: Record<string, unknown>) => ({ type: 'ApplyOrderMessage', message: m });

describe('messages from the order', () => {
  it('OrderEnded: terminated with the order, every future appointment, test and review withdrawn (APPW)', () => {
    const review = {
      firstReviewDate: '2026-03-02',
      intervalMonths: 1,
      mode: 'HEARING',
      offenderMustAttend: true,
    } as const;
    const h = inTreatment(drrImposition({ review }));
    const future = book(h, '2026-02-20T10:00:00.000Z');
    h.ok({
      type: 'DirectDrugTest',
      testId: idNumber(5),
      dueAt: '2026-02-21T10:00:00.000Z',
      directedBy: 'RESPONSIBLE_OFFICER',
    });
    const [ended] = h.ok(
      message({ kind: 'OrderEnded', endedOn: '2026-02-10', reason: 'REVOKED_FURTHER_OFFENCE' }),
    );
    expect(ended).toMatchObject({ type: 'RequirementEnded', ended: 'TERMINATED_WITH_ORDER' });
    expect(orderMessagesFor(ended!)).toEqual([
      expect.objectContaining({ status: 'TERMINATED', compliedWith: false }),
    ]);
    expect(h.view.appointments.find((a) => a.id === future)).toMatchObject({
      status: 'WITHDRAWN',
      outcome: 'WITHDRAWN',
    });
    expect(h.view.drugTests[0]!.status).toBe('WITHDRAWN');
    expect(h.view.reviews[0]!.status).toBe('WITHDRAWN');
    // The cascade may repeat; nothing more happens to an ended requirement.
    expect(
      h.ok(message({ kind: 'OrderEnded', endedOn: '2026-02-10', reason: 'REVOKED_FURTHER_OFFENCE' })),
    ).toEqual([]);
    expect(h.refused({ type: 'ReferToProvider', providerOrgId: 'p' })).toMatchObject({
      code: 'requirement-ended',
    });
  });

  it('OrderEndDateChanged: an earlier end cuts the periods and withdraws what falls after', () => {
    const h = inTreatment(atrImposition());
    const late = book(h, '2026-09-01T10:00:00.000Z');
    h.ok(message({ kind: 'OrderEndDateChanged', orderEndDate: '2026-08-01' }));
    expect(h.view).toMatchObject({
      orderEndDate: '2026-08-01',
      periods: [{ start: '2026-02-02', end: '2026-08-01' }],
    });
    expect(h.view.appointments.find((a) => a.id === late)!.status).toBe('WITHDRAWN');
    h.ok(message({ kind: 'OrderEndDateChanged', orderEndDate: '2026-12-01' }));
    expect(h.view.periods).toEqual([{ start: '2026-02-02', end: '2026-08-01' }]);
  });

  it('R24: a practitioner report puts the requirement in AMENDMENT_PENDING until the court answers the RO’s application', () => {
    const h = inTreatment(mhtrImposition());
    const report = h.ok({
      type: 'SubmitPractitionerReport',
      opinion: 'DIFFERENT_TREATMENT',
      narrative: 'Needs secondary care.',
    });
    expect(report.flatMap(orderMessagesFor)).toEqual([
      expect.objectContaining({ status: 'AMENDMENT_PENDING' }),
    ]);
    expect(h.view.displayStatus).toBe('AMENDMENT_PENDING');
    expect(
      h.refused({ type: 'SubmitPractitionerReport', opinion: 'NOT_SUSCEPTIBLE', narrative: 'x' }),
    ).toMatchObject({ code: 'r24-practitioner-report-pending' });
    expect(h.refused({ type: 'RecordApplicationRefused' })).toMatchObject({ code: 'r24-no-application' });
    h.ok({ type: 'RecordApplicationToCourt', appliedOn: '2026-02-04' });
    h.ok({ type: 'RecordApplicationRefused' });
    expect(h.view.displayStatus).toBe('IN_TREATMENT');
    expect(h.refused({ type: 'RecordApplicationToCourt', appliedOn: '2026-02-04' })).toMatchObject({
      code: 'r24-no-practitioner-report',
    });
  });

  it('R28: the court cancels a requirement, or replaces its terms with valid terms of the same kind', () => {
    const h = inTreatment(mhtrImposition());
    const replace = (replacement: Record<string, unknown>) =>
      message({ kind: 'RequirementAmended', change: 'REPLACE', effectiveOn: '2026-03-01', replacement });
    const periods = [{ start: '2026-02-02', end: '2026-10-01' }];
    expect(h.refused(replace({ mode: 'RESIDENT', periods }))).toMatchObject({
      code: 'mode-not-for-type',
      field: '/message/replacement/mode',
    });
    h.ok(replace({ mode: 'INSTITUTION_OUTPATIENT', place: 'Lambeth CMHT', periods }));
    expect(h.view).toMatchObject({
      mode: 'INSTITUTION_OUTPATIENT',
      periods,
      terms: { place: 'Lambeth CMHT' },
    });
    // The replaced terms are exactly the new ones, as on the order: the practitioner named before is gone.
    expect(h.view.terms.practitioner).toBeNull();
    h.ok({ type: 'SubmitPractitionerReport', opinion: 'NO_FURTHER_TREATMENT', narrative: 'Goals met.' });
    const [ended] = h.ok(
      message({ kind: 'RequirementAmended', change: 'CANCEL', effectiveOn: '2026-04-01' }),
    );
    expect(ended).toMatchObject({ ended: 'COMPLETED_EARLY_COURT_CANCELLED' });
    expect(orderMessagesFor(ended!)).toEqual([expect.objectContaining({ compliedWith: true })]);
    const other = inTreatment(atrImposition());
    other.ok(message({ kind: 'RequirementAmended', change: 'CANCEL', effectiveOn: '2026-04-01' }));
    expect(other.view).toMatchObject({ ended: 'CANCELLED_BY_COURT', compliedWith: false });
  });

  it('R25: a refusal of treatment the RO judges reasonable is decided ACCEPTABLE and never counts as a failure', () => {
    const h = inTreatment(mhtrImposition({ periods: [{ start: '2026-02-02', end: '2026-03-31' }] }));
    const refused = book(h, '2026-02-10T10:00:00.000Z');
    h.at('2026-02-10T11:00:00.000Z');
    const [, raised] = h.ok({
      type: 'RecordOutcome',
      appointmentId: refused,
      sessionHappened: false,
      attended: 'NO',
      noSessionReason: 'PERSON_ACCEPTABLE',
      notes: 'Declined ECT',
    });
    const incidentId = raised!.type === 'IncidentRaised' ? raised.incidentId : '';
    expect(h.view.progress).toMatchObject({ attendanceRate: 0.5, incidentsPendingDecision: 1 });
    h.ok(message({ kind: 'IncidentDecided', incidentId, subjectId: refused, decision: 'ACCEPTABLE' }));
    expect(h.view.progress).toMatchObject({
      attendanceRate: 1,
      acceptableAbsences: 1,
      unacceptableAbsences: 0,
      incidentsPendingDecision: 0,
    });
    expect(h.view.appointments.find((a) => a.id === refused)!.absence).toBe('ACCEPTABLE_ABSENCE');
    const end = h.tick('2026-04-01T00:00:00.000Z');
    expect(end.at(-1)).toMatchObject({ type: 'RequirementEnded', ended: 'COMPLETED' });
    const unknown = inTreatment(atrImposition());
    expect(
      unknown.refused(
        message({
          kind: 'IncidentDecided',
          incidentId: idNumber(99),
          subjectId: 'x',
          decision: 'ACCEPTABLE',
        }),
      ),
    ).toMatchObject({ kind: 'NOT_FOUND' });
  });
});
