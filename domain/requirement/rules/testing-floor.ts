import { addDays, londonDate, minDate, type LocalDate } from '../../calendar';
import type { DomainConfig } from '../../config';
import { firstPeriodStart, lastPeriodEnd } from './periods';
import type { ImposedRequirement } from '../state';

export interface TestingWeek {
  week: number;
  from: LocalDate;
  to: LocalDate;
  /** R30: the floor for this week. */
  required: number;
  directed: number;
  collected: number;
}

/**
 * R30 (legacy National Standard, configurable): tests a week over the DRR's treatment and testing period,
 * counted in weeks from its first day; fewer in the early weeks for a resident DRR.
 */
export function testingFloor(s: ImposedRequirement, config: DomainConfig): TestingWeek[] {
  if (s.imposition.type !== 'DRR') return [];
  const { periods, mode } = s.imposition;
  const start = firstPeriodStart(periods);
  const end = lastPeriodEnd(periods);
  const { earlyWeeks, earlyPerWeek, lowBandOrResidentialPerWeek, laterPerWeek } = config.drrTesting;
  const weeks: TestingWeek[] = [];
  for (let week = 1, from = start; from <= end; week += 1, from = addDays(from, 7)) {
    const to = minDate(addDays(from, 6), end);
    const inPeriod = periods.some((p) => p.start <= to && p.end >= from);
    const perWeek =
      week > earlyWeeks ? laterPerWeek : mode === 'RESIDENT' ? lowBandOrResidentialPerWeek : earlyPerWeek;
    weeks.push({ week, from, to, required: inPeriod ? perWeek : 0, directed: 0, collected: 0 });
  }
  // Each test is placed in its week once (the weeks run back to back from the start), not looked for in every week.
  const weekOf = (instant: string | null): TestingWeek | undefined => {
    if (instant === null) return undefined;
    const day = londonDate(instant);
    if (day < start || day > end) return undefined;
    let low = 0;
    for (let high = weeks.length - 1; low < high;) {
      const mid = (low + high + 1) >> 1;
      if (weeks[mid]!.from <= day) low = mid;
      else high = mid - 1;
    }
    return weeks[low];
  };
  for (const t of Object.values(s.drugTests)) {
    if (t.status === 'WITHDRAWN') continue;
    const due = weekOf(t.dueAt);
    if (due) due.directed += 1;
    const collected = t.sampleStatus === 'COLLECTED' ? weekOf(t.sampleRecordedAt) : undefined;
    if (collected) collected.collected += 1;
  }
  return weeks;
}
