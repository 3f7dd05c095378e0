import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from './bank-holidays';

/** A calendar date, `YYYY-MM-DD`. ISO dates compare correctly as strings. */
export type LocalDate = string;
/** An instant, ISO 8601 in UTC (`2026-11-23T10:15:00.000Z`). */
export type Instant = string;

const DAY_MS = 86_400_000;

/**
 * Memoises a pure function of one key. Every timer the workflows re-arm walks many dates through the same
 * conversions; the cache is emptied when it grows past `limit`, so a long-lived worker stays bounded.
 */
function memo<K, V>(fn: (key: K) => V, limit = 50_000): (key: K) => V {
  const cache = new Map<K, V>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      if (cache.size >= limit) cache.clear();
      value = fn(key);
      cache.set(key, value);
    }
    return value;
  };
}

/** Days from 1970-01-01 to a proleptic Gregorian date; a day past the month's end runs on into the next. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The digits of `text` from `from` to `to` as a number; -1 if any is not a digit. */
function digitsAt(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    n = n * 10 + digit;
  }
  return n;
}

/** Whether a date's digits, read as `YYYY-MM-DD`, are fields `Date.UTC` reads as they are (it reads years 0 to 99 as 1900 on). */
function inRange(year: number, month: number, day: number): boolean {
  return year >= 100 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** The year, month or day of a date in the form `YYYY-MM-DD`; -1 for any other form. */
function fieldOf(date: LocalDate, from: number, to: number): number {
  return date.length === 10 && date.charCodeAt(4) === 45 && date.charCodeAt(7) === 45
    ? digitsAt(date, from, to)
    : -1;
}

/**
 * The day number of a date (days from 1970-01-01), read from its digits in the form the domain writes,
 * otherwise as `Date.UTC` reads its parts. The rules step through dates a day at a time: a day number is
 * stepped with arithmetic, and the date's text made once, where it is wanted.
 */
function dayOf(date: LocalDate): number {
  const year = fieldOf(date, 0, 4);
  const month = fieldOf(date, 5, 7);
  const day = fieldOf(date, 8, 10);
  if (inRange(year, month, day)) return daysFromCivil(year, month, day);
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

/** The date of a day number. */
const dateOf = memo((day: number): LocalDate => new Date(day * DAY_MS).toISOString().slice(0, 10));

/** The year a day number falls in. */
function yearOf(day: number): number {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  // The era's years run from March: January and February (days 306 on) belong to the next calendar year.
  return yearOfEra + era * 400 + (dayOfYear >= 306 ? 1 : 0);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return dateOf(dayOf(date) + days);
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Calendar months, clamped to the month's end (31 Jan + 1 month = 28/29 Feb), as courts count them. */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const year = fieldOf(date, 0, 4);
  const month = fieldOf(date, 5, 7);
  const day = fieldOf(date, 8, 10);
  const target = year * 12 + month - 1 + months;
  const targetYear = Math.floor(target / 12);
  const targetMonth = target - targetYear * 12 + 1;
  if (inRange(year, month, day) && Number.isInteger(months) && inRange(targetYear, targetMonth, 1)) {
    const lastDay = targetMonth === 2 && isLeapYear(targetYear) ? 29 : MONTH_DAYS[targetMonth - 1]!;
    return dateOf(daysFromCivil(targetYear, targetMonth, Math.min(day, lastDay)));
  }
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return dateOf(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, lastDay)) / DAY_MS);
}

export function addYears(date: LocalDate, years: number): LocalDate {
  return addMonths(date, years * 12);
}

export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round(dayOf(to) - dayOf(from));
}

/** 0 = Sunday … 6 = Saturday, of a day number. */
function weekdayOf(day: number): number {
  // 1 January 1970 was a Thursday (4).
  return (((day + 4) % 7) + 7) % 7;
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: LocalDate): number {
  return weekdayOf(dayOf(date));
}

export function minDate(a: LocalDate, b: LocalDate): LocalDate {
  return a < b ? a : b;
}

function easterSunday(year: number): LocalDate {
  // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dateOf(Date.UTC(year, month - 1, day) / DAY_MS);
}

function firstMonday(year: number, month: number): LocalDate {
  const first = dateOf(Date.UTC(year, month - 1, 1) / DAY_MS);
  return addDays(first, (8 - dayOfWeek(first)) % 7);
}

function lastMonday(year: number, month: number): LocalDate {
  const last = dateOf(Date.UTC(year, month, 0) / DAY_MS);
  return addDays(last, -((dayOfWeek(last) + 6) % 7));
}

function nextWeekday(date: LocalDate, taken: Set<LocalDate>): LocalDate {
  let d = date;
  while (dayOfWeek(d) === 0 || dayOfWeek(d) === 6 || taken.has(d)) d = addDays(d, 1);
  return d;
}

/** The standing rules, for years the shipped table does not cover. */
export function standingBankHolidays(year: number): LocalDate[] {
  const days = new Set<LocalDate>();
  days.add(nextWeekday(`${year}-01-01`, days));
  const easter = easterSunday(year);
  days.add(addDays(easter, -2));
  days.add(addDays(easter, 1));
  days.add(firstMonday(year, 5));
  days.add(lastMonday(year, 5));
  days.add(lastMonday(year, 8));
  days.add(nextWeekday(`${year}-12-25`, days));
  days.add(nextWeekday(`${year}-12-26`, days));
  return [...days].sort();
}

const byYear = new Map<number, Set<LocalDate>>();

