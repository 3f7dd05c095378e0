import {
  addDays,
  addWorkingDays,
  endOfLondonDay,
  instantMs,
  isWorkingDay,
  type Instant,
  type LocalDate,
  londonDate,
} from '../../calendar';
import type { DomainConfig } from '../../config';
import { lastPeriodEnd } from '../rules/periods';
import type { ImposedRequirement } from '../state';

/** The `n`th working day before `date`. */
export function workingDaysBefore(date: LocalDate, n: number, config: DomainConfig): LocalDate {
  let d = date;
  for (let left = n; left > 0;) {
    d = addDays(d, -1);
    if (isWorkingDay(d, config)) left -= 1;
  }
  return d;
}

/** The end of the London day `n` working days after the day of `instant`: "within n working days". */
export function endOfWorkingDaysAfter(instant: Instant, n: number, config: DomainConfig): Instant {
  return endOfLondonDay(addWorkingDays(londonDate(instant), n, config));
}

/** The instant the requirement's last period ends. */
export function requirementEndsAt(s: ImposedRequirement): Instant {
  return endOfLondonDay(lastPeriodEnd(s.imposition.periods));
}

/** The instant the requirement's order ends. */
export function orderEndsAt(s: ImposedRequirement): Instant {
  return endOfLondonDay(s.imposition.orderEndDate);
}

/** Nothing the requirement asks of anyone falls after the order's end: at that point everything is due. */
export function withinOrder(s: ImposedRequirement, dueAt: Instant): Instant {
  const endsAt = orderEndsAt(s);
  return instantMs(dueAt) > instantMs(endsAt) ? endsAt : dueAt;
}

export function isBefore(a: Instant, b: Instant): boolean {
  return instantMs(a) < instantMs(b);
}
