import { type Instant, instantMs } from '../../calendar';
import type { DomainConfig } from '../../config';
import type { DecideContext } from '../../core';
import type { Deadline } from '../../deadlines';
import type { RequirementEvent } from '../events';
import { settled } from '../decide/settlement';
import { type RequirementState, isImposed } from '../state';
import { type Due, forEachUnfired, openTimers } from './timers';
import { orderEndsAt, withinOrder } from './instants';
import { stampOf } from '../decide/common';

/** What the passage of time to ctx.now produced: each passed deadline fires once, in the order it fell due. */
export function tickRequirement(state: RequirementState, ctx: DecideContext): RequirementEvent[] {
  if (!isImposed(state)) return [];
  const nowMs = instantMs(ctx.now);
  const endMs = instantMs(orderEndsAt(state));
  const passed: { due: Due; ms: number }[] = [];
  forEachUnfired(state, ctx.config, (due) => {
    const ms = Math.min(due.ms, endMs);
    if (ms <= nowMs) passed.push({ due, ms });
  });
  passed.sort((a, b) => a.ms - b.ms);
  const stamp = stampOf(state, ctx.now);
  return settled(
    state,
    passed.map(({ due }) => due.fire({ ...stamp, timer: due.spec.key })),
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
  let next: Due | null = null;
  forEachUnfired(state, config, (due) => {
    if (next === null || due.ms < next.ms) next = due;
  });
  // Every timer is capped at the order's end, which moves none past another: cap the earliest.
  return next === null ? null : withinOrder(state, (next as Due).spec.dueAt);
}
