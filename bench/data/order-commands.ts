import type { RequirementToOrder } from '../../domain/links';
import type { OrderCommand } from '../../domain/order';

/** What a requirement's message asks of the order (as workflows/order.ts turns it into a command). */
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
