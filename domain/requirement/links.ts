import type { RequirementToOrder } from '../links';
import type { RequirementEvent } from './events';
import { isCompliedWith } from './state';

function statusChanged(requirementId: string, status: string): RequirementToOrder {
  return { kind: 'RequirementStatusChanged', requirementId, status, compliedWith: false };
}

/** What the order must hear about an event of its requirement. */
export function orderMessagesFor(event: RequirementEvent): RequirementToOrder[] {
  const { requirementId } = event;
  switch (event.type) {
    case 'IncidentRaised':
      return [
        {
          kind: 'IncidentRaised',
          incidentId: event.incidentId,
          requirementId,
          source: event.source,
          occurredAt: event.occurredAt,
          subjectId: event.subjectId,
        },
      ];
    case 'OrderRevokedAtReview':
      return [
        { kind: 'OrderRevokedAtReview', requirementId, reviewId: event.reviewId, revokedOn: event.revokedOn },
      ];
    case 'RequirementEnded': {
      const compliedWith = isCompliedWith(event.ended);
      const status = compliedWith ? 'COMPLETED' : 'TERMINATED';
      return [{ kind: 'RequirementStatusChanged', requirementId, status, compliedWith, ended: event.ended }];
    }
    case 'ReferredToProvider':
      return [statusChanged(requirementId, 'REFERRED')];
    case 'ReferralAccepted':
      return [statusChanged(requirementId, event.status)];
    case 'ReferralDeclined':
      return [statusChanged(requirementId, 'AWAITING_REFERRAL')];
    case 'FirstSessionBooked':
      return [statusChanged(requirementId, 'AWAITING_START')];
    case 'TreatmentStarted':
      return [statusChanged(requirementId, 'IN_TREATMENT')];
    case 'PractitionerReportSubmitted':
      return [statusChanged(requirementId, 'AMENDMENT_PENDING')];
    case 'ClinicalCompletionRecorded':
      return [statusChanged(requirementId, 'CLINICALLY_COMPLETE')];
    default:
      return [];
  }
}
