import type { Instant } from '../../domain/calendar';
import { DEFAULT_CONFIG } from '../../domain/config';
import type { DecideContext, Decision } from '../../domain/core';
import {
  type OrderCommand,
  type OrderEvent,
  type OrderState,
  decideOrder,
  evolveOrder,
  impositionsFor,
  initialOrderState,
  nextOrderTimer,
  requirementMessagesFor,
  tickOrder,
} from '../../domain/order';
import type { Actor } from '../../domain/records';
import {
  type RequirementCommand,
  type RequirementEvent,
  type RequirementState,
  decideRequirement,
  evolveRequirement,
  initialRequirementState,
  isRequirementTerminal,
  nextRequirementTimer,
  orderMessagesFor,
  tickRequirement,
} from '../../domain/requirement';
import { SYSTEM_ACTOR, actorFor } from './actors';
import { orderCommandFor } from '../../domain/order';
import { deterministicUuid } from './prng';
import type { OrderLife, Step, YearEvent } from './records';

/** Event record ids count from here, apart from the ids decisions draw, so that a replay draws the same. */
const RECORD_ID_BASE = 2 ** 40;
const CHOSEN_ID_BASE = 2 ** 44;

type Pending =
  | { to: 'order'; command: OrderCommand }
  | { to: 'requirement'; requirementId: string; command: RequirementCommand };

/**
 * One order and its requirements driven as the workflows drive them: commands decided and folded, messages
 * routed between the aggregates, and every timer fired when it falls due. Refused commands throw: the
 * generator must only ask what the rules allow. Ids come from a counter, so a replay gives the same ids.
 */
export class OrderSimulation {
  order: OrderState = initialOrderState;
  readonly requirements = new Map<string, RequirementState>();
  readonly steps: Step[] = [];
  readonly events: YearEvent[] = [];
  now: Instant;
  messagesRefused = 0;
  private ids = 0;
  private recordIds = 0;
  private chosenIds = 0;
  private readonly idSpace: number;

  constructor(
    readonly index: number,
    readonly orderId: string,
    start: Instant,
  ) {
    this.now = start;
    this.idSpace = index + 1;
  }

  newId = (): string => deterministicUuid(this.idSpace, ++this.ids);

  /** Ids the generator chooses itself (requirements, appointments, tests), apart from the ones decisions draw. */
  chosenId = (): string => deterministicUuid(this.idSpace, CHOSEN_ID_BASE + ++this.chosenIds);

  ctx(): DecideContext {
    return { now: this.now, newId: this.newId, config: DEFAULT_CONFIG };
  }

  /** Moves the clock to `to`, firing every timer that falls due on the way, in order. */
  advanceTo(to: Instant): void {
    for (let guard = 0; guard < 10_000; guard++) {
      const due = this.nextTimer();
      if (due === null || Date.parse(due.at) > Date.parse(to)) break;
      if (Date.parse(due.at) > Date.parse(this.now)) this.now = due.at;
      if (due.requirementId === null) this.tickOrder();
      else this.tickRequirement(due.requirementId);
    }
    if (Date.parse(to) > Date.parse(this.now)) this.now = to;
  }

  /** States are immutable, so an aggregate's next timer is computed once per state it passes through. */
  private readonly nextTimerOf = new WeakMap<object, Instant | null>();

  private memoNextTimer<S extends object>(state: S, compute: (state: S) => Instant | null): Instant | null {
    if (this.nextTimerOf.has(state)) return this.nextTimerOf.get(state) ?? null;
    const at = compute(state);
    this.nextTimerOf.set(state, at);
    return at;
  }

  private nextTimer(): { at: Instant; requirementId: string | null } | null {
    let best: { at: Instant; requirementId: string | null } | null = null;
    const orderAt = this.memoNextTimer(this.order, (s) => nextOrderTimer(s, DEFAULT_CONFIG));
    if (orderAt !== null) best = { at: orderAt, requirementId: null };
    for (const [requirementId, state] of this.requirements) {
      const at = this.memoNextTimer(state, (s) => nextRequirementTimer(s, DEFAULT_CONFIG));
      if (at !== null && (best === null || Date.parse(at) < Date.parse(best.at)))
        best = { at, requirementId };
    }
    return best;
  }

  orderCommand(command: OrderCommand): OrderEvent[] {
    this.advanceTo(this.now);
    const events = this.decideOrder(command, actorFor(command.type, null), true);
    this.drain();
    return events;
  }

