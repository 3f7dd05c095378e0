import type { DeadlineKind } from '../../domain/deadlines';
import type { OrderView } from '../../domain/order';
import type { Role } from '../../domain/primitives';
import { type FieldClass, SHOWN } from '../../domain/disclosure/classes';
import type { z } from 'zod';
import type { OrderIncidentView, OrderView as OrderViewSchema } from '../schemas/order-view';
import { type Classification, disclose } from '../../domain/disclosure/disclose';
import { proposedRequirementClassification } from '../../domain/disclosure/requirement';

export type OrderIncident = OrderView['compliance']['incidents'][number];

export const orderIncidentClassification: Classification<OrderIncident> = {
  incidentId: 'REFERENCE',
  requirementId: 'REFERENCE',
  source: 'COMPLIANCE',
  occurredAt: 'COMPLIANCE',
  subjectId: 'REFERENCE',
  recordedAt: 'COMPLIANCE',
  status: 'COMPLIANCE',
  decision: 'COMPLIANCE',
  warningId: 'ENFORCEMENT',
  referralId: 'ENFORCEMENT',
  referralMandatory: 'ENFORCEMENT',
};

const orderClassification: Classification<OrderView> = {
  orderId: 'REFERENCE',
  status: 'REFERENCE',
  terminal: 'REFERENCE',
  inBreachProceedings: 'ENFORCEMENT',
  case: {
    person: 'IDENTITY',
    court: 'REFERENCE',
    probationDeliveryUnit: 'REFERENCE',
    hearingDate: 'REFERENCE',
    convictionDate: 'CRIMINAL',
    plea: 'CRIMINAL',
    offences: 'CRIMINAL',
    identification: 'SCREENING',
    proposedTypes: 'SCREENING',
    openedAt: 'REFERENCE',
    screening: 'SCREENING',
    proposal: { psrReference: 'CRIMINAL', submittedAt: 'REFERENCE', requirementIds: 'REFERENCE' },
    closure: { reason: 'SCREENING', closedAt: 'REFERENCE' },
  },
  proposedRequirements: [proposedRequirementClassification],
  order: {
    orderType: 'TERMS',
    sentenceDate: 'TERMS',
    convictionDate: 'CRIMINAL',
    endDate: 'TERMS',
    operationalPeriodEndDate: 'TERMS',
    custodialTermMonths: 'CRIMINAL',
    presumptionToSuspendApplied: 'CRIMINAL',
    endDateExtendedOnBreach: 'ENFORCEMENT',
    inductionCompletedOn: 'COMPLIANCE',
    homeLocalJusticeArea: 'IDENTITY',
    pendingResidenceChange: 'IDENTITY',
    appealPending: 'CRIMINAL',
    supervisionEnded: 'TERMS',
    otherRequirements: [
      {
        otherRequirementId: 'REFERENCE',
        type: 'TERMS',
        hours: 'TERMS',
        days: 'TERMS',
        compliedOn: 'COMPLIANCE',
        hoursDone: 'COMPLIANCE',
      },
    ],
    terminationScheduledFor: 'TERMS',
  },
  requirements: [
    {
      requirementId: 'REFERENCE',
      type: 'REFERENCE',
      mode: 'TERMS',
      periods: 'TERMS',
      providerOrgId: 'REFERENCE',
      status: 'REFERENCE',
      compliedWith: 'COMPLIANCE',
      ended: 'REFERENCE',
    },
  ],
  compliance: {
    incidents: [orderIncidentClassification],
    pendingDecisions: 'ENFORCEMENT',
    acceptableIncidents: 'ENFORCEMENT',
    unacceptableIncidents: 'ENFORCEMENT',
    ftcCount: 'ENFORCEMENT',
    reviewEnforcementStatus: 'ENFORCEMENT',
    warnings: 'ENFORCEMENT',
    liveWarning: 'ENFORCEMENT',
    referrals: 'ENFORCEMENT',
    proceedings: 'ENFORCEMENT',
  },
  end: { reason: 'TERMS', endedOn: 'TERMS', detail: 'CRIMINAL' },
};

/** What each deadline is about: a party sees a deadline only if it may see what it concerns. */
const DEADLINE_CLASS: Record<DeadlineKind, FieldClass> = {
  HEARING_DATE: 'REFERENCE',
  INDUCTION_DUE: 'COMPLIANCE',
  FIRST_APPOINTMENT_DUE: 'COMPLIANCE',
  OUTCOME_DUE: 'COMPLIANCE',
  ABSENCE_EVIDENCE_WINDOW_ENDS: 'COMPLIANCE',
  ABSENCE_DECISION_DUE: 'COMPLIANCE',
  LAB_RESULT_DUE: 'COMPLIANCE',
  PRACTITIONER_REPORT_APPLICATION_DUE: 'COMPLIANCE',
  REVIEW_REPORT_DUE: 'COMPLIANCE',
  REVIEW_DATE: 'COMPLIANCE',
  BREACH_ACTION_DUE: 'ENFORCEMENT',
  WARNING_EXPIRES: 'ENFORCEMENT',
  PERIOD_ENDS: 'TERMS',
  SUPERVISION_PERIOD_ENDS: 'TERMS',
  OPERATIONAL_PERIOD_ENDS: 'TERMS',
  ORDER_ENDS: 'TERMS',
};

export function deadlineShownTo(role: Role, kind: string): boolean {
  const cls = DEADLINE_CLASS[kind as DeadlineKind] as FieldClass | undefined;
  return cls !== undefined && SHOWN[role].has(cls);
}

/** The order view without the requirements the caller may not see, nor anything that names them. */
function withRequirements(view: OrderView, visible: ReadonlySet<string>): OrderView {
  const { compliance } = view;
  const incidents = compliance.incidents.filter((i) => visible.has(i.requirementId));
  const incidentIds = new Set(incidents.map((i) => i.incidentId));
  const referrals = compliance.referrals.filter((r) => incidentIds.has(r.incidentId));
  const referralIds = new Set(referrals.map((r) => r.referralId));
  const live = compliance.liveWarning;
  return {
    ...view,
    case: view.case && {
      ...view.case,
      proposal: view.case.proposal && {
        ...view.case.proposal,
        requirementIds: view.case.proposal.requirementIds.filter((id) => visible.has(id)),
      },
    },
    proposedRequirements: view.proposedRequirements.filter((r) => visible.has(r.requirementId)),
    requirements: view.requirements.filter((r) => visible.has(r.requirementId)),
    compliance: {
      ...compliance,
      incidents,
      warnings: compliance.warnings.filter((w) => incidentIds.has(w.incidentId)),
      liveWarning: live && incidentIds.has(live.incidentId) ? live : null,
      referrals,
      proceedings: compliance.proceedings.filter((p) => referralIds.has(p.referralId)),
    },
  };
}

/** The order as a role may see it, given the requirements of it that the caller may see. */
export function discloseOrder(
  role: Role,
  view: OrderView,
  visibleRequirements: ReadonlySet<string>,
): z.output<typeof OrderViewSchema> {
  return disclose(orderClassification, withRequirements(view, visibleRequirements), SHOWN[role]) as z.output<
    typeof OrderViewSchema
  >;
}

export function discloseIncident(role: Role, incident: OrderIncident): z.output<typeof OrderIncidentView> {
  return disclose(orderIncidentClassification, incident, SHOWN[role]);
}
