import { DEFAULT_CONFIG } from '../../domain/config';
import type { DecideContext } from '../../domain/core';
import {
  type OrderEvent,
  type OrderState,
  decideOrder,
  evolveOrder,
  initialOrderState,
  tickOrder,
} from '../../domain/order';
import {
  type RequirementEvent,
  type RequirementState,
  decideRequirement,
  evolveRequirement,
  initialRequirementState,
  tickRequirement,
} from '../../domain/requirement';
import { deterministicUuid } from '../data/prng';
import type { OrderLife, Step } from '../data/records';

export interface Replay {
  events: (OrderEvent | RequirementEvent)[];
  /** Nanoseconds spent inside decide and tick only (evolve between steps is not counted). */
  decideNs: number;
  /** Of decideNs, the part spent in tick (timers falling due). */
  tickNs: number;
  decisions: number;
  ticks: number;
}

/**
 * Runs an order's steps again through decideOrder/decideRequirement and tick, with the ids the generator
 * drew: the events must come out the same, in the same order.
 */
export function replayDecisions(life: OrderLife): Replay {
  let ids = 0;
  const newId = () => deterministicUuid(life.index + 1, ++ids);
  const ctx = (now: string): DecideContext => ({ now, newId, config: DEFAULT_CONFIG });
  let order: OrderState = initialOrderState;
  const requirements = new Map<string, RequirementState>();
  const events: (OrderEvent | RequirementEvent)[] = [];
  let decideNs = 0;
  let tickNs = 0;
  let ticks = 0;

  const decide = (step: Step): OrderEvent[] | RequirementEvent[] => {
    switch (step.kind) {
      case 'order-command': {
        const d = decideOrder(order, step.command, ctx(step.now));
        return d.ok ? d.events : [];
      }
      case 'order-tick':
        return tickOrder(order, ctx(step.now));
      case 'requirement-command': {
        const state = requirements.get(step.requirementId) ?? initialRequirementState;
        const d = decideRequirement(state, step.command, ctx(step.now));
        return d.ok ? d.events : [];
      }
      case 'requirement-tick':
        return tickRequirement(
          requirements.get(step.requirementId) ?? initialRequirementState,
          ctx(step.now),
        );
    }
  };

  for (const step of life.steps) {
    const started = process.hrtime.bigint();
    const produced = decide(step);
    const ns = Number(process.hrtime.bigint() - started);
    decideNs += ns;
    if (step.kind === 'order-tick' || step.kind === 'requirement-tick') {
      tickNs += ns;
      ticks++;
    }
    if (step.kind === 'order-command' || step.kind === 'order-tick') {
      for (const e of produced as OrderEvent[]) order = evolveOrder(order, e);
    } else {
      let state = requirements.get(step.requirementId) ?? initialRequirementState;
      for (const e of produced as RequirementEvent[]) state = evolveRequirement(state, e);
      requirements.set(step.requirementId, state);
    }
    events.push(...produced);
  }
  return { events, decideNs, tickNs, decisions: life.steps.length, ticks };
}
