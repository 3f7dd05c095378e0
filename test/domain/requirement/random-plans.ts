import { fc } from '@fast-check/vitest';
import { addDays, addMonths } from '../../../domain/calendar';
import type { RequirementImposition } from '../../../domain/links';
import { atrImposition, drrImposition, mhtrImposition } from './fixtures';

/** One step of a random run: what to try, two free choices, and how far the clock moves first. */
export interface Intent {
  kind: number;
  a: number;
  b: number;
  advanceHours: number;
  tick: boolean;
}

export const intents = fc.array(
  fc.record({
    kind: fc.nat({ max: 40 }),
    a: fc.nat({ max: 10_000 }),
    b: fc.nat({ max: 10_000 }),
    advanceHours: fc.integer({ min: 0, max: 24 * 12 }),
    tick: fc.boolean(),
  }),
  { minLength: 10, maxLength: 70 },
);

const SENTENCE = '2026-02-02';

/** Valid impositions of each type, 1 to 23 months long; DRRs over 12 months always provide for review. */
export const impositions: fc.Arbitrary<RequirementImposition> = fc
  .record({
    type: fc.constantFrom('DRR', 'DRR-reviewed', 'DRR-reviewed', 'ATR', 'MHTR'),
    months: fc.integer({ min: 1, max: 23 }),
    variant: fc.nat(),
  })
  .map(({ type, months, variant }) => {
    const periods = [{ start: SENTENCE, end: addDays(addMonths(SENTENCE, months), -1) }];
    const odd = variant % 2 === 1;
    if (type === 'ATR')
      return atrImposition({ periods, mode: odd ? 'RESIDENT' : 'PRACTITIONER_BASED', place: 'Unit 1' });
    if (type === 'MHTR')
      return mhtrImposition({ periods, mode: odd ? 'IN_PATIENT' : 'PRACTITIONER_BASED', place: 'Maudsley' });
    const firstReviewDate = addMonths(SENTENCE, odd ? 2 : 1);
    const review = {
      firstReviewDate,
      intervalMonths: 1 + (variant % 3),
      mode: 'HEARING',
      offenderMustAttend: true,
    } as const;
    const reviewed = (type === 'DRR-reviewed' || months > 12) && firstReviewDate <= periods[0]!.end;
    return drrImposition(reviewed ? { periods, review } : { periods });
  });
