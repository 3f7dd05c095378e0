import type { Role } from '../../domain/primitives';
import type { z } from 'zod';
import { SHOWN } from '../../domain/disclosure/classes';
import { disclose } from '../../domain/disclosure/disclose';
import {
  type Appointment,
  type StoredRequirementView,
  appointmentClassification,
  discloseRequirement,
} from '../../domain/disclosure/requirement';
import type { AppointmentView, RequirementView as RequirementViewSchema } from '../schemas/requirement-view';

export function discloseRequirementView(
  role: Role,
  view: StoredRequirementView,
): z.output<typeof RequirementViewSchema> {
  return discloseRequirement(view, SHOWN[role]) as z.output<typeof RequirementViewSchema>;
}

export function discloseAppointment(role: Role, appointment: Appointment): z.output<typeof AppointmentView> {
  return disclose(appointmentClassification, appointment, SHOWN[role]) as z.output<typeof AppointmentView>;
}
