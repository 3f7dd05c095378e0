import { BreachDisposal, OrderEnd, Substance } from '../../domain/enums';

/**
 * The facts the KPIs are computed from, one row per unit counted (a requirement, an order, an appointment, a
 * drug test, a review, a decision), each read from Postgres by api/reads/queries/kpis.ts: `num` and `den` are
 * what the unit adds to a rate's numerator and denominator, `days` its duration where the KPI is one.
 */
export const FACTS = [
  'proposed',
  'imposed',
  'orders-made',
  'suitable-consented',
  'treatment-days',
  'treatment-within-10-working-days',
  'treatment-within-3-weeks',
  'induction-days',
  'induction-within-5-days',
  'attendance',
  'absences',
  'warnings',
  'enforcement-referrals',
  'breaches-proved',
  'order-endings',
  'completions',
  'drr-tests',
  'drr-substance-results',
  'drr-reviews-on-schedule',
  'drr-reports-in-time',
] as const;
export type FactId = (typeof FACTS)[number];

/**
 * How a figure is computed from its fact's units in a group: `count` sums `num`; `rate` is sum(num)/sum(den)
 * as a percentage; `per100` is 100·sum(num)/sum(den); `share` is a category's sum(num) as a percentage of all
 * categories' in the group; `median` and `p90` are of the units' `days` (nearest rank).
 */
export type Statistic = 'count' | 'rate' | 'per100' | 'share' | 'median' | 'p90';

export type KpiUnit = 'count' | 'percent' | 'days' | 'per 100 orders';

export interface KpiDefinition {
  id: string;
  title: string;
  unit: KpiUnit;
  /** Requirement KPIs break down by the requirement's type and provider; order KPIs by the order's types. */
  level: 'requirement' | 'order';
  fact: FactId;
  statistic: Statistic;
  /** For a figure per category (a reason, a substance, a decision): every category, in order. */
  categories?: readonly string[];
  /** A rate whose denominator counts the units of another fact (the same count, suppressed alike). */
  denominatorCounts?: FactId;
  definition: string;
}

const SENTENCED_IN_PERIOD = 'made by a sentence dated in the period';
const COMPLETED = ['COMPLETED_END_DATE', 'TERMINATED_ON_COMPLETION_BY_RO', 'REVOKED_GOOD_PROGRESS'] as const;
/** Endings that say nothing of whether treatment worked: left out of the completion rate. */
export const NEUTRAL_ENDINGS = ['DECEASED', 'TRANSFERRED_SCOTLAND_OR_NI', 'QUASHED_ON_APPEAL'] as const;
export const COMPLETED_ENDINGS = COMPLETED;

