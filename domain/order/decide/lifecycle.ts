import { addMonths } from '../../calendar';
import { accept, type DecideContext, notFound, ruleViolation, stateConflict } from '../../core';
import type { OrderCommandOf } from '../commands';
import { END_DATE_EXTENSION_MAX_MONTHS } from '../rules/limits';
import { openRequirementIds } from '../rules/status';
import type { OrderState } from '../state';
import { checkFactDate, madeOrder, type OrderDecision } from './common';

export function decideInduction(
  state: OrderState,
  c: OrderCommandOf<'CompleteInduction'>,
  ctx: DecideContext,
): OrderDecision {
  const order = madeOrder(state);
  if (order.inductionCompletedOn)
    return stateConflict('induction-already-completed', 'The induction has been recorded.');
  const bad = checkFactDate(c.completedOn, ctx, '/completedOn', order.sentenceDate);
  if (bad) return bad;
  return accept({ type: 'InductionCompleted', at: ctx.now, completedOn: c.completedOn });
}

/** Sch 10 para 20: on application, a CO's end date may move at most 6 months later. */
export function decideEndDateExtension(
  state: OrderState,
  c: OrderCommandOf<'ExtendEndDate'>,
  ctx: DecideContext,
): OrderDecision {
  const order = madeOrder(state);
  if (order.orderType !== 'COMMUNITY_ORDER')
    return ruleViolation(
      'community-order-only',
      'Only a community order has an end date to extend.',
      '/newEndDate',
    );
  if (c.newEndDate <= order.endDate)
    return ruleViolation(
      'new-end-date-not-later',
      'The new end date is after the current one.',
      '/newEndDate',
    );
  if (c.newEndDate > addMonths(order.endDate, END_DATE_EXTENSION_MAX_MONTHS))
    return ruleViolation(
      'r19-extension-over-six-months',
      'The end date can move at most 6 months after the current end date.',
      '/newEndDate',
    );
  return accept({
    type: 'EndDateExtended',
    at: ctx.now,
    previousEndDate: order.endDate,
    newEndDate: c.newEndDate,
    onBreach: false,
    requirementIds: openRequirementIds(state),
  });
}

export function decideRequirementStatus(
  state: OrderState,
  c: OrderCommandOf<'RecordRequirementStatus'>,
  ctx: DecideContext,
): OrderDecision {
  const r = state.requirements[c.requirementId];
  if (!r) return notFound('requirement-not-found', 'No such requirement on this order.', '/requirementId');
  const ended = c.ended ?? null;
  if (r.status === c.status && r.compliedWith === c.compliedWith && r.ended === (ended ?? r.ended))
    return accept();
  return accept({
    type: 'RequirementStatusRecorded',
    at: ctx.now,
    requirementId: c.requirementId,
    status: c.status,
    compliedWith: c.compliedWith,
    ended,
  });
}
