import { z } from 'zod';
import {
  AppointmentKind,
  Attended,
  AttendanceOutcome,
  DeliveryMode,
  IncidentDecision,
  IncidentSource,
  NoSessionReason,
  RescheduleRequestedBy,
  TestDirectedBy,
  TestOutcome,
} from '../../enums';
import { IdSchema, InstantSchema, LocalDateSchema } from '../../primitives';
import { SampleSchema, SubstanceFindingSchema } from '../drug-test';
import { event } from './shape';

// Appointments and what happened at them, incidents, and drug tests.

export const AppointmentBooked = event('AppointmentBooked', {
  appointmentId: IdSchema,
  start: InstantSchema,
  durationMinutes: z.number().int(),
  kind: AppointmentKind,
  deliveryMode: DeliveryMode,
  enforceable: z.boolean(),
  rescheduledFrom: IdSchema.nullable(),
});

export const FirstSessionBooked = event('FirstSessionBooked', { appointmentId: IdSchema });

export const AppointmentRescheduled = event('AppointmentRescheduled', {
  appointmentId: IdSchema,
  newAppointmentId: IdSchema,
  requestedBy: RescheduleRequestedBy,
  reason: z.string(),
  outcome: z.enum(['RESCHEDULED_BY_SERVICE', 'RESCHEDULED_BY_POP']),
});

export const OutcomeRecorded = event('OutcomeRecorded', {
  appointmentId: IdSchema,
  outcome: AttendanceOutcome,
  sessionHappened: z.boolean(),
  attended: Attended,
  lateReason: z.string().nullable(),
  noSessionReason: NoSessionReason.nullable(),
  behaviourConcern: z.boolean(),
  riskConcern: z.boolean(),
  notes: z.string().nullable(),
});

/** The first attended appointment, or an admission for in-patient and residential treatment. */
export const TreatmentStarted = event('TreatmentStarted', { appointmentId: IdSchema.nullable() });

export const IncidentRaised = event('IncidentRaised', {
  incidentId: IdSchema,
  source: IncidentSource,
  subjectId: z.string(),
  occurredAt: InstantSchema,
  evidenceWindowEndsOn: LocalDateSchema,
});

export const IncidentDecided = event('IncidentDecided', { incidentId: IdSchema, decision: IncidentDecision });

export const TestDirected = event('TestDirected', {
  testId: IdSchema,
  dueAt: InstantSchema,
  directedBy: TestDirectedBy,
});

export const SampleRecorded = event('SampleRecorded', { testId: IdSchema, ...SampleSchema.shape });

export const TestResultRecorded = event('TestResultRecorded', {
  testId: IdSchema,
  substances: z.array(SubstanceFindingSchema),
  explanation: z.string().nullable(),
  outcome: TestOutcome.nullable(),
  recordedByResponsibleOfficer: z.boolean(),
});

export const ResultCommunicatedToResponsibleOfficer = event('ResultCommunicatedToResponsibleOfficer', {
  testId: IdSchema,
});
