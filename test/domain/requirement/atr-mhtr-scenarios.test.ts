import { describe, expect, it } from 'vitest';
import { addDays } from '../../../domain/calendar';
import { orderMessagesFor } from '../../../domain/requirement';
import { atrImposition, mhtrImposition } from './fixtures';
import { RequirementHarness } from './harness';
import { attend, nextAppointmentId } from './steps';

describe('an ATR completing at its period end', () => {
  it('runs from referral through a residential detox to completion, and tells the order it was complied with', () => {
    const h = new RequirementHarness();
    h.ok({
      type: 'Impose',
      imposition: atrImposition({ mode: 'RESIDENT', place: 'Kenward Trust detox unit' }),
    });
    h.ok({ type: 'ReferToProvider', providerOrgId: 'alcohol-service' });
    h.ok({ type: 'RecordAcceptance', accepted: true });
    h.at('2026-02-09T09:00:00.000Z');
    const admitted = h.ok({ type: 'RecordAdmission', admittedOn: '2026-02-09' });
    expect(h.types(admitted)).toEqual(['PatientAdmitted', 'TreatmentStarted']);
    expect(h.view.displayStatus).toBe('RESIDENTIAL_PHASE');
    h.at('2026-03-09T09:00:00.000Z');
    h.ok({ type: 'RecordDischarge', dischargedOn: '2026-03-09' });
    expect(h.view.displayStatus).toBe('IN_TREATMENT');
    for (let day = '2026-03-16'; day < '2026-10-30'; day = addDays(day, 14))
      attend(h, `${day}T10:00:00.000Z`);
    expect(h.view.progress).toMatchObject({ attendanceRate: 1, sessionsAttended: 17 });
    const ending = h.tick('2026-11-02T00:00:00.000Z');
    expect(h.types(ending)).toEqual(['TreatmentPeriodEnded', 'RequirementEnded']);
    expect(ending.flatMap(orderMessagesFor)).toEqual([
      {
        kind: 'RequirementStatusChanged',
        requirementId: h.view.requirementId,
        status: 'COMPLETED',
        compliedWith: true,
        ended: 'COMPLETED',
      },
    ]);
  });
});

describe('a primary-care MHTR of 12 sessions', () => {
  it('reaches clinical completion after the twelfth session and legal completion at the period end', () => {
    const h = new RequirementHarness();
    h.ok({ type: 'Impose', imposition: mhtrImposition() });
    h.ok({ type: 'ReferToProvider', providerOrgId: 'nhs-primary-care-mhtr' });
    h.ok({ type: 'RecordAcceptance', accepted: true });
    h.ok({
      type: 'AllocatePractitioner',
      name: 'A. Shah, assistant psychologist',
      role: 'ASSISTANT_PSYCHOLOGIST',
    });
    expect(h.refused({ type: 'RecordClinicalCompletion' })).toMatchObject({ code: 'not-in-treatment' });
    let day = '2026-02-05';
    for (let session = 1; session <= h.config.mhtrPlannedSessions; session += 1, day = addDays(day, 7))
      attend(h, `${day}T10:00:00.000Z`);
    expect(h.view.progress.sessionsAttended).toBe(12);
    const clinical = h.ok({ type: 'RecordClinicalCompletion', notes: 'PHQ-9 from 17 to 6' });
    expect(clinical.flatMap(orderMessagesFor)).toEqual([
      expect.objectContaining({ status: 'CLINICALLY_COMPLETE', compliedWith: false }),
    ]);
    expect(h.view).toMatchObject({
      displayStatus: 'CLINICALLY_COMPLETE',
      status: 'IN_TREATMENT',
      clinicallyCompletedOn: '2026-04-23',
    });
    expect(h.tick('2026-08-01T12:00:00.000Z')).toEqual([]);
    const legal = h.tick('2026-08-01T23:00:00.000Z');
    expect(h.types(legal)).toEqual(['TreatmentPeriodEnded', 'RequirementEnded']);
    expect(h.view).toMatchObject({ status: 'COMPLETED', ended: 'COMPLETED', compliedWith: true });
  });

  it('changes the place of treatment only with consent, and notifies the RO in writing', () => {
    const h = new RequirementHarness();
    h.ok({ type: 'Impose', imposition: mhtrImposition() });
    h.ok({ type: 'ReferToProvider', providerOrgId: 'nhs' });
    h.ok({ type: 'AllocatePractitioner', name: 'Dr R. Hughes', role: 'REGISTERED_PSYCHOLOGIST' });
    attend(h, '2026-02-05T10:00:00.000Z');
    const move = {
      type: 'ChangeTreatmentPlace',
      newPlace: 'Crisis house, Croydon',
      underPractitioner: 'Dr R. Hughes',
    };
    expect(h.refused({ ...move, offenderConsented: false })).toMatchObject({
      code: 'mhtr-place-change-needs-consent',
      field: '/offenderConsented',
    });
    expect(h.types(h.ok({ ...move, offenderConsented: true }))).toEqual([
      'TreatmentPlaceChanged',
      'ResponsibleOfficerNotifiedOfPlaceChange',
    ]);
    expect(h.view.terms.place).toBe('Crisis house, Croydon');
    expect(h.refused({ type: 'RecordAdmission', admittedOn: '2026-02-05' })).toMatchObject({
      code: 'admission-not-for-mode',
    });
  });

  it('an in-patient MHTR starts treatment on admission and shows the admission until discharge', () => {
    const h = new RequirementHarness();
    h.ok({
      type: 'Impose',
      imposition: mhtrImposition({ mode: 'IN_PATIENT', place: 'Maudsley Hospital, ward 3' }),
    });
    expect(h.view.notices).toEqual([expect.stringMatching(/high-security/)]);
    h.ok({ type: 'ReferToProvider', providerOrgId: 'slam' });
    h.ok({ type: 'AllocatePractitioner', name: 'Dr P. Okoye', role: 'REGISTERED_MEDICAL_PRACTITIONER' });
    expect(h.refused({ type: 'RecordAdmission', admittedOn: '2026-02-02' })).toMatchObject({
      code: 'not-ready-for-admission',
    });
    h.ok({
      type: 'BookAppointment',
      appointmentId: nextAppointmentId(),
      start: '2026-02-03T10:00:00.000Z',
      durationMinutes: 60,
      kind: 'ASSESSMENT',
      deliveryMode: 'IN_PERSON',
      enforceable: true,
    });
    h.at('2026-02-03T09:00:00.000Z');
    expect(h.types(h.ok({ type: 'RecordAdmission', admittedOn: '2026-02-03' }))).toEqual([
      'PatientAdmitted',
      'TreatmentStarted',
    ]);
    expect(h.view.displayStatus).toBe('IN_PATIENT_ADMITTED');
    expect(h.refused({ type: 'RecordDischarge', dischargedOn: '2026-02-02' })).toMatchObject({
      code: 'discharge-date-out-of-range',
    });
    h.at('2026-03-03T09:00:00.000Z');
    h.ok({ type: 'RecordDischarge', dischargedOn: '2026-03-03' });
    expect(h.view.displayStatus).toBe('IN_TREATMENT');
  });
});
