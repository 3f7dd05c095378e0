import { z } from 'zod';
import { AppointmentKind, Attended, DeliveryMode, NoSessionReason, RescheduleRequestedBy } from '../../enums';
import { IdSchema, InstantSchema, MAX_TEXT_LENGTH, TextSchema } from '../../primitives';
import { onAppointment } from './ids';

// Appointments: booked, rescheduled, and what happened.

export const BookAppointment = z
  .object({
    type: z.literal('BookAppointment'),
    ...onAppointment,
    start: InstantSchema,
    durationMinutes: z.number().int().min(5).max(480),
    kind: AppointmentKind,
    deliveryMode: DeliveryMode,
    enforceable: z.boolean(),
  })
  .strict();

export const RescheduleAppointment = z
  .object({
    type: z.literal('RescheduleAppointment'),
    ...onAppointment,
    newAppointmentId: IdSchema,
    start: InstantSchema,
    requestedBy: RescheduleRequestedBy,
    reason: TextSchema,
  })
  .strict();

export const RecordOutcome = z
  .object({
    type: z.literal('RecordOutcome'),
    ...onAppointment,
    sessionHappened: z.boolean(),
    attended: Attended,
    lateReason: TextSchema.optional(),
    noSessionReason: NoSessionReason.optional(),
    behaviourConcern: z.boolean().optional(),
    riskConcern: z.boolean().optional(),
    notes: z.string().max(MAX_TEXT_LENGTH).optional(),
  })
  .strict();
