import type { OrderToRequirement, RequirementImposition } from '../links';
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
