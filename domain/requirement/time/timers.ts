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

const withMs = ({ spec, fire }: UncappedTimer): Due => ({ spec, fire, ms: instantMs(spec.dueAt) });

/**
 * Each item's obligations, kept with the item's object for each settings object: the evolve gives an item a
 * new object whenever an event changes it, and never changes one in place, so an item no event touched is
 * not worked out again. A cache of a pure function (of the item and the settings), shared by every workflow.
 */
const duesByConfig = new WeakMap<DomainConfig, WeakMap<object, Due[]>>();

/**
 * Visits the open obligations of a live requirement that have not fired, in openTimers' order: the tick and
 * the next timer, which run after every step, without working out again what did not change.
 */
export function forEachUnfired(s: ImposedRequirement, config: DomainConfig, visit: (due: Due) => void): void {
  if (isRequirementTerminal(s)) return;
  const kept = duesByConfig.get(config) ?? new WeakMap<object, Due[]>();
  duesByConfig.set(config, kept);
  const { fired } = s;
  for (const due of lifecycleTimers(s, config).map(withMs)) if (!fired[due.spec.key]) visit(due);
  forEachItem(s, (item, timersOf) => {
    let dues = kept.get(item);
    if (dues === undefined) {
      dues = timersOf(item, config).map(withMs);
      kept.set(item, dues);
    }
    for (const due of dues) if (!fired[due.spec.key]) visit(due);
  });
}
