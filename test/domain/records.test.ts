import { fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { type EventRecord, SYSTEM_ACTOR, sentRecord, storedRecord } from '../../domain/records';

const instant = fc
  .date({ min: new Date('2020-01-01'), max: new Date('2040-01-01'), noInvalidDate: true })
  .map((d) => d.toISOString());

const record = fc
  .record({
    id: fc.uuid(),
    occurredAt: instant,
    at: fc.option(instant, { nil: undefined }),
    same: fc.boolean(),
  })
  .map(({ id, occurredAt, at, same }): EventRecord => {
    const event = at === undefined ? { type: 'Unstamped' } : { type: 'Stamped', at: same ? occurredAt : at };
    return { id, occurredAt, actor: SYSTEM_ACTOR, event };
  });

describe('a record sent to be stored (issue 15)', () => {
  it('is sent without its time when that is its event’s own `at`, and only then', () => {
    const record: EventRecord = {
      id: 'e1',
      occurredAt: '2027-06-30T11:00:00.003Z',
      actor: SYSTEM_ACTOR,
      event: { type: 'OutcomeRecorded', at: '2027-06-30T11:00:00.003Z' } as { type: string },
    };
    expect(sentRecord(record)).not.toHaveProperty('occurredAt');
    const later = { ...record, occurredAt: '2027-06-30T11:00:01.000Z' };
    expect(sentRecord(later)).toEqual(later);
    expect(sentRecord({ ...record, event: { type: 'Unstamped' } })).toHaveProperty('occurredAt');
  });

  it('is stored as the record it was sent for', () => {
    fc.assert(
      fc.property(record, (r) => {
        expect(storedRecord(sentRecord(r), { id: () => 'unused' })).toEqual(r);
      }),
    );
  });

  it('without a time or an `at` is refused', () => {
    expect(() =>
      storedRecord({ id: 'e1', actor: SYSTEM_ACTOR, event: { type: 'Unstamped' } }, { id: () => 'unused' }),
    ).toThrow(/e1 was sent without its time/);
  });
});
