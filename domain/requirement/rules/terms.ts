import { addMonths, type LocalDate } from '../../calendar';
import type { DomainConfig } from '../../config';
import { type Refusal, type Rejection, ruleViolation } from '../../core';
import type { RequirementImposition } from '../../links';
import type { Period } from '../../primitives';
import { ATR_MODES, DRR_MODES, MHTR_MODES, isOneOf } from '../../vocabulary';
import { comprisesMoreThanTwelveMonths, lastPeriodEnd } from './periods';

// The terms a court must fix when it imposes an MHTR, a DRR or an ATR. Pointers are relative to
// the requirement entry of the sentence body.

/** The high-security hospitals in England (Wales has none): an in-patient MHTR may not name them (R8). */
const HIGH_SECURITY_HOSPITALS = ['broadmoor', 'rampton', 'ashworth'];

function blank(value: string | undefined): boolean {
  return value === undefined || value.trim() === '';
}

function checkPeriods(
  periods: readonly Period[],
  sentenceDate: LocalDate,
  orderEndDate: LocalDate,
): Refusal | null {
  for (const [i, p] of periods.entries()) {
    if (p.end < p.start)
      return ruleViolation(
        'period-ends-before-start',
        'A period cannot end before it starts.',
        `/periods/${i}/end`,
      );
    if (p.start < sentenceDate)
      return ruleViolation(
        'period-before-sentence',
        'A period cannot start before the sentence.',
        `/periods/${i}/start`,
      );
    if (p.end > orderEndDate)
      return ruleViolation(
        'r13-period-beyond-order-end',
        "A requirement runs at most to the order's end date (the SSO supervision period's end).",
        `/periods/${i}/end`,
      );
    const previous = periods[i - 1];
    if (previous && p.start <= previous.end)
      return ruleViolation(
        'periods-overlap-or-out-of-order',
        'Separate periods must be in date order and must not overlap.',
        `/periods/${i}/start`,
      );
  }
  return null;
}

function checkMhtr(imposition: RequirementImposition): Refusal | null {
  const { mode, place, practitioner } = imposition;
  if (!isOneOf(MHTR_MODES, mode))
    return ruleViolation(
      'mode-not-for-type',
      'An MHTR is in-patient, institution-based out-patient or practitioner-based.',
      '/mode',
    );
  if (mode === 'PRACTITIONER_BASED') {
    if (blank(practitioner))
      return ruleViolation(
        'r8-practitioner-required',
        'A practitioner-based MHTR names the registered medical practitioner and/or registered psychologist.',
        '/practitioner',
      );
    return null;
  }
  if (blank(place))
    return ruleViolation(
      'r8-place-required',
      mode === 'IN_PATIENT'
        ? 'An in-patient MHTR names the care home or hospital.'
        : 'An institution-based MHTR names the institution or place.',
      '/place',
    );
  const named = (place ?? '').toLowerCase();
  if (mode === 'IN_PATIENT' && HIGH_SECURITY_HOSPITALS.some((h) => named.includes(h)))
    return ruleViolation(
      'r8-high-security-premises',
      'An in-patient MHTR cannot be at high-security premises.',
      '/place',
    );
  return null;
}

function checkDrr(imposition: RequirementImposition, config: DomainConfig): Refusal | null {
  const { mode, periods, review, sentenceDate } = imposition;
  if (!isOneOf(DRR_MODES, mode))
    return ruleViolation('mode-not-for-type', 'A DRR is resident or non-resident.', '/mode');
  if (blank(imposition.treatmentDirector))
    return ruleViolation(
      'drr-treatment-director-required',
      'A DRR names its treatment director.',
      '/treatmentDirector',
    );
  if (blank(imposition.place))
    return ruleViolation('drr-place-required', 'A DRR names the place of treatment.', '/place');
  if (mode === 'NON_RESIDENT' && blank(imposition.intervals))
    return ruleViolation(
      'drr-intervals-required',
      'A non-resident DRR states the intervals of treatment.',
      '/intervals',
    );
  if (!review) {
    if (comprisesMoreThanTwelveMonths(periods, config))
      return ruleViolation(
        'r10-review-provision-required',
        'A DRR whose treatment and testing period (the sum of its periods) is more than 12 months must provide for reviews.',
        '/review',
      );
    return null;
  }
  if (review.firstReviewDate < addMonths(sentenceDate, 1))
    return ruleViolation(
      'r11-first-review-too-soon',
      'The first review is at least one month after the sentence.',
      '/review/firstReviewDate',
    );
  if (review.intervalMonths < 1)
    return ruleViolation(
      'r11-review-interval-too-short',
      'Reviews are at least one month apart.',
      '/review/intervalMonths',
    );
  if (review.firstReviewDate > lastPeriodEnd(periods))
    return ruleViolation(
      'review-after-requirement-end',
      'The first review falls within the treatment and testing period.',
      '/review/firstReviewDate',
    );
  return null;
}

function checkAtr(imposition: RequirementImposition): Refusal | null {
  const { mode } = imposition;
  if (!isOneOf(ATR_MODES, mode))
    return ruleViolation(
      'mode-not-for-type',
      'An ATR is resident, institution-based or practitioner-based.',
      '/mode',
    );
  if (blank(imposition.treatmentDirector))
    return ruleViolation(
      'atr-treatment-director-required',
      'An ATR names its treatment director.',
      '/treatmentDirector',
    );
  if ((mode === 'RESIDENT' || mode === 'INSTITUTION_BASED') && blank(imposition.place))
    return ruleViolation(
      'atr-place-required',
      'A resident or institution-based ATR names the place.',
      '/place',
    );
  return null;
}

function checkTerms(imposition: RequirementImposition, config: DomainConfig): Refusal | null {
  const periods = checkPeriods(imposition.periods, imposition.sentenceDate, imposition.orderEndDate);
  if (periods) return periods;
  if (imposition.review && imposition.type !== 'DRR')
    return ruleViolation(
      'review-provision-only-for-drr',
      'Only a DRR carries a review provision.',
      '/review',
    );
  if (imposition.type === 'MHTR') return checkMhtr(imposition);
  if (imposition.type === 'DRR') return checkDrr(imposition, config);
  return checkAtr(imposition);
}

/** The type-specific terms at sentence: null when the court may impose the requirement like this. */
export function checkImposition(imposition: RequirementImposition, config: DomainConfig): Rejection | null {
  return checkTerms(imposition, config)?.rejection ?? null;
}
