import { type OrderEvent, type OrderState, evolveOrder, initialOrderState } from '../../domain/order';
import {
  type RequirementEvent,
  type RequirementState,
  foldRequirement,
  initialRequirementState,
} from '../../domain/requirement';
import type { OrderLife } from './records';

/** An order's events and each requirement's events, apart, in the order they happened. */
export interface AggregateStreams {
  order: OrderEvent[];
  requirements: Map<string, RequirementEvent[]>;
}

export function streamsOf(life: OrderLife): AggregateStreams {
  const order: OrderEvent[] = [];
  const requirements = new Map<string, RequirementEvent[]>();
  for (const e of life.events) {
    if (e.requirementId === null) order.push(e.record.event);
    else {
      const list = requirements.get(e.requirementId) ?? [];
      list.push(e.record.event);
      requirements.set(e.requirementId, list);
    }
  }
  return { order, requirements };
}

export interface FoldedOrder {
  order: OrderState;
  requirements: Map<string, RequirementState>;
}

/** Folds every stream through the real evolve functions. */
export function foldStreams(streams: AggregateStreams): FoldedOrder {
  let order = initialOrderState;
  for (const event of streams.order) order = evolveOrder(order, event);
  const requirements = new Map<string, RequirementState>();
  for (const [id, events] of streams.requirements) {
    requirements.set(id, foldRequirement(initialRequirementState, events));
  }
  return { order, requirements };
}
