import { describe, expect, it } from 'vitest';
import { orderMessagesFor } from '../../../domain/requirement';
import { atrImposition, mhtrImposition } from './fixtures';
import { RequirementHarness, idNumber } from './harness';
import { accepted, book, nextAppointmentId } from './steps';

describe('the lifecycle before treatment', () => {
  it('is referred, accepted or declined, and for an MHTR allocated before the first session', () => {
    const h = new RequirementHarness();
    h.ok({ type: 'Impose', imposition: mhtrImposition() });
    expect(h.refused({ type: 'RecordAcceptance', accepted: true })).toMatchObject({
      code: 'no-referral-pending',
      kind: 'STATE_CONFLICT',
    });
    h.ok({ type: 'ReferToProvider', providerOrgId: 'nhs-primary-care-mhtr' });
    expect(h.view).toMatchObject({ status: 'REFERRED', providerOrgId: 'nhs-primary-care-mhtr' });
    h.ok({ type: 'RecordAcceptance', accepted: false, reason: 'Outside our area' });
    // A declined referral leaves the requirement with no provider: the one that declined has no access.
    expect(h.view).toMatchObject({ status: 'AWAITING_REFERRAL', providerOrgId: null });
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

describe('appointments', () => {
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
