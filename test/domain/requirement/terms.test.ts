import { fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysBetween } from '../../../domain/calendar';
import { DEFAULT_CONFIG } from '../../../domain/config';
import { checkImposition, impositionNotices } from '../../../domain/requirement';
import { SENTENCE_DATE, atrImposition, drrImposition, mhtrImposition } from './fixtures';

const check = (i: Parameters<typeof checkImposition>[0]) => checkImposition(i, DEFAULT_CONFIG);

describe('terms at sentence', () => {
  it('R8: an MHTR is by or under a named practitioner, or at a named place that is not high-security', () => {
    expect(check(mhtrImposition())).toBeNull();
    expect(check(mhtrImposition({ practitioner: ' ' }))).toMatchObject({
      code: 'r8-practitioner-required',
      kind: 'RULE_VIOLATION',
      field: '/practitioner',
    });
    expect(check(mhtrImposition({ mode: 'IN_PATIENT', place: 'Maudsley Hospital, ward 3' }))).toBeNull();
    expect(check(mhtrImposition({ mode: 'IN_PATIENT', place: 'Broadmoor Hospital' }))).toMatchObject({
      code: 'r8-high-security-premises',
      field: '/place',
    });
    expect(check(mhtrImposition({ mode: 'INSTITUTION_OUTPATIENT' }))).toMatchObject({
      code: 'r8-place-required',
    });
    expect(
      impositionNotices(mhtrImposition({ mode: 'IN_PATIENT', place: 'Maudsley' }), DEFAULT_CONFIG),
    ).toHaveLength(1);
  });

  it('a mode belongs to its requirement type', () => {
    expect(check(mhtrImposition({ mode: 'NON_RESIDENT' }))).toMatchObject({
      code: 'mode-not-for-type',
      field: '/mode',
    });
    expect(check(drrImposition({ mode: 'INSTITUTION_BASED' }))).toMatchObject({ code: 'mode-not-for-type' });
    expect(check(atrImposition({ mode: 'IN_PATIENT' }))).toMatchObject({ code: 'mode-not-for-type' });
  });

  it('a DRR names its treatment director and place, and intervals when non-resident', () => {
    expect(check(drrImposition())).toBeNull();
    expect(check(drrImposition({ treatmentDirector: undefined }))).toMatchObject({
      code: 'drr-treatment-director-required',
      field: '/treatmentDirector',
    });
    expect(check(drrImposition({ place: '' }))).toMatchObject({
      code: 'drr-place-required',
      field: '/place',
    });
    expect(check(drrImposition({ intervals: undefined }))).toMatchObject({ code: 'drr-intervals-required' });
    expect(check(drrImposition({ mode: 'RESIDENT', intervals: undefined }))).toBeNull();
  });

  it('R10: a DRR of more than 12 months must provide for review; exactly 12 months need not', () => {
    const twelve = [{ start: '2026-02-02', end: '2027-02-02' }];
    expect(check(drrImposition({ periods: twelve }))).toBeNull();
    expect(impositionNotices(drrImposition({ periods: twelve }), DEFAULT_CONFIG)).toHaveLength(1);
    const longer = [{ start: '2026-02-02', end: '2027-02-03' }];
    expect(check(drrImposition({ periods: longer }))).toMatchObject({
      code: 'r10-review-provision-required',
      kind: 'RULE_VIOLATION',
      field: '/review',
    });
    const review = {
      firstReviewDate: '2026-03-02',
      intervalMonths: 1,
      mode: 'HEARING',
      offenderMustAttend: true,
    } as const;
    expect(check(drrImposition({ periods: longer, review }))).toBeNull();
  });

  it('R10: separate periods count as their sum, gaps left out: two six-month periods need no review; a day more does', () => {
    const first = { start: '2026-02-02', end: '2026-08-01' };
    // 181 + 185 days: laid end to end from 2026-02-02 they end on 2027-02-02, exactly 12 months.
    const twelve = [first, { start: '2026-09-02', end: '2027-03-05' }];
    expect(check(drrImposition({ periods: twelve }))).toBeNull();
    const longer = [first, { start: '2026-09-02', end: '2027-03-06' }];
    expect(check(drrImposition({ periods: longer }))).toMatchObject({
      code: 'r10-review-provision-required',
      kind: 'RULE_VIOLATION',
      field: '/review',
    });
    // Before the correction the span from first start to last end was measured: replayed decisions keep it.
    const before = { ...DEFAULT_CONFIG, lawBeforeCorrections: true };
    expect(checkImposition(drrImposition({ periods: twelve }), before)?.code).toBe(
      'r10-review-provision-required',
    );
  });

  it('R10: for any separate periods, review is required exactly when their days together exceed 12 months', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ gap: fc.integer({ min: 1, max: 30 }), days: fc.integer({ min: 1, max: 150 }) }),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        (parts) => {
          const periods: { start: string; end: string }[] = [];
          let cursor = addDays(SENTENCE_DATE, -1);
          let total = 0;
          for (const { gap, days } of parts) {
            const start = addDays(cursor, periods.length === 0 ? 1 : gap + 1);
            cursor = addDays(start, days - 1);
            periods.push({ start, end: cursor });
            total += days;
          }
          const limit = daysBetween(SENTENCE_DATE, addMonths(SENTENCE_DATE, 12)) + 1;
          const refused = check(drrImposition({ periods }))?.code === 'r10-review-provision-required';
          expect(refused).toBe(total > limit);
        },
      ),
    );
  });

  it('R11: the first review is at least a month after sentence, and reviews at least a month apart', () => {
    const review = {
      firstReviewDate: '2026-03-01',
      intervalMonths: 1,
      mode: 'HEARING',
      offenderMustAttend: true,
    } as const;
    expect(check(drrImposition({ review }))).toMatchObject({
      code: 'r11-first-review-too-soon',
      field: '/review/firstReviewDate',
    });
    expect(check(drrImposition({ review: { ...review, firstReviewDate: '2026-03-02' } }))).toBeNull();
    expect(
      check(drrImposition({ review: { ...review, firstReviewDate: '2026-03-02', intervalMonths: 0 } })),
    ).toMatchObject({ code: 'r11-review-interval-too-short', field: '/review/intervalMonths' });
    expect(check(atrImposition({ review }))).toMatchObject({ code: 'review-provision-only-for-drr' });
  });

  it('R13: a DRR has no minimum length and runs at most to the order end', () => {
    expect(check(drrImposition({ periods: [{ start: '2026-02-02', end: '2026-02-20' }] }))).toBeNull();
    const review = {
      firstReviewDate: '2026-03-02',
      intervalMonths: 1,
      mode: 'HEARING',
      offenderMustAttend: true,
    } as const;
    expect(
      check(drrImposition({ review, periods: [{ start: '2026-02-02', end: '2028-02-01' }] })),
    ).toBeNull();
    expect(
      check(drrImposition({ review, periods: [{ start: '2026-02-02', end: '2028-02-02' }] })),
    ).toMatchObject({
      code: 'r13-period-beyond-order-end',
      field: '/periods/0/end',
    });
  });

  it('separate periods are ordered, do not overlap and lie between sentence and order end', () => {
    const ok = [
      { start: '2026-02-02', end: '2026-04-30' },
      { start: '2026-05-01', end: '2026-09-30' },
    ];
    expect(check(atrImposition({ periods: ok }))).toBeNull();
    expect(
      check(atrImposition({ periods: [ok[0]!, { start: '2026-04-30', end: '2026-09-30' }] })),
    ).toMatchObject({
      code: 'periods-overlap-or-out-of-order',
      field: '/periods/1/start',
    });
    expect(check(atrImposition({ periods: [{ start: '2026-02-01', end: '2026-09-30' }] }))).toMatchObject({
      code: 'period-before-sentence',
      field: '/periods/0/start',
    });
    expect(check(atrImposition({ periods: [{ start: '2026-05-01', end: '2026-04-30' }] }))).toMatchObject({
      code: 'period-ends-before-start',
    });
  });

  it('an ATR names its treatment director, and a place when resident or institution-based; short ATRs only warn', () => {
    expect(check(atrImposition({ treatmentDirector: undefined }))).toMatchObject({
      code: 'atr-treatment-director-required',
    });
    expect(check(atrImposition({ mode: 'RESIDENT' }))).toMatchObject({
      code: 'atr-place-required',
      field: '/place',
    });
    expect(check(atrImposition({ mode: 'RESIDENT', place: 'Kenward Trust' }))).toBeNull();
    const short = atrImposition({ periods: [{ start: '2026-02-02', end: '2026-05-01' }] });
    expect(check(short)).toBeNull();
    expect(impositionNotices(short, DEFAULT_CONFIG)[0]).toMatch(/shorter than 6 months/);
  });
});
