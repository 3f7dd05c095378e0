import { describe, expect, it } from 'vitest';
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
});
