import { describe, expect, it } from 'vitest';
import { deadlineText } from '../../web/presenters/worklist';
import { govukDate, govukTime } from '../../web/render';

describe('dates and times on the pages, as GOV.UK writes them (London time)', () => {
  it('writes times as 9am, 2:30pm, midday and midnight', () => {
    expect(govukTime(new Date('2027-01-15T09:00:00Z'))).toBe('9am');
    expect(govukTime(new Date('2027-01-15T14:30:00Z'))).toBe('2:30pm');
    expect(govukTime(new Date('2027-01-15T12:00:00Z'))).toBe('midday');
    expect(govukTime(new Date('2027-01-15T00:00:00Z'))).toBe('midnight');
    expect(govukTime(new Date('2027-01-15T00:05:00Z'))).toBe('12:05am');
    // British Summer Time: 08:00 UTC is 9am in London.
    expect(govukTime(new Date('2027-07-15T08:00:00Z'))).toBe('9am');
  });

  it('writes a date with its time, and a deadline at London midnight as its day alone', () => {
    expect(govukDate('2027-03-27T14:30:00Z', true)).toBe('27 March 2027, 2:30pm');
    expect(govukDate('2027-03-27T00:00:00Z', true)).toBe('27 March 2027');
    expect(govukDate('2027-07-01T23:00:00Z', true)).toBe('2 July 2027');
    expect(govukDate('2027-03-27')).toBe('27 March 2027');
    expect(govukDate('2027-03-27T14:30:00Z')).toBe('27 March 2027');
  });

  it('writes the same date the same way each time it is asked, as a string or a Date', () => {
    expect(govukDate('2027-03-27T14:30:00Z', true)).toBe('27 March 2027, 2:30pm');
    expect(govukDate(new Date('2027-03-27T14:30:00Z'), true)).toBe('27 March 2027, 2:30pm');
    expect(govukDate('2027-03-27T14:30:00Z')).toBe('27 March 2027');
  });

  it('writes the days in a deadline’s description as GOV.UK dates', () => {
    expect(deadlineText('Order ends on 2027-03-05')).toBe('Order ends on 5 March 2027');
    expect(deadlineText('Warning of 2027-01-04 expires')).toBe('Warning of 4 January 2027 expires');
    expect(deadlineText('Record the appointment’s outcome.')).toBe('Record the appointment’s outcome.');
  });
});
