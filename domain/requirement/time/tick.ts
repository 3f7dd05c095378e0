import type { Instant } from '../../calendar';
import type { DomainConfig } from '../../config';
import type { DecideContext } from '../../core';
import type { Deadline } from '../../deadlines';
import type { RequirementEvent } from '../events';
import { settled } from '../decide/settlement';
import { type ImposedRequirement, type RequirementState, isImposed, isRequirementTerminal } from '../state';
import { openTimers } from './timers';
import { isBefore, withinOrder } from './instants';
import { earliestItemDue, itemTimersDue } from './item-dues';
import { ITEM_OBLIGATIONS } from './item-timers';
import { lifecycleTimers } from './lifecycle-timers';
import type { Timer } from './timer';

/** The timers not yet fired and due by `now`, in the order they fell due (ties: in the order openTimers lists them). */
function dueTimers(s: ImposedRequirement, config: DomainConfig, now: Instant): Timer[] {
  if (isRequirementTerminal(s)) return [];
  const nowMs = Date.parse(now);
  const lifecycle = lifecycleTimers(s, config)
    .map((timer, n) => ({ timer, map: -1, id: '', n }))
    .filter(({ timer }) => !s.fired[timer.key] && !isBefore(now, timer.dueAt));
  const due = [...lifecycle, ...itemTimersDue(s, config, nowMs)];
  if (due.length < 2) return due.map((d) => d.timer);
  const positions: Map<string, number>[] = [];
  const position = (map: number, id: string) => {
    if (map < 0) return 0;
    positions[map] ??= new Map(Object.keys(s[ITEM_OBLIGATIONS[map]!.items]).map((key, n) => [key, n]));
    return positions[map].get(id) ?? 0;
  };
  return due
    .sort(
      (a, b) =>
        Date.parse(a.timer.dueAt) - Date.parse(b.timer.dueAt) ||
        a.map - b.map ||
        position(a.map, a.id) - position(b.map, b.id) ||
        a.n - b.n,
    )
    .map((d) => d.timer);
}

/** What the passage of time to ctx.now produced: each passed deadline fires once, in the order it fell due. */
export function tickRequirement(state: RequirementState, ctx: DecideContext): RequirementEvent[] {
  if (!isImposed(state)) return [];
  return settled(
    state,
    dueTimers(state, ctx.config, ctx.now).map((t) => t.fire(ctx.now)),
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
  if (!isImposed(state) || isRequirementTerminal(state)) return null;
  let next: Instant | null = null;
  for (const t of lifecycleTimers(state, config))
    if (!state.fired[t.key] && (next === null || isBefore(t.dueAt, next))) next = t.dueAt;
  const item = earliestItemDue(state, config);
  if (item) {
    const at = withinOrder(state, item.dueAt);
    if (next === null || isBefore(at, next)) next = at;
  }
  return next;
}
