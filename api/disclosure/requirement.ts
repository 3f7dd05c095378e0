import type { OrderView } from '../../domain/order';
import type { Role } from '../../domain/primitives';
import type { RequirementView } from '../../domain/requirement';
import { SHOWN } from './classes';
import type { z } from 'zod';
import type { AppointmentView, RequirementView as RequirementViewSchema } from '../schemas/requirement-view';
import { type Classification, disclose } from './disclose';
import { proposedRequirementClassification } from './order';

type ImposedView = Exclude<RequirementView, { status: 'NOT_IMPOSED' }>;
type ProposedRequirement = OrderView['proposedRequirements'][number];

/** A requirement as stored: before sentence what the order holds of it, after sentence its own view. */
export type StoredRequirementView = Partial<ImposedView> | ProposedRequirement;

type Appointment = ImposedView['appointments'][number];

export const appointmentClassification: Classification<Appointment> = {
  id: 'REFERENCE',
  start: 'COMPLIANCE',
  durationMinutes: 'COMPLIANCE',
  kind: 'COMPLIANCE',
  deliveryMode: 'COMPLIANCE',
  enforceable: 'COMPLIANCE',
  status: 'COMPLIANCE',
  outcome: 'COMPLIANCE',
  rescheduledFrom: 'COMPLIANCE',
  rescheduledTo: 'COMPLIANCE',
  incidentId: 'COMPLIANCE',
  notes: 'CLINICAL',
  attended: 'COMPLIANCE',
  absence: 'COMPLIANCE',
};

export const imposedClassification: Classification<ImposedView> = {
  requirementId: 'REFERENCE',
  orderId: 'REFERENCE',
  type: 'REFERENCE',
  mode: 'TERMS',
  status: 'REFERENCE',
  displayStatus: 'COMPLIANCE',
  ended: 'REFERENCE',
  compliedWith: 'COMPLIANCE',
  sentenceDate: 'TERMS',
  orderEndDate: 'TERMS',
  periods: 'TERMS',
  terms: 'TERMS',
  notices: 'TERMS',
  providerOrgId: 'REFERENCE',
  allocatedPractitioner: 'TERMS',
  firstAttendedAt: 'COMPLIANCE',
  clinicallyCompletedOn: 'COMPLIANCE',
  admittedOn: 'COMPLIANCE',
  amendmentPending: {
    reportId: 'REFERENCE',
    opinion: 'COMPLIANCE',
    narrative: 'CLINICAL',
    submittedAt: 'COMPLIANCE',
    appliedToCourtOn: 'COMPLIANCE',
  },
  reviewMode: 'COMPLIANCE',
  appointments: [appointmentClassification],
  drugTests: 'COMPLIANCE',
  reviews: 'COMPLIANCE',
  incidents: 'COMPLIANCE',
  progress: 'COMPLIANCE',
  testing: 'COMPLIANCE',
  deadlines: 'COMPLIANCE',
};

export function discloseRequirementView(
  role: Role,
  view: StoredRequirementView,
): z.output<typeof RequirementViewSchema> {
  return (
    'requestedAt' in view
      ? disclose(proposedRequirementClassification, view, SHOWN[role])
      : disclose(imposedClassification, view as ImposedView, SHOWN[role])
  ) as z.output<typeof RequirementViewSchema>;
}

export function discloseAppointment(role: Role, appointment: Appointment): z.output<typeof AppointmentView> {
  return disclose(appointmentClassification, appointment, SHOWN[role]) as z.output<typeof AppointmentView>;
}
