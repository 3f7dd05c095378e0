import type { LocalDate } from './calendar';

/**
 * Every default that is an ASSUMPTION (or taken from practice rather than law), in one place,
 * each with its source. Law is not configuration: statutory limits live with the rules that apply them.
 */
export interface DomainConfig {
  /** Sentence → probation induction, calendar days. [PRACTICE][S28] "within five days of being sentenced". */
  inductionWithinDays: number;
  /** Sentence → first treatment appointment, working days. [ASSUMPTION], still to confirm. */
  firstAppointmentWithinWorkingDays: number;
  /** Provider records an attendance outcome by the end of the appointment's working day. [ASSUMPTION] */
  outcomeDueWorkingDays: number;
  /** Window for the person to evidence a reasonable excuse after a missed appointment. [PRACTICE][S36] 6 WD. */
  absenceEvidenceWorkingDays: number;
  /** Missed appointment → RO follow-up action. [GUIDE][S37] 5 business days. */
  responsibleOfficerFollowUpWorkingDays: number;
  /** Second unacceptable failure → breach action initiated. [GUIDE][S35 PC43/2004] 10 WD. */
  breachActionWorkingDays: number;
  /** Practitioner report → RO application to court. [ASSUMPTION], still to confirm. */
  practitionerReportApplicationWorkingDays: number;
  /** DRR review report due this many working days before the review. [ASSUMPTION], still to confirm. */
  reviewReportLeadWorkingDays: number;
  /** Default DRR review interval, months (the law sets a floor of one month). [ASSUMPTION] */
  defaultReviewIntervalMonths: number;
  /** Lab drug-test result expected within this many hours of collection. [GUIDE][S25] 72 h. */
  labResultWithinHours: number;
  /** DRR testing floor: tests a week in the first weeks, then after. [GUIDE-legacy][S35] R30; current guidance unconfirmed. */
  drrTesting: {
    earlyWeeks: number;
    earlyPerWeek: number;
    lowBandOrResidentialPerWeek: number;
    laterPerWeek: number;
  };
  /** ATR shorter than this only warns; no hard statutory minimum confirmed. [ASSUMPTION] */
  atrShortPeriodWarningMonths: number;
  /** SSO minimum custodial term, days. [ASSUMPTION] */
  ssoMinimumCustodialDays: number;
  /** nDelius failures-to-comply limit before "Review Enforcement Status". [ASSUMPTION] */
  ftcLimit: number;
  /** Primary-care MHTR planned sessions. [PRACTICE][S28] 10–12 (some pilots 12–18). */
  mhtrPlannedSessions: number;
  /** SA 2026 ss.38–39 (termination on completion) in force from; commencement not confirmed. [ASSUMPTION] */
  terminationOnCompletionInForceFrom: LocalDate;
  /**
   * How long an order whose end date has passed waits for a requirement still open to report its own end
   * (its last outcomes, decisions or lab results being settled) before ending without it, working days.
   * [ASSUMPTION] the order's outcome (completed or expired) is decided on the requirements' final status.
   */
  requirementEndsAwaitedWorkingDays: number;
  /** Special-procedures committal to custody, maximum days. [ASSUMPTION] */
  specialProceduresCommittalMaxDays: number;
  /** One-off bank holidays announced after the shipped table. */
  extraBankHolidays: readonly LocalDate[];
  /**
   * R32: how long after its operational period ends an SSO stays open to activation for an offence committed
   * within that period, months. [ASSUMPTION] Sch 16 Part 4 sets no limit ("until it is dealt with"); 12 months
   * covers the time from charge to conviction for most offences.
   */
  ssoActivationWindowMonths: number;
  /**
   * R4: the longest SSO operational and supervision period, months. [LAW][S21] 2 years; whether SA 2026 raised it
   * to 3 years is not verified (domain.md §16).
   */
  ssoPeriodMaxMonths: number;
  /**
   * Never configured: set by a workflow only while it replays decisions recorded before the corrections of
   * domain.md §16 (R1, R11, R19, R31, R32), so that those decisions replay as they were made.
   */
  lawBeforeCorrections?: boolean;
}

export const DEFAULT_CONFIG: DomainConfig = {
  inductionWithinDays: 5,
  firstAppointmentWithinWorkingDays: 10,
  outcomeDueWorkingDays: 0,
  absenceEvidenceWorkingDays: 6,
  responsibleOfficerFollowUpWorkingDays: 5,
  breachActionWorkingDays: 10,
  practitionerReportApplicationWorkingDays: 10,
  reviewReportLeadWorkingDays: 2,
  defaultReviewIntervalMonths: 1,
  labResultWithinHours: 72,
  drrTesting: { earlyWeeks: 16, earlyPerWeek: 2, lowBandOrResidentialPerWeek: 1, laterPerWeek: 1 },
  atrShortPeriodWarningMonths: 6,
  ssoMinimumCustodialDays: 14,
  ftcLimit: 1,
  mhtrPlannedSessions: 12,
  terminationOnCompletionInForceFrom: '2026-03-22',
  requirementEndsAwaitedWorkingDays: 5,
  specialProceduresCommittalMaxDays: 28,
  extraBankHolidays: [],
  ssoActivationWindowMonths: 12,
  ssoPeriodMaxMonths: 24,
};

/** The settings that differ from the defaults: what a run must say for another process to decide as it does. */
export function configOverrides(config: DomainConfig): Partial<DomainConfig> | undefined {
  const changed = Object.entries(config).filter(
    ([key, value]) => JSON.stringify(value) !== JSON.stringify(DEFAULT_CONFIG[key as keyof DomainConfig]),
  );
  return changed.length === 0 ? undefined : Object.fromEntries(changed);
}
