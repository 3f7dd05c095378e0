import type { LocalDate } from '../../domain/calendar';

/**
 * The national design year: 30,000 orders whose requirements run at
 * once, about 1.25 requirements per order in a mix of ~45% DRR, 30% ATR and 25% MHTR, and about 4.5
 * million events. Each order is generated from its first court step to its end; sentences are spread
 * over the working days of the year, so the lives of a year's orders stand for a steady-state year.
 */
export const DESIGN_YEAR = {
  orders: 30_000,
  firstHearing: '2027-01-04' as LocalDate,
  /** Working days over which hearings are spread. */
  hearingDays: 250,
  /**
   * Weights for an order's first requirement type, and for its second among the other types: chosen so that
   * the requirements come out ~45% DRR, 30% ATR, 25% MHTR (45.2 / 30.3 / 24.5 expected).
   */
  typeWeights: [
    ['DRR', 48],
    ['ATR', 29],
    ['MHTR', 23],
  ] as const,
  /** Orders with a second requirement of another type (gives ~1.25 per order). */
  secondRequirementShare: 0.25,
  expectedEvents: 4_500_000,
  seed: 20_270_104,
} as const;

/** How each requirement type runs week by week: the cadence the design year's event budget implies. */
export const CADENCE = {
  DRR: {
    periodMonths: [6, 6, 9, 12] as const,
    sessionEveryWeeks: 1,
    earlyWeeks: 16,
    testEveryLaterWeeks: 4,
    reviewedShare: 0.3,
  },
  ATR: { periodMonths: [6, 6, 9] as const, sessionEveryWeeks: 1 },
  MHTR: { periodMonths: [6] as const, sessionEveryWeeks: 2, plannedSessions: 12 },
} as const;

/** Attendance and conduct: most sessions are attended; absences raise incidents the RO decides. */
export const CONDUCT = {
  attendedLate: 0.04,
  absent: 0.05,
  rescheduledByService: 0.04,
  positiveTest: 0.2,
  sampleNotProvided: 0.03,
  /** Of absences with no live warning, the share the RO decides unacceptable (and warns). */
  unacceptableWithoutWarning: 0.5,
} as const;

export type RequirementKind = (typeof DESIGN_YEAR.typeWeights)[number][0];

/** How many orders a run generates at a scale (1 is the full design year). */
export function ordersAt(scale: number): number {
  return Math.max(1, Math.round(DESIGN_YEAR.orders * scale));
}
