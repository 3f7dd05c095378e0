import { addDays, addMonths, daysBetween, type LocalDate } from '../../calendar';
import type { DomainConfig } from '../../config';
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
 * The last day of the periods laid end to end from the first one's start, the gaps between them left out:
 * for one period, or periods with no gap, simply the last period's end.
 */
export function comprisedEnd(periods: readonly Period[]): LocalDate {
  let end = addDays(firstPeriodStart(periods), -1);
  for (const p of periods) end = addDays(end, daysBetween(p.start, p.end) + 1);
  return end;
}

/**
 * R10, Sch 9 para 21(1): is the treatment and testing period "more than 12 months"? Where the order specifies
 * separate periods, the treatment and testing period is what they together comprise (para 19(4)): their sum,
 * gaps left out. The boundary: laid end to end from the first start, periods that end on or before the same
 * day number 12 months later (2026-02-02 → 2027-02-02) are not more than 12 months, however the end day is
 * counted; one day longer is. Before the correction (domain.md §16) the span from first start to last end,
 * gaps included, was measured instead: decisions replayed from then keep that.
 */
export function comprisesMoreThanTwelveMonths(
  periods: readonly Period[],
  config: Pick<DomainConfig, 'lawBeforeCorrections'>,
): boolean {
  const end = config.lawBeforeCorrections ? lastPeriodEnd(periods) : comprisedEnd(periods);
  return end > addMonths(firstPeriodStart(periods), 12);
}

/** The periods with the last one extended to end on `end` (an EXTEND_PERIOD amendment). */
export function withLastPeriodEndingOn(periods: readonly Period[], end: LocalDate): Period[] {
  return periods.map((p, i) => (i === periods.length - 1 ? { ...p, end } : p));
}
