import { describe, expect, it } from 'vitest';
import { RecordSentence } from '../../domain/order/commands/sentence';
import { sentenceFieldOf, sentenceFromForm, withoutRow } from '../../web/forms/sentence';

// The sentence form's answers as the RecordSentence body, and the domain's pointers back to its questions.

const DRR = '6f1c1c84-6d0b-4b1e-9a8e-0d6f8a1d2b01';
const MHTR = '6f1c1c84-6d0b-4b1e-9a8e-0d6f8a1d2b02';

const date = (name: string, day: string) => {
  const [y, m, d] = day.split('-');
  return { [`${name}-day`]: d, [`${name}-month`]: m, [`${name}-year`]: y };
};

const drrRow = {
  'r0-requirementId': DRR,
  'r0-mode': 'NON_RESIDENT',
  ...date('r0-start', '2027-01-04'),
  ...date('r0-end', '2027-07-03'),
  'r0-treatmentDirector': 'Dr A Director',
  'r0-place': 'Lambeth Drug Service',
  'r0-intervals': 'weekly',
};
const mhtrRow = {
  'r1-requirementId': MHTR,
  'r1-mode': 'PRACTITIONER_BASED',
  ...date('r1-start', '2027-01-04'),
  ...date('r1-end', '2027-07-03'),
  'r1-practitioner': 'Dr R Hughes',
};
const communityOrder = {
  orderType: 'COMMUNITY_ORDER',
  ...date('sentenceDate', '2027-01-04'),
  ...date('endDate', '2028-01-03'),
  // Typed under the other order type: not sent.
  custodialTermMonths: '6',
};

describe('the sentence form', () => {
  it('makes a RecordSentence body of a DRR with reviews, an MHTR and unpaid work, sending only the order type’s own fields', () => {
    const posted = {
      ...communityOrder,
      requirementRows: '2',
      otherRows: '1',
      ...drrRow,
      'r0-reviewed': 'yes',
      ...date('r0-firstReviewDate', '2027-02-04'),
      'r0-intervalMonths': '1',
      ...mhtrRow,
      'o0-type': 'UNPAID_WORK',
      'o0-hours': '100',
    };
    const { body, errors } = sentenceFromForm(posted, [DRR, MHTR]);
    expect(errors).toEqual([]);
    expect(body).toEqual({
      outcome: 'CSTR_IMPOSED',
      orderType: 'COMMUNITY_ORDER',
      sentenceDate: '2027-01-04',
      endDate: '2028-01-03',
      requirements: [
        {
          requirementId: DRR,
          mode: 'NON_RESIDENT',
          periods: [{ start: '2027-01-04', end: '2027-07-03' }],
          treatmentDirector: 'Dr A Director',
          place: 'Lambeth Drug Service',
          intervals: 'weekly',
          review: { firstReviewDate: '2027-02-04', intervalMonths: 1 },
        },
        {
          requirementId: MHTR,
          mode: 'PRACTITIONER_BASED',
          periods: [{ start: '2027-01-04', end: '2027-07-03' }],
          practitioner: 'Dr R Hughes',
        },
      ],
      otherRequirements: [{ type: 'UNPAID_WORK', hours: 100 }],
    });
    expect(RecordSentence.safeParse({ type: 'RecordSentence', ...body }).success).toBe(true);
  });

  it('asks for the review’s date and interval once the order provides for reviews', () => {
    const { errors } = sentenceFromForm(
      { ...communityOrder, requirementRows: '1', ...drrRow, 'r0-reviewed': 'yes' },
      [DRR],
    );
    expect(errors.map((e) => [e.field, e.href])).toEqual([
      ['r0-firstReviewDate', '#r0-firstReviewDate-day'],
      ['r0-intervalMonths', '#r0-intervalMonths'],
    ]);
  });

  it('refuses a requirement that is not one the proposal put to the court', () => {
    const { errors } = sentenceFromForm({ ...communityOrder, requirementRows: '1', ...drrRow }, [MHTR]);
    expect(errors.map((e) => e.field)).toEqual(['r0-requirementId']);
  });

  it('takes out a fieldset and moves those after it up, keeping what was typed', () => {
    const posted = { formToken: 'token-1234', ...drrRow, ...mhtrRow };
    const left = withoutRow(posted, 'r', 0);
    expect(left).toEqual({
      formToken: 'token-1234',
      ...Object.fromEntries(Object.entries(mhtrRow).map(([k, v]) => [k.replace(/^r1-/, 'r0-'), v])),
    });
  });

  it('links each of the domain’s pointers to the question it is about', () => {
    const rows = { requirements: 2, others: 1 };
    const at = (pointer: string) => sentenceFieldOf(pointer, rows)?.href;
    expect(at('/requirements/0/review/firstReviewDate')).toBe('#r0-firstReviewDate-day');
    expect(at('/requirements/0/review')).toBe('#r0-reviewed');
    expect(at('/requirements/1/periods/0/end')).toBe('#r1-end-day');
    expect(at('/requirements/1/practitioner')).toBe('#r1-practitioner');
    expect(at('/requirements/1/careLevel')).toBe('#r1-requirementId');
    expect(at('/otherRequirements/0/hours')).toBe('#o0-hours');
    expect(at('/endDate')).toBe('#endDate-day');
    expect(at('/outcome')).toBe('#orderType');
  });
});
