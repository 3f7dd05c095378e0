import type { RequirementImposition } from '../../../domain/links';
import { RequirementHarness, idNumber } from './harness';

let appointmentSeq = 100;

export function nextAppointmentId(): string {
  return idNumber(appointmentSeq++);
}

export function book(
  h: RequirementHarness,
  start: string,
  enforceable = true,
  appointmentId = nextAppointmentId(),
): string {
  h.ok({
    type: 'BookAppointment',
    appointmentId,
    start,
    durationMinutes: 50,
    kind: 'ONE_TO_ONE',
    deliveryMode: 'IN_PERSON',
    enforceable,
  });
  return appointmentId;
}

/** Books an appointment and, an hour after it starts, records that the person attended. */
export function attend(h: RequirementHarness, start: string): string {
  const id = book(h, start);
  h.at(new Date(Date.parse(start) + 3_600_000).toISOString());
  h.ok({ type: 'RecordOutcome', appointmentId: id, sessionHappened: true, attended: 'YES' });
  return id;
}

/** Imposed at 09:00 on sentence day, referred and accepted (and allocated for an MHTR). */
export function accepted(imposition: RequirementImposition): RequirementHarness {
  const h = new RequirementHarness().at(`${imposition.sentenceDate}T09:00:00.000Z`);
  h.ok({ type: 'Impose', imposition });
  h.ok({ type: 'ReferToProvider', providerOrgId: 'provider-1' });
  h.ok({ type: 'RecordAcceptance', accepted: true });
  if (imposition.type === 'MHTR')
    h.ok({ type: 'AllocatePractitioner', name: 'A. Shah', role: 'ASSISTANT_PSYCHOLOGIST' });
  return h;
}

/** Accepted, and the first appointment attended two days after sentence. */
export function inTreatment(imposition: RequirementImposition): RequirementHarness {
  const h = accepted(imposition);
  const day = new Date(Date.parse(`${imposition.sentenceDate}T10:00:00.000Z`) + 2 * 86_400_000).toISOString();
  attend(h, day);
  return h;
}
