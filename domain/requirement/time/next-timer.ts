import { type Instant, instantMs } from '../../calendar';
import type { DomainConfig } from '../../config';
import { type RequirementState, isImposed, isRequirementTerminal } from '../state';
import { forEachItem } from './item-timers';
import { lifecycleTimers } from './lifecycle-timers';
import { withinOrder } from './instants';

/** An item's open obligation reduced to what the next timer needs. */
interface Due {
  key: string;
  dueAt: Instant;
  ms: number;
}

/**
 * nextRequirementTimer (tick.ts) worked out from what changed: each item's due instants are kept with the
 * item's object, and the fold gives an item a new object whenever an event changes it, so only the items an
 * event touched (and the few lifecycle timers) are worked out again; the others are compared by identity.
 * The answer is the full scan's (a property test holds it to it). One per workflow: it keeps what it
 * worked out for the last settings object it was given.
 */
export function nextRequirementTimerKept(): (
  state: RequirementState,
  config: DomainConfig,
) => Instant | null {
  let keptFor: DomainConfig | null = null;
  let kept = new WeakMap<object, Due[]>();
  const nextTimer = (state: RequirementState, config: DomainConfig): Instant | null => {
    if (!isImposed(state) || isRequirementTerminal(state)) return null;
    if (config !== keptFor) {
      keptFor = config;
      kept = new WeakMap();
    }
    let next: Due | null = null;
    const consider = (due: Due) => {
      if (!state.fired[due.key] && (next === null || due.ms < next.ms)) next = due;
    };
    for (const t of lifecycleTimers(state, config))
      consider({ key: t.spec.key, dueAt: t.spec.dueAt, ms: instantMs(t.spec.dueAt) });
    forEachItem(state, (item, timersOf) => {
      let dues = kept.get(item);
      if (dues === undefined) {
        dues = timersOf(item, config).map(({ spec }) => ({
          key: spec.key,
          dueAt: spec.dueAt,
          ms: instantMs(spec.dueAt),
        }));
        kept.set(item, dues);
      }
      for (const due of dues) consider(due);
    });
    // Every timer is capped at the order's end, which moves none past another: cap the earliest.
    return next === null ? null : withinOrder(state, (next as Due).dueAt);
  };
  return nextTimer;
}
