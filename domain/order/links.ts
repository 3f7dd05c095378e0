import type { OrderToRequirement, RequirementImposition, RequirementToOrder } from '../links';
import type { OrderCommand } from './commands';
import type { OrderEvent } from './events';

export interface RequirementMessage {
  requirementId: string;
  message: OrderToRequirement;
}

/** What an order event tells which requirement. */
export function requirementMessagesFor(event: OrderEvent): RequirementMessage[] {
  switch (event.type) {
    case 'OrderEnded':
    case 'SupervisionEnded':
      return event.requirementIds.map((requirementId) => ({
        requirementId,
        message: { kind: 'OrderEnded', endedOn: event.endedOn, reason: event.reason },
      }));
    case 'EndDateExtended':
      return event.requirementIds.map((requirementId) => ({
        requirementId,
        message: { kind: 'OrderEndDateChanged', orderEndDate: event.newEndDate },
      }));
    case 'AmendmentApplied':
      return [
        {
          requirementId: event.requirementId,
          message: {
            kind: 'RequirementAmended',
            change: event.change,
            effectiveOn: event.effectiveOn,
            ...(event.newPeriodEnd === null ? {} : { newPeriodEnd: event.newPeriodEnd }),
            ...(event.replacement === null ? {} : { replacement: event.replacement }),
          },
        },
      ];
    case 'IncidentDecided':
      return [
        {
          requirementId: event.requirementId,
          message: {
            kind: 'IncidentDecided',
            incidentId: event.incidentId,
            subjectId: event.subjectId,
            decision: event.decision,
          },
        },
      ];
    default:
      return [];
  }
}

/** The requirement workflows a sentence starts: one per imposed CSTR. */
export function impositionsFor(event: OrderEvent): RequirementImposition[] {
  return event.type === 'OrderMade' ? event.impositions : [];
}

/** What a requirement's message asks of the order, as one of its commands. */
export function orderCommandFor(message: RequirementToOrder): OrderCommand {
  switch (message.kind) {
    case 'IncidentRaised': {
      const { kind: _, ...incident } = message;
      return { type: 'RecordIncident', ...incident };
    }
    case 'RequirementStatusChanged': {
      const { kind: _, ...status } = message;
      return { type: 'RecordRequirementStatus', ...status };
    }
    case 'OrderRevokedAtReview': {
      const { kind: _, ...revocation } = message;
      return { type: 'RecordRevocationAtReview', ...revocation };
    }
  }
}
