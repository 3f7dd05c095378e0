import { addYears, type LocalDate } from '../../calendar';
import type { DomainConfig } from '../../config';
import { type Refusal, ruleViolation } from '../../core';
import type { RecordSentence } from '../commands/sentence';
import {
  CO_MAX_YEARS,
  custodialTermDays,
  lastDayOfMonths,
  maxSuspendableMonths,
  presumptionToSuspendApplies,
  SSO_PERIOD_MIN_MONTHS,
} from './limits';

// R2, R4, R5: the order's own terms at sentence.

export interface OrderTerms {
  orderType: 'COMMUNITY_ORDER' | 'SUSPENDED_SENTENCE_ORDER';
  sentenceDate: LocalDate;
  endDate: LocalDate;
  operationalPeriodEndDate: LocalDate | null;
  custodialTermMonths: number | null;
  presumptionToSuspendApplied: boolean;
}

function communityOrder(c: RecordSentence, sentenceDate: LocalDate): OrderTerms | Refusal {
  for (const field of ['custodialTermMonths', 'operationalPeriodMonths', 'supervisionPeriodMonths'] as const)
    if (c[field] !== undefined)
      return ruleViolation(
        'field-not-for-order-type',
        'A community order has no custodial term or periods.',
        `/${field}`,
      );
  if (c.endDate === undefined)
    return ruleViolation('sentence-field-required', 'A community order states its end date.', '/endDate');
  if (c.endDate <= sentenceDate)
    return ruleViolation(
      'end-date-not-after-sentence',
      'The end date is after the date of the order.',
      '/endDate',
    );
  if (c.endDate > addYears(sentenceDate, CO_MAX_YEARS))
    return ruleViolation(
      'r2-end-date-over-three-years',
      'The end date is at most 3 years after the order.',
      '/endDate',
    );
  return {
    orderType: 'COMMUNITY_ORDER',
    sentenceDate,
    endDate: c.endDate,
    operationalPeriodEndDate: null,
    custodialTermMonths: null,
    presumptionToSuspendApplied: false,
  };
}

function suspendedSentence(
  c: RecordSentence,
  sentenceDate: LocalDate,
  config: DomainConfig,
): OrderTerms | Refusal {
  if (c.endDate !== undefined)
    return ruleViolation(
      'field-not-for-order-type',
      'A suspended sentence order has periods, not an end date.',
      '/endDate',
    );
  const {
    custodialTermMonths: term,
    operationalPeriodMonths: operational,
    supervisionPeriodMonths: supervision,
  } = c;
  if (term === undefined)
    return ruleViolation(
      'sentence-field-required',
      'An SSO states its custodial term.',
      '/custodialTermMonths',
    );
  if (operational === undefined)
    return ruleViolation(
      'sentence-field-required',
      'An SSO states its operational period.',
      '/operationalPeriodMonths',
    );
  if (supervision === undefined)
    return ruleViolation(
      'sentence-field-required',
      'An SSO states its supervision period.',
      '/supervisionPeriodMonths',
    );
  if (custodialTermDays(term) < config.ssoMinimumCustodialDays)
    return ruleViolation(
      'r5-custodial-term-too-short',
      `A suspended term is at least ${config.ssoMinimumCustodialDays} days.`,
      '/custodialTermMonths',
    );
  const max = maxSuspendableMonths(sentenceDate);
  if (term > max)
    return ruleViolation(
      'r5-custodial-term-over-maximum',
      `A term of more than ${max / 12} years cannot be suspended for a sentence on ${sentenceDate}.`,
      '/custodialTermMonths',
    );
  const inRange = (months: number) => months >= SSO_PERIOD_MIN_MONTHS && months <= config.ssoPeriodMaxMonths;
  if (!inRange(operational))
    return ruleViolation(
      'r4-operational-period-out-of-range',
      'The operational period is 6 months to 2 years.',
      '/operationalPeriodMonths',
    );
  if (!inRange(supervision))
    return ruleViolation(
      'r4-supervision-period-out-of-range',
      'The supervision period is 6 months to 2 years.',
      '/supervisionPeriodMonths',
    );
  if (supervision > operational)
    return ruleViolation(
      'r4-supervision-longer-than-operational',
      'The supervision period cannot be longer than the operational period.',
      '/supervisionPeriodMonths',
    );
  return {
    orderType: 'SUSPENDED_SENTENCE_ORDER',
    sentenceDate,
    endDate: lastDayOfMonths(sentenceDate, supervision),
    operationalPeriodEndDate: lastDayOfMonths(sentenceDate, operational),
    custodialTermMonths: term,
    presumptionToSuspendApplied: presumptionToSuspendApplies(sentenceDate, term),
  };
}

export function orderTermsOf(
  c: RecordSentence,
  sentenceDate: LocalDate,
  config: DomainConfig,
): OrderTerms | Refusal {
  return c.orderType === 'SUSPENDED_SENTENCE_ORDER'
    ? suspendedSentence(c, sentenceDate, config)
    : communityOrder(c, sentenceDate);
}
