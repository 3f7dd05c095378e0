import { describe, expect, it } from 'vitest';
import { orderMessagesFor } from '../../../domain/requirement';
import { atrImposition, drrImposition, mhtrImposition } from './fixtures';
import { RequirementHarness, idNumber } from './harness';
import { accepted, book, inTreatment, nextAppointmentId } from './steps';

describe('the lifecycle before treatment (§6.3)', () => {
  it('is referred, accepted or declined, and for an MHTR allocated before the first session', () => {
    const h = new RequirementHarness();
    h.ok({ type: 'Impose', imposition: mhtrImposition() });
    expect(h.refused({ type: 'RecordAcceptance', accepted: true })).toMatchObject({
      code: 'no-referral-pending',
      kind: 'STATE_CONFLICT',
    });
    h.ok({ type: 'ReferToProvider', providerOrgId: 'nhs-primary-care-mhtr' });
    h.ok({ type: 'RecordAcceptance', accepted: false, reason: 'Outside our area' });
    expect(h.view.status).toBe('AWAITING_REFERRAL');
    h.ok({ type: 'ReferToProvider', providerOrgId: 'nhs-primary-care-mhtr-2' });
    h.ok({ type: 'RecordAcceptance', accepted: true });
    expect(
      h.refused({
        type: 'BookAppointment',
        appointmentId: idNumber(1),
        start: '2026-02-03T10:00:00Z',
        durationMinutes: 50,
        kind: 'ONE_TO_ONE',
        deliveryMode: 'VIDEO',
        enforceable: true,
      }),
    ).toMatchObject({ code: 'not-ready-for-appointments' });
    h.ok({ type: 'AllocatePractitioner', name: 'A. Shah', role: 'ASSISTANT_PSYCHOLOGIST' });
    expect(h.view.status).toBe('ALLOCATED');
    const booked = h.ok({
      type: 'BookAppointment',
      appointmentId: idNumber(1),
      start: '2026-02-03T10:00:00Z',
      durationMinutes: 50,
      kind: 'ONE_TO_ONE',
      deliveryMode: 'VIDEO',
      enforceable: true,
    });
    expect(h.types(booked)).toEqual(['AppointmentBooked', 'FirstSessionBooked']);
    expect(h.view.status).toBe('AWAITING_START');
    expect(booked.flatMap(orderMessagesFor)).toEqual([
      expect.objectContaining({ status: 'AWAITING_START', compliedWith: false }),
    ]);
  });

  it('refuses a second imposition, commands before imposition, and commands for another requirement', () => {
    const h = new RequirementHarness();
    expect(h.refused({ type: 'ReferToProvider', providerOrgId: 'p' })).toMatchObject({
      code: 'requirement-not-imposed',
    });
    h.ok({ type: 'Impose', imposition: atrImposition() });
    expect(h.refused({ type: 'Impose', imposition: atrImposition() })).toMatchObject({
      code: 'requirement-already-imposed',
    });
    expect(
      h.refused({ type: 'ReferToProvider', providerOrgId: 'p', requirementId: idNumber(9) }),
    ).toMatchObject({ code: 'requirement-not-found', kind: 'NOT_FOUND' });
    expect(
      new RequirementHarness().refused({
        type: 'Impose',
        imposition: atrImposition({ treatmentDirector: undefined }),
      }),
    ).toMatchObject({
      code: 'atr-treatment-director-required',
      field: '/imposition/treatmentDirector',
    });
  });
});

