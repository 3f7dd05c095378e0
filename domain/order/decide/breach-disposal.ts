import { ruleViolation } from '../../core';
import { CO_BREACH_OUTCOMES, SSO_BREACH_OUTCOMES, isOneOf } from '../../vocabulary';
import type { OrderCommandOf } from '../commands';
import type { ComplianceRecord } from '../events/compliance';
import { BREACH_FINE_MAX_PENCE, NEW_UNPAID_WORK_MIN_HOURS } from '../rules/limits';
import { isRequirementSettled, otherRequirementsOf } from '../rules/status';
import type { DomainConfig } from '../../config';
import type { MadeOrder, OrderState } from '../state';
import { type OrderDecision } from './common';

export type Outcome = OrderCommandOf<'RecordBreachOutcome'>;

const DATE_DISPOSALS = [
  'EXTEND_END_DATE',
  'MORE_ONEROUS_REQUIREMENTS',
  'EXTEND_SUPERVISION_PERIOD',
  'EXTEND_OPERATIONAL_PERIOD',
];
const NOT_ACTIVATING = [
  'FINE',
  'MORE_ONEROUS_REQUIREMENTS',
  'EXTEND_SUPERVISION_PERIOD',
  'EXTEND_OPERATIONAL_PERIOD',
];

/** R22: the compliance record before the court. */
export function complianceRecord(state: OrderState): ComplianceRecord {
  const incidents = Object.values(state.compliance.incidents);
  const requirements = Object.values(state.requirements);
  return {
    acceptableIncidents: incidents.filter((i) => i.status === 'ACCEPTABLE').length,
    unacceptableIncidents: incidents.filter((i) => i.decision?.decision === 'UNACCEPTABLE').length,
    warningsGiven: state.compliance.warnings.length,
    requirementsImposed: requirements.length,
    requirementsCompliedWith: requirements.filter(isRequirementSettled).length,
  };
}

/** Disposals under which the court may add unpaid work hours (Sch 10 para 10(1)(a) more onerous requirements). */
const ADDS_UNPAID_WORK = ['ADD_UNPAID_WORK', 'MORE_ONEROUS_REQUIREMENTS'];

/**
 * R19 (Sch 10 para 13(4)): unpaid work added on breach is at least 20 hours where the order had no unpaid work
 * requirement; with one, the hours join it. Whatever the disposal is called, any hours are checked this way.
 */
function unpaidWorkProblem(state: OrderState, c: Outcome, config: DomainConfig): OrderDecision | null {
  const d = c.disposal ?? '';
  const hours = c.unpaidWorkHours;
  if (config.lawBeforeCorrections) {
    if (d === 'ADD_UNPAID_WORK' && (hours ?? 0) < NEW_UNPAID_WORK_MIN_HOURS)
      return ruleViolation(
        'r19-unpaid-work-under-minimum',
        'New unpaid work is at least 20 hours.',
        '/unpaidWorkHours',
      );
    return null;
  }
  if (d === 'ADD_UNPAID_WORK' && hours === undefined)
    return ruleViolation(
      'unpaid-work-hours-required',
      'Unpaid work added states its hours.',
      '/unpaidWorkHours',
    );
  if (hours === undefined) return null;
  if (!ADDS_UNPAID_WORK.includes(d))
    return ruleViolation(
      'unpaid-work-not-for-disposal',
      'Unpaid work hours are added only with more onerous requirements.',
      '/unpaidWorkHours',
    );
  const hasUnpaidWork = otherRequirementsOf(state).some((r) => r.type === 'UNPAID_WORK');
  if (!hasUnpaidWork && hours < NEW_UNPAID_WORK_MIN_HOURS)
    return ruleViolation(
      'r19-unpaid-work-under-minimum',
      'The order has no unpaid work requirement: unpaid work added on breach is at least 20 hours.',
      '/unpaidWorkHours',
    );
  return null;
}

/** R19 (CO) and R20 (SSO): is this disposal open to the court, as given? */
export function disposalProblem(
  state: OrderState,
  order: MadeOrder,
  c: Outcome,
  config: DomainConfig,
): OrderDecision | null {
  const co = order.orderType === 'COMMUNITY_ORDER';
  const d = c.disposal;
  if (!isOneOf(co ? CO_BREACH_OUTCOMES : SSO_BREACH_OUTCOMES, d))
    return ruleViolation(
      'disposal-not-for-order-type',
      `${d} is not open to the court on this order.`,
      '/disposal',
    );
  const rule = co ? 'r19' : 'r20';
  if (d === 'FINE' && c.fineAmountPence === undefined)
    return ruleViolation('fine-amount-required', 'A fine states its amount.', '/fineAmountPence');
  if (c.fineAmountPence !== undefined && c.fineAmountPence > BREACH_FINE_MAX_PENCE)
    return ruleViolation(`${rule}-fine-over-maximum`, 'A breach fine is at most £2,500.', '/fineAmountPence');
  if (c.newEndDate !== undefined && !DATE_DISPOSALS.includes(d ?? ''))
    return ruleViolation('new-end-date-not-for-disposal', 'This disposal sets no new date.', '/newEndDate');
  const problem = unpaidWorkProblem(state, c, config);
  if (problem) return problem;
  if (d === 'COMMITTAL_TO_CUSTODY')
    return ruleViolation(
      'committal-special-procedures-only',
      'Committal to custody is for special-procedures orders.',
      '/disposal',
    );
  if (d === 'COMMIT_TO_CROWN_COURT' && state.case?.court.type !== 'CROWN')
    return ruleViolation(
      'order-not-made-by-crown-court',
      'Only a Crown Court order is committed there.',
      '/disposal',
    );
  if (
    (d === 'REVOKE_AND_RESENTENCE' || d === 'REVOKE_AND_RESENTENCE_CUSTODY') &&
    c.extentOfCompliance === undefined
  )
    return ruleViolation(
      'r22-extent-of-compliance-required',
      'On re-sentencing the court takes account of the extent of compliance.',
      '/extentOfCompliance',
    );
  if (!co && NOT_ACTIVATING.includes(d ?? '') && c.reasonsForNotActivating === undefined)
    return ruleViolation(
      'r20-reasons-for-not-activating-required',
      'The court activates the suspended sentence unless unjust, and gives its reasons if it does not.',
      '/reasonsForNotActivating',
    );
  if (
    d === 'ACTIVATE_REDUCED_TERM' &&
    !((c.activatedTermMonths ?? Infinity) < (order.custodialTermMonths ?? 0))
  )
    return ruleViolation(
      'reduced-term-not-shorter',
      'A reduced term is shorter than the term.',
      '/activatedTermMonths',
    );
  if (d === 'EXTEND_END_DATE' && c.newEndDate === undefined)
    return ruleViolation('new-end-date-required', 'An extension gives the new end date.', '/newEndDate');
  return null;
}