function bankHolidaysOf(year: number): Set<LocalDate> {
  let days = byYear.get(year);
  if (!days) {
    days = new Set(ENGLAND_AND_WALES_BANK_HOLIDAYS[year] ?? standingBankHolidays(year));
    byYear.set(year, days);
  }
  return days;
}

export interface WorkingDayCalendar {
  /** One-off bank holidays announced after the table was shipped. */
  extraBankHolidays?: readonly LocalDate[];
}

export function isBankHoliday(date: LocalDate, calendar: WorkingDayCalendar = {}): boolean {
  return (
    bankHolidaysOf(Number(date.slice(0, 4))).has(date) || (calendar.extraBankHolidays ?? []).includes(date)
  );
}

export function isWorkingDay(date: LocalDate, calendar: WorkingDayCalendar = {}): boolean {
  const dow = dayOfWeek(date);
  return dow !== 0 && dow !== 6 && !isBankHoliday(date, calendar);
}

function isWorkingDayNumber(day: number, calendar: WorkingDayCalendar): boolean {
  const weekday = weekdayOf(day);
  return weekday !== 0 && weekday !== 6 && !isBankHoliday(dateOf(day), calendar);
}

/** The `n`th working day after `date` (n = 0: `date` itself if it is a working day, else the next one). */
export function addWorkingDays(date: LocalDate, n: number, calendar: WorkingDayCalendar = {}): LocalDate {
  if (n === 0 && isWorkingDay(date, calendar)) return date;
  let day = dayOf(date);
  if (n === 0) {
    do day += 1;
    while (!isWorkingDayNumber(day, calendar));
    return dateOf(day);
  }
  if (!(n > 0)) return date;
  for (let left = n; left > 0;) {
    day += 1;
    if (isWorkingDayNumber(day, calendar)) left -= 1;
  }
  return dateOf(day);
}

/** Working days from `from` (exclusive) to `to` (inclusive); negative when `to` is before `from`. */
export function workingDaysBetween(
  from: LocalDate,
  to: LocalDate,
  calendar: WorkingDayCalendar = {},
): number {
  if (to < from) return -workingDaysBetween(to, from, calendar);
  let count = 0;
  for (let day = dayOf(from) + 1; dateOf(day) <= to; day += 1)
    if (isWorkingDayNumber(day, calendar)) count += 1;
  return count;
}

/** UK clocks: GMT, and BST (UTC+1) from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October. */
function londonOffsetMs(utcMs: number): number {
  const [start, end] = summerTime(yearOf(Math.floor(utcMs / DAY_MS)));
  return utcMs >= start && utcMs < end ? 3_600_000 : 0;
}

/** The UTC instants (ms) British Summer Time starts and ends in a year. */
const summerTime = memo((year: number): readonly [number, number] => {
  const lastSunday = (month: number) => {
    const last = dateOf(Date.UTC(year, month, 0) / DAY_MS);
    return dayOf(addDays(last, -dayOfWeek(last))) * DAY_MS;
  };
  return [lastSunday(3) + 3_600_000, lastSunday(10) + 3_600_000];
});

/**
 * `Date.parse(instant)`, read straight from the digits when the instant is in the form the domain writes
 * (`2026-11-23T10:15:00.000Z`, fields in range); any other form goes to `Date.parse`. The rules compare
 * instants after every step, and `Date.parse` costs several times a decision's own work.
 */
export function instantMs(instant: Instant): number {
  if (
    instant.length !== 24 ||
    instant.charCodeAt(4) !== 45 || // -
    instant.charCodeAt(7) !== 45 ||
    instant.charCodeAt(10) !== 84 || // T
    instant.charCodeAt(13) !== 58 || // :
    instant.charCodeAt(16) !== 58 ||
    instant.charCodeAt(19) !== 46 || // .
    instant.charCodeAt(23) !== 90 // Z
  )
    return Date.parse(instant);
  const year = digitsAt(instant, 0, 4);
  const month = digitsAt(instant, 5, 7);
  const day = digitsAt(instant, 8, 10);
  const hours = digitsAt(instant, 11, 13);
  const minutes = digitsAt(instant, 14, 16);
  const seconds = digitsAt(instant, 17, 19);
  const ms = digitsAt(instant, 20, 23);
  if (
    year < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > 31 ||
    hours < 0 ||
    hours > 23 ||
    minutes < 0 ||
    minutes > 59 ||
    seconds < 0 ||
    seconds > 59 ||
    ms < 0
  )
    return Date.parse(instant);
  return daysFromCivil(year, month, day) * DAY_MS + ((hours * 60 + minutes) * 60 + seconds) * 1000 + ms;
}

/** The date in England and Wales at an instant. */
export function londonDate(instant: Instant): LocalDate {
  const ms = instantMs(instant);
  return dateOf(Math.floor((ms + londonOffsetMs(ms)) / DAY_MS));
}

/** The instant a London calendar day begins (midnight local time). */
export const startOfLondonDay = memo((date: LocalDate): Instant => {
  const utcMidnight = dayOf(date) * DAY_MS;
  const guess = utcMidnight - londonOffsetMs(utcMidnight);
  return new Date(utcMidnight - londonOffsetMs(guess)).toISOString();
});

/** The instant a London calendar day ends: deadlines "by the end of day D" fall due here. */
export function endOfLondonDay(date: LocalDate): Instant {
  return startOfLondonDay(addDays(date, 1));
}

export function addMs(instant: Instant, ms: number): Instant {
  return new Date(instantMs(instant) + ms).toISOString();
}
