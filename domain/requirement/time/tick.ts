import { type Instant, instantMs } from '../../calendar';
import type { DomainConfig } from '../../config';
import type { DecideContext } from '../../core';
import type { Deadline } from '../../deadlines';
import type { RequirementEvent } from '../events';
import { settled } from '../decide/settlement';
import { type RequirementState, isImposed } from '../state';
import { openTimers } from './timers';
import { isBefore } from './instants';

/** What the passage of time to ctx.now produced: each passed deadline fires once, in the order it fell due. */
export function tickRequirement(state: RequirementState, ctx: DecideContext): RequirementEvent[] {
  if (!isImposed(state)) return [];
  const due = openTimers(state, ctx.config)
    .filter((t) => !state.fired[t.key] && !isBefore(ctx.now, t.dueAt))
    .sort((a, b) => instantMs(a.dueAt) - instantMs(b.dueAt));
  return settled(
    state,
    due.map((t) => t.fire(ctx.now)),
    ctx.now,
  );
}

/** Open obligations, overdue ones included, for the worklist. */
export function requirementDeadlines(state: RequirementState, config: DomainConfig): Deadline[] {
  if (!isImposed(state)) return [];
  const { orderId, requirementId } = state.imposition;
  return openTimers(state, config).map((t) => ({
    kind: t.kind,
    dueAt: t.dueAt,
    role: t.role,
    orderId,
    requirementId,
    ...(t.subjectId === null ? {} : { subjectId: t.subjectId }),
    description: t.description,
  }));
}

/** The earliest instant at which tickRequirement would produce something. */
export function nextRequirementTimer(state: RequirementState, config: DomainConfig): Instant | null {
  if (!isImposed(state)) return null;
  let next: Instant | null = null;
  for (const t of openTimers(state, config))
    if (!state.fired[t.key] && (next === null || isBefore(t.dueAt, next))) next = t.dueAt;
  return next;
}
