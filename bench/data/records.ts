import type { Instant } from '../../domain/calendar';
import type { OrderCommand, OrderEvent } from '../../domain/order';
import type { EventRecord } from '../../domain/records';
import type { RequirementCommand, RequirementEvent } from '../../domain/requirement';

/** One stored event of the design year, with the aggregate it belongs to. */
export type YearEvent =
  | { orderId: string; requirementId: null; record: EventRecord<OrderEvent> }
  | { orderId: string; requirementId: string; record: EventRecord<RequirementEvent> };

/**
 * One decision the generator made, in order: a command to an aggregate, or time passing for it. Replaying
 * the steps of an order with the same id sequence gives the same events (decide is pure).
 */
export type Step =
  | { kind: 'order-command'; now: Instant; command: OrderCommand }
  | { kind: 'order-tick'; now: Instant }
  | { kind: 'requirement-command'; requirementId: string; now: Instant; command: RequirementCommand }
  | { kind: 'requirement-tick'; requirementId: string; now: Instant };

/** Everything one order of the design year produced, from its first court step to its end. */
export interface OrderLife {
  index: number;
  orderId: string;
  requirementIds: string[];
  steps: Step[];
  events: YearEvent[];
  /** Messages between the order and its requirements that the receiving side refused (as a workflow drops them). */
  messagesRefused: number;
}