describe('appointments (§6.5)', () => {
  it('refuses clashes with another future appointment, past bookings and bookings after the requirement ends', () => {
    const h = accepted(atrImposition());
    book(h, '2026-02-10T10:00:00.000Z');
    const clash = {
      type: 'BookAppointment',
      appointmentId: nextAppointmentId(),
      durationMinutes: 50,
      kind: 'GROUP',
      deliveryMode: 'IN_PERSON',
      enforceable: true,
    };
    expect(h.refused({ ...clash, start: '2026-02-10T10:30:00.000Z' })).toMatchObject({
      code: 'appointment-clash',
      kind: 'STATE_CONFLICT',
      field: '/start',
    });
    expect(h.refused({ ...clash, start: '2026-02-01T10:30:00.000Z' })).toMatchObject({
      code: 'appointment-in-past',
      kind: 'RULE_VIOLATION',
    });
    expect(h.refused({ ...clash, start: '2026-11-02T10:30:00.000Z' })).toMatchObject({
      code: 'appointment-after-requirement-end',
    });
    expect(h.send({ ...clash, start: '2026-02-10T10:50:00.000Z' }).ok).toBe(true);
  });

  it('reschedules by superseding the old appointment (RSSR/RSOF) with a new one', () => {
    const h = accepted(atrImposition());
    const old = book(h, '2026-02-10T10:00:00.000Z');
    const replacement = nextAppointmentId();
    h.ok({
      type: 'RescheduleAppointment',
      appointmentId: old,
      newAppointmentId: replacement,
      start: '2026-02-10T10:30:00.000Z',
      requestedBy: 'PERSON',
      reason: 'Job interview',
    });
    const [superseded, fresh] = h.view.appointments;
    expect(superseded).toMatchObject({
      id: old,
      status: 'SUPERSEDED',
      outcome: 'RESCHEDULED_BY_POP',
      rescheduledTo: replacement,
    });
    expect(fresh).toMatchObject({
      id: replacement,
      status: 'SCHEDULED',
      rescheduledFrom: old,
      durationMinutes: 50,
    });
    h.at('2026-02-10T10:40:00.000Z');
    expect(
      h.refused({
        type: 'RescheduleAppointment',
        appointmentId: replacement,
        newAppointmentId: nextAppointmentId(),
        start: '2026-02-12T10:30:00.000Z',
        requestedBy: 'SERVICE',
        reason: 'x',
      }),
    ).toMatchObject({ code: 'appointment-already-started' });
  });

  it('takes an outcome only once the appointment has started, and maps it to the nDelius vocabulary', () => {
    const h = accepted(atrImposition());
    const cases = [
      [{ sessionHappened: true, attended: 'YES' }, 'ATTENDED_COMPLIED'],
      [{ sessionHappened: true, attended: 'LATE', lateReason: 'Bus' }, 'ATTENDED_LATE_COMPLIED'],
      [{ sessionHappened: true, attended: 'YES', behaviourConcern: true }, 'ATTENDED_FAILED_TO_COMPLY'],
      [
        { sessionHappened: false, attended: 'YES', noSessionReason: 'PERSON_UNACCEPTABLE' },
        'SENT_HOME_BEHAVIOUR',
      ],
      [{ sessionHappened: false, attended: 'YES', noSessionReason: 'LOGISTICS' }, 'SENT_HOME_SERVICE'],
      [{ sessionHappened: false, attended: 'NO', noSessionReason: 'LOGISTICS' }, 'CANCELLED_BY_SERVICE'],
      [{ sessionHappened: false, attended: 'NO' }, 'FAILED_TO_ATTEND'],
    ] as const;
    cases.forEach(([facts, outcome], i) => {
      const start = `2026-03-${String(2 + i).padStart(2, '0')}T10:00:00.000Z`;
      const id = book(h, start);
      h.at('2026-03-01T12:00:00.000Z');
      expect(h.refused({ type: 'RecordOutcome', appointmentId: id, ...facts })).toMatchObject({
        code: 'appointment-not-started',
        kind: 'STATE_CONFLICT',
      });
      h.at(start);
      h.ok({ type: 'RecordOutcome', appointmentId: id, ...facts });
      expect(h.view.appointments.find((a) => a.id === id)?.outcome).toBe(outcome);
      h.at('2026-03-01T09:00:00.000Z');
    });
    expect(h.view.incidents.map((i) => i.source)).toEqual(['BEHAVIOUR', 'BEHAVIOUR', 'MISSED_APPOINTMENT']);
  });

  it('raises an incident for a failure to attend only when the appointment is enforceable', () => {
    const h = accepted(atrImposition());
    const optional = book(h, '2026-02-10T10:00:00.000Z', false);
    const required = book(h, '2026-02-11T10:00:00.000Z', true);
    h.at('2026-02-11T12:00:00.000Z');
    expect(
      h.types(
        h.ok({ type: 'RecordOutcome', appointmentId: optional, sessionHappened: false, attended: 'NO' }),
      ),
    ).toEqual(['OutcomeRecorded']);
    const events = h.ok({
      type: 'RecordOutcome',
      appointmentId: required,
      sessionHappened: false,
      attended: 'NO',
    });
    expect(h.types(events)).toEqual(['OutcomeRecorded', 'IncidentRaised']);
    expect(events.flatMap(orderMessagesFor)).toEqual([
      expect.objectContaining({ kind: 'IncidentRaised', source: 'MISSED_APPOINTMENT', subjectId: required }),
    ]);
    expect(
      h.refused({ type: 'RecordOutcome', appointmentId: required, sessionHappened: true, attended: 'YES' }),
    ).toMatchObject({ code: 'appointment-not-scheduled' });
    expect(
      h.refused({
        type: 'RecordOutcome',
        appointmentId: idNumber(77),
        sessionHappened: true,
        attended: 'YES',
      }),
    ).toMatchObject({ kind: 'NOT_FOUND' });
  });
});

