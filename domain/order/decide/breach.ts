import { addMonths } from '../../calendar';
import { accept, type DecideContext, given, ruleViolation, stateConflict } from '../../core';
import type { OrderEvent } from '../events';
import { END_DATE_EXTENSION_MAX_MONTHS, lastDayOfMonths } from '../rules/limits';
import { openRequirementIds, otherRequirementsOf } from '../rules/status';
import type { MadeOrder, OrderState } from '../state';
import { madeOrder, today, type OrderDecision } from './common';
import { orderEnded } from './endings';
import { complianceRecord, disposalProblem, type Outcome } from './breach-disposal';
import { openProceeding } from './enforcement';

/** R19: the unpaid work requirement that hours added on breach join (the order's own, or a new one). */
function unpaidWorkRequirement(state: OrderState, c: Outcome, proved: boolean, ctx: DecideContext) {
  if (!proved || c.unpaidWorkHours === undefined || ctx.config.lawBeforeCorrections) return {};
  const existing = otherRequirementsOf(state).find((r) => r.type === 'UNPAID_WORK');
  return { unpaidWorkRequirementId: existing?.otherRequirementId ?? ctx.newId() };
}

/** What follows from the disposal for the order's dates and its end. */
function consequences(
  state: OrderState,
  order: MadeOrder,
  c: Outcome,
  ctx: DecideContext,
): OrderEvent[] | OrderDecision {
  const d = c.disposal;
  const on = today(ctx);
  if (d === 'ACTIVATE_FULL' || d === 'ACTIVATE_REDUCED_TERM')
    return [
      orderEnded(
        state,
        ctx,
        'SSO_ACTIVATED',
        on,
        `custodial term of ${c.activatedTermMonths ?? order.custodialTermMonths} months`,
      ),
    ];
  if (d === 'REVOKE_AND_RESENTENCE' || d === 'REVOKE_AND_RESENTENCE_CUSTODY')
    return [orderEnded(state, ctx, 'REVOKED_RESENTENCED_BREACH', on, d)];
  const newEnd = c.newEndDate;
  if (newEnd === undefined) return [];
  const extended = (previousEndDate: string): OrderEvent => ({
    type: 'EndDateExtended',
    at: ctx.now,
    previousEndDate,
    newEndDate: newEnd,
    onBreach: true,
    requirementIds: openRequirementIds(state),
  });
  if (order.orderType === 'COMMUNITY_ORDER') {
    if (order.endDateExtendedOnBreach)
      return stateConflict(
        'r19-extension-already-used',
        'The end date may be extended on breach only once.',
        '/newEndDate',
      );
    if (newEnd <= order.endDate)
      return ruleViolation(
        'new-end-date-not-later',
        'The new end date is after the current one.',
        '/newEndDate',
      );
    if (newEnd > addMonths(order.endDate, END_DATE_EXTENSION_MAX_MONTHS))
      return ruleViolation(
        'r19-extension-over-six-months',
        'At most 6 months after the current end date.',
        '/newEndDate',
      );
    return [extended(order.endDate)];
  }
  const longest = lastDayOfMonths(order.sentenceDate, ctx.config.ssoPeriodMaxMonths);
  if (newEnd > longest)
    return ruleViolation(
      'r4-period-over-two-years',
      'SSO periods end within 2 years of the order.',
      '/newEndDate',
    );
  if (d === 'EXTEND_OPERATIONAL_PERIOD') {
    const previous = order.operationalPeriodEndDate ?? order.endDate;
    if (newEnd <= previous)
      return ruleViolation('new-end-date-not-later', 'The new end is after the current one.', '/newEndDate');
    return [
      { type: 'OperationalPeriodExtended', at: ctx.now, previousEndDate: previous, newEndDate: newEnd },
    ];
  }
  if (state.status !== 'ACTIVE')
    return stateConflict('supervision-already-ended', 'The supervision period has ended.', '/newEndDate');
  if (newEnd <= order.endDate)
    return ruleViolation('new-end-date-not-later', 'The new end is after the current one.', '/newEndDate');
  if (newEnd > (order.operationalPeriodEndDate ?? newEnd))
    return ruleViolation(
      'r4-supervision-longer-than-operational',
      'The supervision period ends within the operational period.',
      '/newEndDate',
    );
  return [extended(order.endDate)];
}

export const decideBreachOutcome = given(
  openProceeding,
  (_proceeding, state, c: Outcome, ctx): OrderDecision => {
    const order = madeOrder(state);
    const proved = c.finding === 'PROVED' || c.finding === 'ADMITTED';
    if (!proved && c.disposal !== undefined)
      return ruleViolation(
        'disposal-without-breach',
        'There is no disposal when the breach is not found.',
        '/disposal',
      );
    if (proved && c.disposal === undefined)
      return ruleViolation(
        'breach-disposal-required',
        'A proved breach is dealt with by a disposal.',
        '/disposal',
      );
    const problem = proved ? disposalProblem(state, order, c, ctx.config) : null;
    if (problem) return problem;
    const follows = proved ? consequences(state, order, c, ctx) : [];
    if (!Array.isArray(follows)) return follows;
    const dealtWith: OrderEvent = {
      type: 'BreachDealtWith',
      at: ctx.now,
      proceedingId: c.proceedingId,
      decidedOn: today(ctx),
      finding: c.finding,
      disposal: c.disposal ?? null,
      fineAmountPence: c.fineAmountPence ?? null,
      unpaidWorkHours: c.unpaidWorkHours ?? null,
      newEndDate: c.newEndDate ?? null,
      activatedTermMonths: c.activatedTermMonths ?? null,
      reasonsForNotActivating: c.reasonsForNotActivating ?? null,
      extentOfCompliance: c.extentOfCompliance ?? null,
      complianceRecord: complianceRecord(state),
      proceedingsContinue: c.disposal === 'COMMIT_TO_CROWN_COURT',
      ...unpaidWorkRequirement(state, c, proved, ctx),
    };
    return accept(dealtWith, ...follows);
  },
);
