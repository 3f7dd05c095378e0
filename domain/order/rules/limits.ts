import { addDays, addMonths, addYears, type LocalDate } from '../../calendar';

// Statutory limits on the order itself. Law, not configuration: each is selected by the date it applies to.

/** SA 2026 s.2 (in force 22 March 2026): terms of up to 3 years may be suspended; 2 years before. [S20] */
export const SSO_THREE_YEAR_TERMS_FROM: LocalDate = '2026-03-22';

/** R4: operational and supervision periods at least 6 months [S21]; the maximum is configured (ssoPeriodMaxMonths). */
export const SSO_PERIOD_MIN_MONTHS = 6;

/** R2: a CO's end date is at most 3 years after the order (s.209(2)). [S7] */
export const CO_MAX_YEARS = 3;

/** R19/R20: breach fine up to £2,500; end date substituted at most 6 months later; new UPW at least 20 hours. */
export const BREACH_FINE_MAX_PENCE = 250_000;
export const END_DATE_EXTENSION_MAX_MONTHS = 6;
export const NEW_UNPAID_WORK_MIN_HOURS = 20;

/** §5.4a: an unpaid work requirement is 40 to 300 hours (Sch 9 para 2). */
export const UNPAID_WORK_MIN_HOURS = 40;
export const UNPAID_WORK_MAX_HOURS = 300;

/** R15: a warning counts for 12 months from the day it is given. [S9] */
export const WARNING_VALID_MONTHS = 12;

const AVERAGE_DAYS_PER_MONTH = 365.25 / 12;

/** Input sanity, not law: a date of birth before this is a mistake. */
export const EARLIEST_DATE_OF_BIRTH: LocalDate = '1900-01-01';

/** R1: 18 or over on the date (a birthday on 29 February falls on 28 February in other years). */
export function isAdultOn(dateOfBirth: LocalDate, date: LocalDate): boolean {
  return addYears(dateOfBirth, 18) <= date;
}

/** R5: the longest custodial term that may be suspended, by sentence date. */
export function maxSuspendableMonths(sentenceDate: LocalDate): number {
  return sentenceDate >= SSO_THREE_YEAR_TERMS_FROM ? 36 : 24;
}

/** R5 (SC ss.264A/277A): from 22 March 2026 a term of 12 months or less is presumed suspended. */
export function presumptionToSuspendApplies(sentenceDate: LocalDate, termMonths: number): boolean {
  return sentenceDate >= SSO_THREE_YEAR_TERMS_FROM && termMonths <= 12;
}

export function custodialTermDays(termMonths: number): number {
  return Math.round(termMonths * AVERAGE_DAYS_PER_MONTH);
}

/** The last day of a period of whole months that starts on `start` (a 12-month period from 2 Feb ends 1 Feb). */
export function lastDayOfMonths(start: LocalDate, months: number): LocalDate {
  return addDays(addMonths(start, months), -1);
}
