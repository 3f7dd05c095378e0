import type { OrderView } from '../../domain/order';
import type { Role } from '../../domain/primitives';
import type { RequirementView } from '../../domain/requirement';
import { SHOWN } from './classes';
import type { z } from 'zod';
import type { RequirementRead } from '../schemas/requirement-read';
import type { RequirementView as RequirementViewSchema } from '../schemas/requirement-view';
import { type Classification, disclose } from './disclose';

type ImposedView = Exclude<RequirementView, { status: 'NOT_IMPOSED' }>;
type ProposedRequirement = OrderView['proposedRequirements'][number];

/** A requirement as stored: before sentence what the order holds of it, after sentence its own view. */
export type StoredRequirementView = Partial<ImposedView> | ProposedRequirement;

const imposedClassification: Classification<ImposedView> = {
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
  appointments: [
    {
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
    },
  ],
  drugTests: 'COMPLIANCE',
  reviews: 'COMPLIANCE',
  incidents: 'COMPLIANCE',
  progress: 'COMPLIANCE',
  testing: 'COMPLIANCE',
  deadlines: 'COMPLIANCE',
};

const proposedClassification: Classification<ProposedRequirement> = {
  requirementId: 'REFERENCE',
  type: 'REFERENCE',
  providerOrgId: 'REFERENCE',
  requestedAt: 'REFERENCE',
  assessment: 'TERMS',
  consent: 'TERMS',
};

interface Envelope {
  id: string;
  orderId: string;
  type: string;
  status: string;
  stage: 'PRE_SENTENCE' | 'SENTENCED';
  providerOrgId: string | null;
}

const envelopeClassification: Classification<Envelope> = {
  id: 'REFERENCE',
  orderId: 'REFERENCE',
  type: 'REFERENCE',
  status: 'REFERENCE',
  stage: 'REFERENCE',
  providerOrgId: 'REFERENCE',
};

export function discloseRequirementView(
  role: Role,
  view: StoredRequirementView,
): z.output<typeof RequirementViewSchema> {
  return (
    'requestedAt' in view
      ? disclose(proposedClassification, view, SHOWN[role])
      : disclose(imposedClassification, view as ImposedView, SHOWN[role])
  ) as z.output<typeof RequirementViewSchema>;
}

/** The requirement read: where it sits, then its view (which has the last word), as the role may see them. */
export function discloseRequirement(
  role: Role,
  envelope: Envelope,
  view: StoredRequirementView,
): z.output<typeof RequirementRead> {
  const disclosed = {
    ...disclose(envelopeClassification, envelope, SHOWN[role]),
    ...discloseRequirementView(role, view),
  };
  return disclosed as z.output<typeof RequirementRead>;
}