describe('drug tests (§6.4)', () => {
  it('R9: a DRR provides samples as directed, and results recorded by anyone but the RO are communicated to the RO', () => {
    const h = inTreatment(drrImposition());
    const test = idNumber(5);
    h.ok({
      type: 'DirectDrugTest',
      testId: test,
      dueAt: '2026-02-09T10:00:00.000Z',
      directedBy: 'TREATMENT_DIRECTOR',
    });
    h.ok({
      type: 'RecordSample',
      testId: test,
      status: 'COLLECTED',
      sampleType: 'URINE',
      method: 'LAB_SCREEN',
    });
    const byProvider = h.ok({
      type: 'RecordTestResult',
      testId: test,
      substances: [{ substance: 'OPIATES', result: 'NEGATIVE' }],
      recordedByRole: 'provider',
    });
    expect(h.types(byProvider)).toContain('ResultCommunicatedToResponsibleOfficer');
    expect(h.view.drugTests[0]).toMatchObject({
      outcome: 'ALL_NEGATIVE',
      resultKnownToResponsibleOfficer: true,
    });
    const second = idNumber(6);
    h.ok({
      type: 'DirectDrugTest',
      testId: second,
      dueAt: '2026-02-10T10:00:00.000Z',
      directedBy: 'RESPONSIBLE_OFFICER',
    });
    h.ok({
      type: 'RecordSample',
      testId: second,
      status: 'COLLECTED',
      sampleType: 'ORAL_FLUID',
      method: 'POINT_OF_CARE_SCREEN',
    });
    const byRo = h.ok({
      type: 'RecordTestResult',
      testId: second,
      substances: [{ substance: 'COCAINE', result: 'NEGATIVE' }],
      recordedByRole: 'probation',
    });
    expect(h.types(byRo)).toEqual(['TestResultRecorded']);
    expect(h.view.drugTests[1]).toMatchObject({ resultKnownToResponsibleOfficer: true });
    const atr = inTreatment(atrImposition());
    expect(
      atr.refused({
        type: 'DirectDrugTest',
        testId: test,
        dueAt: '2026-02-09T10:00:00.000Z',
        directedBy: 'RESPONSIBLE_OFFICER',
      }),
    ).toMatchObject({ code: 'drug-tests-only-for-drr', kind: 'RULE_VIOLATION' });
  });

  it('R23: a positive result alone never raises an incident; a refused or missed sample does', () => {
    const h = inTreatment(drrImposition());
    const positive = idNumber(5);
    h.ok({
      type: 'DirectDrugTest',
      testId: positive,
      dueAt: '2026-02-09T10:00:00.000Z',
      directedBy: 'RESPONSIBLE_OFFICER',
    });
    h.ok({
      type: 'RecordSample',
      testId: positive,
      status: 'COLLECTED',
      sampleType: 'ORAL_FLUID',
      method: 'POINT_OF_CARE_SCREEN',
    });
    const events = h.ok({
      type: 'RecordTestResult',
      testId: positive,
      substances: [
        { substance: 'COCAINE', result: 'POSITIVE' },
        { substance: 'METHADONE', result: 'POSITIVE_PRESCRIBED' },
      ],
      recordedByRole: 'provider',
    });
    expect(events.flatMap(orderMessagesFor)).toEqual([]);
    expect(h.view.incidents).toEqual([]);
    const missed = idNumber(6);
    h.ok({
      type: 'DirectDrugTest',
      testId: missed,
      dueAt: '2026-02-12T10:00:00.000Z',
      directedBy: 'RESPONSIBLE_OFFICER',
    });
    expect(h.refused({ type: 'RecordSample', testId: missed, status: 'DID_NOT_ATTEND' })).toMatchObject({
      code: 'test-not-yet-due',
    });
    h.at('2026-02-12T16:00:00.000Z');
    const dna = h.ok({ type: 'RecordSample', testId: missed, status: 'DID_NOT_ATTEND' });
    expect(dna.flatMap(orderMessagesFor)).toEqual([
      expect.objectContaining({ kind: 'IncidentRaised', source: 'MISSED_TEST', subjectId: missed }),
    ]);
    const refused = idNumber(7);
    h.ok({
      type: 'DirectDrugTest',
      testId: refused,
      dueAt: '2026-02-13T10:00:00.000Z',
      directedBy: 'RESPONSIBLE_OFFICER',
    });
    expect(h.types(h.ok({ type: 'RecordSample', testId: refused, status: 'REFUSED' }))).toEqual([
      'SampleRecorded',
      'IncidentRaised',
    ]);
    expect(h.view.progress.testsByOutcome).toEqual({ POSITIVE_UNEXPLAINED: 1, NOT_PROVIDED: 1, REFUSED: 1 });
  });

  it('R30: the testing floor is two a week for 16 weeks and one a week after, one a week when resident', () => {
    const h = inTreatment(drrImposition());
    const week = (n: number) => h.view.testing[n - 1]!;
    expect(week(1)).toMatchObject({ from: '2026-02-02', to: '2026-02-08', required: 2, directed: 0 });
    expect(week(16).required).toBe(2);
    expect(week(17).required).toBe(1);
    h.ok({
      type: 'DirectDrugTest',
      testId: idNumber(5),
      dueAt: '2026-02-09T10:00:00.000Z',
      directedBy: 'RESPONSIBLE_OFFICER',
    });
    h.ok({
      type: 'RecordSample',
      testId: idNumber(5),
      status: 'COLLECTED',
      sampleType: 'URINE',
      method: 'POINT_OF_CARE_SCREEN',
    });
    expect(week(2)).toMatchObject({ directed: 1 });
    expect(week(1)).toMatchObject({ collected: 1 });
    const resident = inTreatment(drrImposition({ mode: 'RESIDENT' }));
    expect(resident.view.testing[0]!.required).toBe(1);
    expect(inTreatment(atrImposition()).view.testing).toEqual([]);
  });
});
