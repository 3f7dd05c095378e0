import type { Instant } from '../../../domain/calendar';
import { DEFAULT_CONFIG } from '../../../domain/config';
import type { RequirementImposition } from '../../../domain/links';
import {
  type RequirementEvent,
  type RequirementState,
  RequirementCommandSchema,
  decideRequirement,
  evolveRequirement,
  initialRequirementState,
  tickRequirement,
} from '../../../domain/requirement';
import type { ImposedRequirement } from '../../../domain/requirement/state';
import { commandFor } from './random-commands';
import type { Intent } from './random-plans';
import { idNumber } from './harness';

export interface Step {
  before: RequirementState;
  after: RequirementState;
  command: Record<string, unknown> | null;
  events: RequirementEvent[];
}

/** Runs random intents against a requirement as its workflow would, recording every step. */
export function run(imposition: RequirementImposition, plan: Intent[]) {
  let seq = 1;
  const fresh = () => idNumber(seq++);
  let now: Instant = '2026-02-02T09:00:00.000Z';
  let state: RequirementState = initialRequirementState;
  const steps: Step[] = [];
  const all: RequirementEvent[] = [];
  const apply = (command: Record<string, unknown> | null, events: RequirementEvent[]) => {
    const before = state;
    state = events.reduce(evolveRequirement, state);
    all.push(...events);
    steps.push({ before, after: state, command, events });
  };
  const ctx = () => ({ now, newId: fresh, config: DEFAULT_CONFIG });
  const impose = decideRequirement(state, { type: 'Impose', imposition }, ctx());
  if (!impose.ok) throw new Error(JSON.stringify(impose.rejection));
  apply({ type: 'Impose' }, impose.events);
  for (const intent of plan) {
    now = new Date(Date.parse(now) + intent.advanceHours * 3_600_000).toISOString();
    if (intent.tick) apply(null, tickRequirement(state, ctx()));
    const next = commandFor(state as ImposedRequirement, intent, now, fresh);
    if (Date.parse(next.now) > Date.parse(now)) now = next.now;
    const decision = decideRequirement(state, RequirementCommandSchema.parse(next.command), ctx());
    apply(next.command, decision.ok ? decision.events : []);
  }
  return { steps, all, state };
}