  requirementCommand(requirementId: string, command: RequirementCommand): RequirementEvent[] {
    this.advanceTo(this.now);
    const provider = this.providerOf(requirementId);
    const events = this.decideRequirement(requirementId, command, actorFor(command.type, provider), true);
    this.drain();
    return events;
  }

  requirement(requirementId: string): RequirementState {
    return this.requirements.get(requirementId) ?? initialRequirementState;
  }

  life(): OrderLife {
    return {
      index: this.index,
      orderId: this.orderId,
      requirementIds: [...this.requirements.keys()],
      steps: this.steps,
      events: this.events,
      messagesRefused: this.messagesRefused,
    };
  }

  private providerOf(requirementId: string): string | null {
    const state = this.requirement(requirementId);
    return state.status === 'NOT_IMPOSED' ? null : state.providerOrgId;
  }

  private readonly queue: Pending[] = [];

  private tickOrder(): void {
    this.steps.push({ kind: 'order-tick', now: this.now });
    this.applyOrder(tickOrder(this.order, this.ctx()), SYSTEM_ACTOR);
    this.drain();
  }

  private tickRequirement(requirementId: string): void {
    this.steps.push({ kind: 'requirement-tick', requirementId, now: this.now });
    const events = tickRequirement(this.requirement(requirementId), this.ctx());
    this.applyRequirement(requirementId, events, SYSTEM_ACTOR);
    this.drain();
  }

  private decideOrder(command: OrderCommand, actor: Actor, strict: boolean): OrderEvent[] {
    this.steps.push({ kind: 'order-command', now: this.now, command });
    const decision = decideOrder(this.order, command, this.ctx());
    return this.applyOrder(this.accepted(decision, command.type, strict), actor);
  }

  private decideRequirement(
    requirementId: string,
    command: RequirementCommand,
    actor: Actor,
    strict: boolean,
  ): RequirementEvent[] {
    this.steps.push({ kind: 'requirement-command', requirementId, now: this.now, command });
    const decision = decideRequirement(this.requirement(requirementId), command, this.ctx());
    return this.applyRequirement(requirementId, this.accepted(decision, command.type, strict), actor);
  }

  private accepted<E>(decision: Decision<E>, type: string, strict: boolean): E[] {
    if (decision.ok) return decision.events;
    if (strict)
      throw new Error(
        `order ${this.index}: ${type} refused at ${this.now}: ${JSON.stringify(decision.rejection)}`,
      );
    this.messagesRefused++;
    return [];
  }

  private record(actor: Actor): { id: string; occurredAt: Instant; actor: Actor } {
    return {
      id: deterministicUuid(this.idSpace, RECORD_ID_BASE + ++this.recordIds),
      occurredAt: this.now,
      actor,
    };
  }

  private applyOrder(events: OrderEvent[], actor: Actor): OrderEvent[] {
    for (const event of events) {
      this.order = evolveOrder(this.order, event);
      this.events.push({
        orderId: this.orderId,
        requirementId: null,
        record: { ...this.record(actor), event },
      });
      for (const imposition of impositionsFor(event))
        this.queue.push({
          to: 'requirement',
          requirementId: imposition.requirementId,
          command: { type: 'Impose', imposition },
        });
      for (const { requirementId, message } of requirementMessagesFor(event))
        this.queue.push({
          to: 'requirement',
          requirementId,
          command: { type: 'ApplyOrderMessage', requirementId, message },
        });
    }
    return events;
  }

  private applyRequirement(
    requirementId: string,
    events: RequirementEvent[],
    actor: Actor,
  ): RequirementEvent[] {
    let state = this.requirement(requirementId);
    for (const event of events) {
      state = evolveRequirement(state, event);
      this.events.push({ orderId: this.orderId, requirementId, record: { ...this.record(actor), event } });
      for (const message of orderMessagesFor(event))
        this.queue.push({ to: 'order', command: orderCommandFor(message) });
    }
    this.requirements.set(requirementId, state);
    return events;
  }

  /** Delivers the messages the last events produced, as signals would, until none are left. */
  private drain(): void {
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      if (next.to === 'order') {
        this.decideOrder(next.command, SYSTEM_ACTOR, false);
      } else if (next.command.type === 'Impose') {
        this.decideRequirement(next.requirementId, next.command, SYSTEM_ACTOR, true);
      } else if (!isRequirementTerminal(this.requirement(next.requirementId))) {
        this.decideRequirement(next.requirementId, next.command, SYSTEM_ACTOR, false);
      }
    }
  }
}
