import type { DomainConfig } from '../../config';
import { itemTimers } from './item-timers';
import { lifecycleTimers } from './lifecycle-timers';
import { type ImposedRequirement, isRequirementTerminal } from '../state';
import type { Timer } from './timer';

/** Every open obligation of a live requirement, fired or not. */
export function openTimers(s: ImposedRequirement, config: DomainConfig): Timer[] {
  if (isRequirementTerminal(s)) return [];
  return [...lifecycleTimers(s, config), ...itemTimers(s, config)];
}