/** Every KPI, once: what the API, the CSV, the OpenAPI document and the page show and compute. */
export const KPIS: readonly KpiDefinition[] = [
  {
    id: 'cstrs-proposed',
    title: 'CSTRs proposed',
    unit: 'count',
    level: 'requirement',
    fact: 'proposed',
    statistic: 'count',
    definition:
      'Requirements named in a proposal to the court submitted in the period (a requirement proposed again after an adjournment counts once).',
  },
  {
    id: 'cstrs-imposed',
    title: 'CSTRs imposed',
    unit: 'count',
    level: 'requirement',
    fact: 'imposed',
    statistic: 'count',
    definition: `Requirements imposed by an order ${SENTENCED_IN_PERIOD}.`,
  },
  {
    id: 'orders-made',
    title: 'Orders made',
    unit: 'count',
    level: 'order',
    fact: 'orders-made',
    statistic: 'count',
    definition: `Community and suspended sentence orders with at least one CSTR, ${SENTENCED_IN_PERIOD}; by type, the order's requirement types joined with + (combined orders such as ATR+MHTR).`,
  },
  {
    id: 'suitable-consented-imposed',
    title: 'Suitable and consenting: imposed',
    unit: 'percent',
    level: 'requirement',
    fact: 'suitable-consented',
    statistic: 'rate',
    definition:
      'Of the requirements assessed suitable with consent given (their latest assessment and consent) whose case was sentenced in the period (an order made or another sentence passed; adjournments do not count), the percentage imposed.',
  },
  {
    id: 'sentence-to-treatment-median-days',
    title: 'Days from sentence to first treatment session attended (median)',
    unit: 'days',
    level: 'requirement',
    fact: 'treatment-days',
    statistic: 'median',
    definition: `Requirements imposed by an order ${SENTENCED_IN_PERIOD} that have started treatment: the median of the calendar days from the sentence to the first session attended (or admission, for residential and in-patient treatment), nearest rank.`,
  },
  {
    id: 'sentence-to-treatment-p90-days',
    title: 'Days from sentence to first treatment session attended (90th percentile)',
    unit: 'days',
    level: 'requirement',
    fact: 'treatment-days',
    statistic: 'p90',
    definition:
      'As the median, the 90th percentile (nearest rank): nine in ten of the requirements that started treatment started within this many days.',
  },
  {
    id: 'treatment-within-10-working-days',
    title: 'First treatment session within 10 working days',
    unit: 'percent',
    level: 'requirement',
    fact: 'treatment-within-10-working-days',
    statistic: 'rate',
    denominatorCounts: 'imposed',
    definition: `Of the requirements imposed by an order ${SENTENCED_IN_PERIOD}, the percentage whose first treatment session attended was within 10 working days of the sentence (England and Wales bank holidays excluded); a requirement not yet started counts as not within.`,
  },
  {
    id: 'in-treatment-within-3-weeks',
    title: 'In treatment within 3 weeks of sentence',
    unit: 'percent',
    level: 'requirement',
    fact: 'treatment-within-3-weeks',
    statistic: 'rate',
    denominatorCounts: 'imposed',
    definition: `Of the requirements imposed by an order ${SENTENCED_IN_PERIOD}, the percentage whose first treatment session attended was within 21 days of the sentence (the published evaluation's "in treatment three weeks after sentence").`,
  },
  {
    id: 'sentence-to-induction-median-days',
    title: 'Days from sentence to probation induction (median)',
    unit: 'days',
    level: 'order',
    fact: 'induction-days',
    statistic: 'median',
    definition: `Orders ${SENTENCED_IN_PERIOD} whose induction is recorded: the median of the calendar days from the sentence to the induction, nearest rank.`,
  },
  {
    id: 'sentence-to-induction-p90-days',
    title: 'Days from sentence to probation induction (90th percentile)',
    unit: 'days',
    level: 'order',
    fact: 'induction-days',
    statistic: 'p90',
    definition: 'As the median, the 90th percentile (nearest rank).',
  },
  {
    id: 'induction-within-5-days',
    title: 'Induction within 5 days of sentence',
    unit: 'percent',
    level: 'order',
    fact: 'induction-within-5-days',
    statistic: 'rate',
    denominatorCounts: 'orders-made',
    definition: `Of the orders ${SENTENCED_IN_PERIOD}, the percentage inducted within 5 calendar days of the sentence; an order not yet inducted counts as not within.`,
  },
  {
    id: 'attendance-rate',
    title: 'Attendance rate',
    unit: 'percent',
    level: 'requirement',
    fact: 'attendance',
    statistic: 'rate',
    definition:
      'Enforceable appointments due to start in the period whose outcome is recorded as the person attending (complied, late, or failed to comply) or not (failed to attend, sent home for behaviour): the percentage attended. Appointments the service cancelled, moved or withdrew are left out.',
  },
  {
    id: 'absences-decided',
    title: 'Absences and failures decided acceptable or unacceptable',
    unit: 'count',
    level: 'requirement',
    fact: 'absences',
    statistic: 'count',
    categories: ['ACCEPTABLE', 'UNACCEPTABLE'],
    definition:
      'Compliance incidents (missed appointments, tests and review hearings, behaviour, samples refused or not provided) decided by the responsible officer in the period, by decision.',
  },
  {
    id: 'warnings-per-100-orders',
    title: 'Warnings per 100 orders',
    unit: 'per 100 orders',
    level: 'order',
    fact: 'warnings',
    statistic: 'per100',
    definition:
      'Warnings given in the period for every 100 orders in force during it (made before the period ends and not ended before it begins).',
  },
  {
    id: 'enforcement-referrals',
    title: 'Referrals to an enforcement officer',
    unit: 'count',
    level: 'order',
    fact: 'enforcement-referrals',
    statistic: 'count',
    definition: 'Referrals for breach action made in the period.',
  },
  {
    id: 'breaches-proved',
    title: 'Breaches proved',
    unit: 'count',
    level: 'order',
    fact: 'breaches-proved',
    statistic: 'count',
    definition: 'Breach proceedings dealt with by a court in the period with the breach proved or admitted.',
  },
  {
    id: 'breach-outcomes',
    title: 'Breaches proved, by outcome',
    unit: 'count',
    level: 'order',
    fact: 'breaches-proved',
    statistic: 'count',
    categories: [...BreachDisposal.options, 'NONE'],
    definition:
      'The breaches proved in the period by the court’s disposal (NONE: no disposal recorded, e.g. committed to the Crown Court).',
  },
  {
    id: 'order-endings',
    title: 'Order endings by reason',
    unit: 'percent',
    level: 'order',
    fact: 'order-endings',
    statistic: 'share',
    categories: OrderEnd.options,
    definition:
      'Orders that ended in the period, by the reason they ended: each reason’s number and its share of all the endings.',
  },
  {
    id: 'completion-rate',
    title: 'Completion rate',
    unit: 'percent',
    level: 'order',
    fact: 'completions',
    statistic: 'rate',
    definition: `Of the orders that ended in the period (leaving out ${NEUTRAL_ENDINGS.join(', ')}), the percentage that ended successfully: ${COMPLETED.join(', ')}.`,
  },
  {
    id: 'drr-tests-achieved',
    title: 'DRR drug tests achieved against the schedule',
    unit: 'percent',
    level: 'requirement',
    fact: 'drr-tests',
    statistic: 'rate',
    definition:
      'Drug tests directed (the schedule) with a due time in the period and not withdrawn: the percentage with a sample collected.',
  },
  {
    id: 'drr-negative-share',
    title: 'DRR test results negative, by substance',
    unit: 'percent',
    level: 'requirement',
    fact: 'drr-substance-results',
    statistic: 'rate',
    categories: Substance.options,
    definition:
      'Substance results of drug tests due in the period that are negative, positive or positive as prescribed: the percentage negative, by substance (pending and inconclusive results are left out). Ask month by month for the trend.',
  },
  {
    id: 'drr-reviews-held-on-schedule',
    title: 'DRR reviews held on schedule',
    unit: 'percent',
    level: 'requirement',
    fact: 'drr-reviews-on-schedule',
    statistic: 'rate',
    definition:
      'DRR court reviews first scheduled for a date in the period and not withdrawn: the percentage held on or before that date without adjournment.',
  },
  {
    id: 'drr-review-reports-in-time',
    title: 'DRR review reports filed in time',
    unit: 'percent',
    level: 'requirement',
    fact: 'drr-reports-in-time',
    statistic: 'rate',
    definition:
      'DRR court reviews first scheduled for a date in the period and not withdrawn: the percentage whose probation report was filed before it fell overdue (the engine’s review report deadline).',
  },
];

export const KPI_IDS = KPIS.map((k) => k.id) as [string, ...string[]];

/** The definitions as a Markdown table, for the OpenAPI document. */
export function definitionsTable(): string {
  const rows = KPIS.map((k) => `| \`${k.id}\` | ${k.title} | ${k.unit} | ${k.definition} |`);
  return ['| id | title | unit | definition |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
