import { instantMs } from '../../calendar';
import { accept, type DecideContext, stateConflict, ruleViolation, notFound } from '../../core';
import { attendanceOutcome, incidentSourceOf, isAttended } from '../rules/attendance';
import type { CommandOf } from '../commands';
import { incidentRaised, isDelivering, type RequirementDecision, stampOf } from './common';
import type { RequirementEvent } from '../events';
import type { ImposedRequirement } from '../state';
import { isBefore, requirementEndsAt } from '../time/instants';

// Appointments and sessions.

const MINUTE_MS = 60_000;

/** Why an appointment cannot be booked at this time, if it cannot. */
function slotProblem(
  s: ImposedRequirement,
  start: string,
  durationMinutes: number,
  now: string,
  ignoring: string | null,
): RequirementDecision | null {
  const from = instantMs(start);
  const to = from + durationMinutes * MINUTE_MS;
  const nowMs = instantMs(now);
  if (from < nowMs)
    return ruleViolation('appointment-in-past', 'An appointment is booked for the future.', '/start');
  if (to > instantMs(requirementEndsAt(s)))
    return ruleViolation(
      'appointment-after-requirement-end',
      'The appointment falls after the requirement ends.',
      '/start',
    );
  for (const id of s.scheduledIds) {
    if (id === ignoring) continue;
    const a = s.appointments[id]!;
    const aFrom = instantMs(a.start);
    const aTo = aFrom + a.durationMinutes * MINUTE_MS;
    if (aTo > nowMs && aFrom < to && aTo > from)
      return stateConflict('appointment-clash', `It clashes with appointment ${a.id}.`, '/start');
  }
  return null;
}

export function decideBooking(
  s: ImposedRequirement,
  c: CommandOf<'BookAppointment'>,
  ctx: DecideContext,
): RequirementDecision {
  if (!isDelivering(s)) return stateConflict('not-ready-for-appointments', `The requirement is ${s.status}.`);
  if (s.appointments[c.appointmentId])
    return stateConflict('appointment-exists', 'That appointment id is taken.', '/appointmentId');
  const problem = slotProblem(s, c.start, c.durationMinutes, ctx.now, null);
  if (problem) return problem;
  const stamp = stampOf(s, ctx.now);
  const { appointmentId, start, durationMinutes, kind, deliveryMode, enforceable } = c;
  const events: RequirementEvent[] = [
    {
      type: 'AppointmentBooked',
      ...stamp,
      appointmentId,
      start,
      durationMinutes,
      kind,
      deliveryMode,
      enforceable,
      rescheduledFrom: null,
    },
  ];
  if (s.status === 'ALLOCATED') events.push({ type: 'FirstSessionBooked', ...stamp, appointmentId });
  return accept(...events);
}

export function decideReschedule(
  s: ImposedRequirement,
  c: CommandOf<'RescheduleAppointment'>,
  ctx: DecideContext,
): RequirementDecision {
  const old = s.appointments[c.appointmentId];
  if (!old) return notFound('appointment-not-found', 'No such appointment.', '/appointmentId');
  if (old.status !== 'SCHEDULED')
    return stateConflict('appointment-not-scheduled', `The appointment is ${old.status}.`);
  if (!isBefore(ctx.now, old.start))
    return stateConflict(
      'appointment-already-started',
      'An appointment that has started needs an outcome instead.',
    );
  if (s.appointments[c.newAppointmentId])
    return stateConflict('appointment-exists', 'That appointment id is taken.', '/newAppointmentId');
  const problem = slotProblem(s, c.start, old.durationMinutes, ctx.now, old.id);
  if (problem) return problem;
  const stamp = stampOf(s, ctx.now);
  return accept(
    {
      type: 'AppointmentRescheduled',
      ...stamp,
      appointmentId: old.id,
      newAppointmentId: c.newAppointmentId,
      requestedBy: c.requestedBy,
      reason: c.reason,
      outcome: c.requestedBy === 'SERVICE' ? 'RESCHEDULED_BY_SERVICE' : 'RESCHEDULED_BY_POP',
    },
    {
      type: 'AppointmentBooked',
      ...stamp,
      appointmentId: c.newAppointmentId,
      start: c.start,
      durationMinutes: old.durationMinutes,
      kind: old.kind,
      deliveryMode: old.deliveryMode,
      enforceable: old.enforceable,
      rescheduledFrom: old.id,
    },
  );
}

export function decideOutcome(
  s: ImposedRequirement,
  c: CommandOf<'RecordOutcome'>,
  ctx: DecideContext,
): RequirementDecision {
  const appointment = s.appointments[c.appointmentId];
  if (!appointment) return notFound('appointment-not-found', 'No such appointment.', '/appointmentId');
  if (appointment.status !== 'SCHEDULED')
    return stateConflict('appointment-not-scheduled', `The appointment is ${appointment.status}.`);
  if (isBefore(ctx.now, appointment.start))
    return stateConflict(
      'appointment-not-started',
      'An outcome is recorded once the appointment has started.',
    );
  if (c.sessionHappened && c.attended === 'NO')
    return ruleViolation('outcome-inconsistent', 'A session that happened was attended.', '/attended');
  const outcome = attendanceOutcome(c);
  const stamp = stampOf(s, ctx.now);
  const events: RequirementEvent[] = [
    {
      type: 'OutcomeRecorded',
      ...stamp,
      appointmentId: appointment.id,
      outcome,
      sessionHappened: c.sessionHappened,
      attended: c.attended,
      lateReason: c.lateReason ?? null,
      noSessionReason: c.noSessionReason ?? null,
      behaviourConcern: c.behaviourConcern ?? false,
      riskConcern: c.riskConcern ?? false,
      notes: c.notes ?? null,
    },
  ];
  const source = incidentSourceOf(outcome);
  if (source && appointment.enforceable)
    events.push(incidentRaised(s, ctx, source, appointment.id, appointment.start));
  if (s.status === 'AWAITING_START' && isAttended(outcome))
    events.push({ type: 'TreatmentStarted', ...stamp, appointmentId: appointment.id });
  return accept(...events);
}
