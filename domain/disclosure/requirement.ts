import type { OrderView } from '../order/view';
import type { RequirementView } from '../requirement/view';
import type { FieldClass } from './classes';
import { type Classification, disclose } from './disclose';

type ImposedView = Exclude<RequirementView, { status: 'NOT_IMPOSED' }>;
type ProposedRequirement = OrderView['proposedRequirements'][number];

/** A requirement as stored: before sentence what the order holds of it, after sentence its own view. */
export type StoredRequirementView = Partial<ImposedView> | ProposedRequirement;

export type Appointment = ImposedView['appointments'][number];

/** A requirement before sentence, as the order holds it: asked of a provider, assessed, consented to. */
export const proposedRequirementClassification: Classification<ProposedRequirement> = {
  requirementId: 'REFERENCE',
  type: 'REFERENCE',
  providerOrgId: 'REFERENCE',
  requestedAt: 'REFERENCE',
  assessment: 'TERMS',
  consent: 'TERMS',
};

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

/** Deadlines last: a kept disclosed text (db/projections/disclosures.ts) recomputes `overdue` from its tail. */
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

/** A stored requirement's view with only the fields of the shown classes. */
export function discloseRequirement(view: StoredRequirementView, shown: ReadonlySet<FieldClass>) {
  return 'requestedAt' in view
    ? disclose(proposedRequirementClassification, view, shown)
    : disclose(imposedClassification, view as ImposedView, shown);
}
