import { expect } from 'vitest';
import type { Instant } from '../../../domain/calendar';
import { DEFAULT_CONFIG, type DomainConfig } from '../../../domain/config';
import type { DecideContext, Rejection } from '../../../domain/core';
import {
  type RequirementEvent,
  type RequirementState,
  RequirementCommandSchema,
  decideRequirement,
  evolveRequirement,
  initialRequirementState,
  requirementView,
  tickRequirement,
} from '../../../domain/requirement';
import { REQUIREMENT_ID } from './fixtures';

export function idNumber(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** A requirement driven by commands at chosen instants, recording every event, as a workflow would. */
export class RequirementHarness {
  state: RequirementState = initialRequirementState;
  readonly events: RequirementEvent[] = [];
  now: Instant = '2026-02-02T09:00:00.000Z';
  private ids = 1000;

  constructor(readonly config: DomainConfig = DEFAULT_CONFIG) {}

  ctx(): DecideContext {
    return { now: this.now, newId: () => idNumber(this.ids++), config: this.config };
  }

  at(now: Instant): this {
    this.now = now;
    return this;
  }

  private apply(events: RequirementEvent[]): RequirementEvent[] {
    for (const e of events) this.state = evolveRequirement(this.state, e);
    this.events.push(...events);
    return events;
  }

  /** Sends a command in wire form; the requirement id is filled in unless the command is Impose. */
  send(command: Record<string, unknown>) {
    const body = command.type === 'Impose' ? command : { requirementId: REQUIREMENT_ID, ...command };
    const decision = decideRequirement(this.state, RequirementCommandSchema.parse(body), this.ctx());
    if (decision.ok) this.apply(decision.events);
    return decision;
  }

  ok(command: Record<string, unknown>): RequirementEvent[] {
    const decision = this.send(command);
    if (!decision.ok) expect.fail(`${String(command.type)} refused: ${JSON.stringify(decision.rejection)}`);
    return decision.events;
  }

  refused(command: Record<string, unknown>): Rejection {
    const decision = this.send(command);
    if (decision.ok)
      return expect.fail(`${String(command.type)} was accepted: ${JSON.stringify(decision.events)}`);
    return decision.rejection;
  }

  tick(now: Instant): RequirementEvent[] {
    this.now = now;
    return this.apply(tickRequirement(this.state, this.ctx()));
  }

  get view() {
    const v = requirementView(this.state, this.config);
    if (v.status === 'NOT_IMPOSED') return expect.fail('not imposed');
    return v;
  }

  types(events: RequirementEvent[]): string[] {
    return events.map((e) => e.type);
  }
}
