import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from '../../domain/bank-holidays';
import {
  addDays,
  addMonths,
  addWorkingDays,
  dayOfWeek,
  daysBetween,
  endOfLondonDay,
  instantMs,
  isBankHoliday,
  isWorkingDay,
  londonDate,
  standingBankHolidays,
  startOfLondonDay,
  workingDaysBetween,
} from '../../domain/calendar';

const dates = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

const digits = (n: number) => fc.integer({ min: 0, max: 10 ** n - 1 }).map((d) => String(d).padStart(n, '0'));

/** Dates as the domain writes them, dates with fields out of range, and text in other forms. */
const anyDates = fc.oneof(
  dates,
  fc
    .tuple(
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 31 }),
    )
    .map(([y, m, d]) =>
      [String(y).padStart(4, '0'), String(m).padStart(2, '0'), String(d).padStart(2, '0')].join('-'),
    ),
  fc.tuple(digits(4), digits(2), digits(2)).map((parts) => parts.join('-')),
  fc.string(),
  fc.constantFrom(
    '2027-1-5',
    '2027-01-05T00:00:00.000Z',
    ' 2027-01-05',
    '2027/01/05',
    '0099-12-31',
    '0100-01-01',
  ),
);

const DAY_MS = 86_400_000;

// The calendar as it was computed through Date (before it read dates from their digits and stepped day
// numbers): the day arithmetic must answer exactly as this does, or fail where this fails.
const dateOfMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const utcMsOf = (date: string) =>
  Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
const throughDate = {
  addDays: (date: string, days: number) => dateOfMs(utcMsOf(date) + days * DAY_MS),
  addMonths: (date: string, months: number) => {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    const target = new Date(Date.UTC(y, m - 1 + months, 1));
    const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
    return dateOfMs(Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(d, lastDay)));
  },
  daysBetween: (from: string, to: string) => Math.round((utcMsOf(to) - utcMsOf(from)) / DAY_MS),
  dayOfWeek: (date: string) => (((utcMsOf(date) / DAY_MS + 4) % 7) + 7) % 7,
  addWorkingDays: (date: string, n: number) => {
    let d = date;
    const working = (x: string) => {
      const dow = throughDate.dayOfWeek(x);
      return dow !== 0 && dow !== 6 && !isBankHoliday(x);
    };
    if (n === 0) {
      while (!working(d)) d = throughDate.addDays(d, 1);
      return d;
    }
    for (let left = n; left > 0;) {
      d = throughDate.addDays(d, 1);
      if (working(d)) left -= 1;
    }
    return d;
  },
};

/** What a call answers, or the kind of error it throws. */
function outcome<T>(call: () => T): { value: T } | { threw: string } {
  try {
    return { value: call() };
  } catch (e) {
    return { threw: (e as Error).constructor.name };
  }
}

const london = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

