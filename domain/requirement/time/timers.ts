import { instantMs } from '../../calendar';
import type { DomainConfig } from '../../config';
import { forEachItem } from './item-timers';
import { lifecycleTimers } from './lifecycle-timers';
import { type ImposedRequirement, isRequirementTerminal } from '../state';
import { type Timer, type UncappedTimer, timer } from './timer';

/** Every open obligation of a live requirement, fired or not, in the order the requirement lists them. */
export function openTimers(s: ImposedRequirement, config: DomainConfig): Timer[] {
  if (isRequirementTerminal(s)) return [];
  const timers = lifecycleTimers(s, config).map(({ spec, fire }) => timer(s, spec, fire));
  forEachItem(s, (item, timersOf) => {
    for (const { spec, fire } of timersOf(item, config)) timers.push(timer(s, spec, fire));
  });
  return timers;
}

/** An open obligation with its due instant in milliseconds, before the order's end caps it. */
export interface Due extends UncappedTimer {
  ms: number;
}

/**
 * Visits the open obligations of a live requirement that have not fired, in openTimers' order, for the tick
 * and the next timer: without a capped copy of each and its event's closure, which only those due need.
 */
export function forEachUnfired(s: ImposedRequirement, config: DomainConfig, visit: (due: Due) => void): void {
  if (isRequirementTerminal(s)) return;
  const { fired } = s;
  const consider = ({ spec, fire }: UncappedTimer) => {
    if (!fired[spec.key]) visit({ spec, fire, ms: instantMs(spec.dueAt) });
  };
  lifecycleTimers(s, config).forEach(consider);
  forEachItem(s, (item, timersOf) => timersOf(item, config).forEach(consider));
}
