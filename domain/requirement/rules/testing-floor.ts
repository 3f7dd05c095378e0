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
  const tests = Object.values(s.drugTests).filter((t) => t.status !== 'WITHDRAWN');
  const weeks: TestingWeek[] = [];
  for (let week = 1, from = start; from <= end; week += 1, from = addDays(from, 7)) {
    const to = minDate(addDays(from, 6), end);
    const inPeriod = periods.some((p) => p.start <= to && p.end >= from);
    const perWeek =
      week > earlyWeeks ? laterPerWeek : mode === 'RESIDENT' ? lowBandOrResidentialPerWeek : earlyPerWeek;
    const inWeek = (instant: string | null) =>
      instant !== null && londonDate(instant) >= from && londonDate(instant) <= to;
    weeks.push({
      week,
      from,
      to,
      required: inPeriod ? perWeek : 0,
      directed: tests.filter((t) => inWeek(t.dueAt)).length,
      collected: tests.filter((t) => t.sampleStatus === 'COLLECTED' && inWeek(t.sampleRecordedAt)).length,
    });
  }
  return weeks;
}
