import { addMonths, type LocalDate } from '../../calendar';
import type { Period } from '../../primitives';

/** The first day of the treatment (and testing) period. */
export function firstPeriodStart(periods: readonly Period[]): LocalDate {
  return periods.reduce((min, p) => (p.start < min ? p.start : min), periods[0]?.start ?? '');
}

/** The last day of the treatment (and testing) period: the requirement's own end. */
export function lastPeriodEnd(periods: readonly Period[]): LocalDate {
  return periods.reduce((max, p) => (p.end > max ? p.end : max), periods[0]?.end ?? '');
}

/**
 * Sch 9 para 21: "more than 12 months". Measured over the whole span from the first period's start to the
 * last period's end (gaps included), so that a span of exactly 12 calendar months, however the end day is
 * counted, needs no review provision.
 */
export function spansMoreThanTwelveMonths(periods: readonly Period[]): boolean {
  return lastPeriodEnd(periods) > addMonths(firstPeriodStart(periods), 12);
}

/** The period in force on a date, if any. */
export function periodOn(periods: readonly Period[], date: LocalDate): Period | undefined {
  return periods.find((p) => p.start <= date && date <= p.end);
}
