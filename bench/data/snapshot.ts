import type { Instant } from '../../domain/calendar';
import { addWorkingDays } from '../../domain/calendar';
import { DEFAULT_CONFIG } from '../../domain/config';
import { DESIGN_YEAR } from './design';
import type { OrderLife } from './records';

/**
 * The evening of the design year's last hearing day: every order has been made and none of the year's
 * 12-month orders has ended, so about 30,000 orders are open at once, each at its own point in its life
 * (from sentenced today to a few days from its end). The state the read and worker benchmarks stand in.
 */
export const SNAPSHOT_AT: Instant = `${addWorkingDays(DESIGN_YEAR.firstHearing, DESIGN_YEAR.hearingDays - 1, DEFAULT_CONFIG)}T20:00:00.000Z`;

/**
 * An order's life as it stood at `at`: the events and steps that had happened by then. The generator fires
 * every timer when it falls due, so the cut state has no timer due at or before `at`.
 */
export function cutAt(life: OrderLife, at: Instant): OrderLife {
  const events = life.events.filter((e) => e.record.occurredAt <= at);
  const steps = life.steps.filter((s) => s.now <= at);
  const requirementIds = life.requirementIds.filter((id) => events.some((e) => e.requirementId === id));
  return { ...life, events, steps, requirementIds };
}