describe('calendar', () => {
  // A fast path for Date.parse must answer exactly as Date.parse: in range, out of range, and in other forms.
  test.prop([
    fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc
        .tuple(digits(4), digits(2), digits(2), digits(2), digits(2), digits(2), digits(3))
        .map(([y, mo, d, h, mi, s, ms]) => `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`),
      fc.string(),
      fc.constantFrom('2027-02-29T00:00:00.000Z', '2028-02-30T23:59:59.999Z', '2027-04-31T24:00:00.000Z'),
      fc.constantFrom('2027-01-04T10:00:00Z', '2027-01-04T10:00:00.000+01:00', '0099-12-31T00:00:00.000Z'),
    ),
  ])('reads an instant as Date.parse does', (instant) => {
    expect(instantMs(instant)).toBe(Date.parse(instant));
  });

  test.prop([anyDates, fc.integer({ min: -4000, max: 4000 })])(
    'steps days and months as Date does, from any text',
    (date, n) => {
      expect(outcome(() => addDays(date, n))).toEqual(outcome(() => throughDate.addDays(date, n)));
      expect(outcome(() => addMonths(date, n))).toEqual(outcome(() => throughDate.addMonths(date, n)));
      expect(outcome(() => addMonths(date, n / 8))).toEqual(
        outcome(() => throughDate.addMonths(date, n / 8)),
      );
    },
  );

  test.prop([anyDates, anyDates])('counts days between dates and finds weekdays as Date does', (a, b) => {
    expect(daysBetween(a, b)).toBe(throughDate.daysBetween(a, b));
    expect(dayOfWeek(a)).toBe(throughDate.dayOfWeek(a));
  });

  // Stepping the text, a date past the year 9999 (+010000-01-01) was read again as the year 10: below it,
  // whatever the fields.
  test.prop([
    fc.oneof(
      dates,
      anyDates.filter((d) => /^[0-8]\d{3}-/.test(d)),
    ),
    fc.integer({ min: -3, max: 30 }),
  ])('counts working days as stepping a date at a time does', (date, n) => {
    expect(outcome(() => addWorkingDays(date, n))).toEqual(
      outcome(() => throughDate.addWorkingDays(date, n)),
    );
  });

  // Europe/London in the time zone database follows the rule the calendar applies from 1996 on.
  test.prop([
    fc.date({
      min: new Date('1996-01-01T00:00:00Z'),
      max: new Date('2199-12-31T23:59:59Z'),
      noInvalidDate: true,
    }),
  ])('knows the London date of any instant', (at) => {
    expect(londonDate(at.toISOString())).toBe(london.format(at));
  });

  it('clamps month arithmetic to the end of the month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-03-22', 36)).toBe('2029-03-22');
    expect(addMonths('2026-12-15', -12)).toBe('2025-12-15');
  });

  it('counts working days over weekends and bank holidays', () => {
    // Friday 3 April 2026 is Good Friday and Monday 6 April Easter Monday.
    expect(addWorkingDays('2026-04-02', 1)).toBe('2026-04-07');
    expect(addWorkingDays('2026-11-20', 10)).toBe('2026-12-04');
    // Christmas 2026: Friday 25th, Boxing Day substitute Monday 28th.
    expect(addWorkingDays('2026-12-24', 1)).toBe('2026-12-29');
    expect(addWorkingDays('2026-12-26', 0)).toBe('2026-12-29');
    expect(workingDaysBetween('2026-12-24', '2026-12-29')).toBe(1);
  });

  it('derives the shipped years from the standing rules, except for one-off holidays', () => {
    for (const year of [2021, 2024, 2025, 2026, 2027, 2028, 2029, 2030]) {
      expect(standingBankHolidays(year), String(year)).toEqual(ENGLAND_AND_WALES_BANK_HOLIDAYS[year]);
    }
    expect(standingBankHolidays(2023)).not.toContain('2023-05-08'); // the Coronation, a one-off
    expect(standingBankHolidays(2020)).not.toContain('2020-05-08'); // VE Day, moved once
  });

  it('takes extra bank holidays from configuration', () => {
    expect(isWorkingDay('2031-06-02')).toBe(true);
    expect(isWorkingDay('2031-06-02', { extraBankHolidays: ['2031-06-02'] })).toBe(false);
  });

  it('knows the London date of an instant across British Summer Time', () => {
    expect(londonDate('2026-06-30T23:30:00Z')).toBe('2026-07-01');
    expect(londonDate('2026-12-31T23:30:00Z')).toBe('2026-12-31');
    expect(startOfLondonDay('2026-07-01')).toBe('2026-06-30T23:00:00.000Z');
    expect(startOfLondonDay('2026-03-29')).toBe('2026-03-29T00:00:00.000Z');
    expect(endOfLondonDay('2026-10-25')).toBe('2026-10-26T00:00:00.000Z');
  });

  test.prop([dates, fc.integer({ min: 0, max: 40 })])(
    'n working days later is a working day n days on',
    (d, n) => {
      const later = addWorkingDays(d, n);
      expect(isWorkingDay(later)).toBe(true);
      expect(workingDaysBetween(d, later)).toBe(isWorkingDay(d) || n > 0 ? n : 1);
    },
  );

  test.prop([dates])('a London day starts at its own midnight', (d) => {
    expect(londonDate(startOfLondonDay(d))).toBe(d);
    expect(londonDate(new Date(Date.parse(endOfLondonDay(d)) - 1).toISOString())).toBe(d);
    expect(addDays(d, 1) > d).toBe(true);
  });
});
