import { accept, type DecideContext, notFound, ruleViolation, stateConflict } from '../../core';
import type { OrderEnd } from '../../enums';
import type { OrderCommandOf } from '../commands';
import type { OrderEvent } from '../events';
import { allRequirementsSettled, isInBreachProceedings, openRequirementIds } from '../rules/status';
import type { OrderState } from '../state';
import { checkFactDate, madeOrder, today, type OrderDecision } from './common';

export function orderEnded(
  state: OrderState,
  ctx: DecideContext,
  reason: OrderEnd,
  endedOn: string,
  detail: string | null = null,
): OrderEvent {
  return {
    type: 'OrderEnded',
    at: ctx.now,
    endedOn,
    reason,
    requirementIds: openRequirementIds(state),
    detail,
  };
}

/** R21 (good progress: an SSO's community requirements are cancelled, its operational period runs on), R29. */
export function decideRevocation(
  state: OrderState,
  c: OrderCommandOf<'RevokeOrder'>,
  ctx: DecideContext,
): OrderDecision {
  const order = madeOrder(state);
  if (order.appealPending)
    return stateConflict(
      'r29-appeal-pending',
      'No application to revoke while an appeal against the order is pending.',
    );
  const revokedOn = c.revokedOn ?? today(ctx);
  const bad = checkFactDate(revokedOn, ctx, '/revokedOn', order.sentenceDate);
  if (bad) return bad;
  if (order.orderType === 'SUSPENDED_SENTENCE_ORDER' && c.reason === 'GOOD_PROGRESS') {
    if (state.status !== 'ACTIVE')
      return stateConflict('supervision-already-ended', 'The community requirements have already ended.');
    return accept({
      type: 'SupervisionEnded',
      at: ctx.now,
      endedOn: revokedOn,
      reason: 'REVOKED_GOOD_PROGRESS',
      requirementIds: openRequirementIds(state),
    });
  }
  return accept(orderEnded(state, ctx, `REVOKED_${c.reason}`, revokedOn));
}

/** R27: SA 2026 Sch 10 para 15A / Sch 16 para 22A, once in force, when everything asked is complied with. */
export function decideTermination(
  state: OrderState,
  c: OrderCommandOf<'TerminateOnCompletion'>,
  ctx: DecideContext,
): OrderDecision {
  const order = madeOrder(state);
  if (state.status !== 'ACTIVE')
    return stateConflict('supervision-already-ended', 'The community requirements have already ended.');
  if (c.terminationDate < ctx.config.terminationOnCompletionInForceFrom)
    return ruleViolation(
      'r27-not-in-force',
      `Termination on completion is available from ${ctx.config.terminationOnCompletionInForceFrom}.`,
      '/terminationDate',
    );
  if (c.terminationDate > today(ctx))
    return ruleViolation(
      'date-in-future',
      'The termination date cannot be in the future.',
      '/terminationDate',
    );
  if (c.terminationDate < order.sentenceDate)
    return ruleViolation('date-too-early', 'The termination date is after the order.', '/terminationDate');
  if (c.sentencePlanObjectivesMet === false)
    return ruleViolation(
      'r27-sentence-plan-objectives-not-met',
      'The sentence plan objectives must be met.',
      '/sentencePlanObjectivesMet',
    );
  if (!allRequirementsSettled(state))
    return stateConflict(
      'r27-requirement-not-complied-with',
      'Every requirement must have been complied with before the order ends on completion.',
    );
  if (isInBreachProceedings(state))
    return stateConflict('breach-proceedings-pending', 'Breach proceedings are pending on this order.');
  if (order.orderType === 'SUSPENDED_SENTENCE_ORDER')
    return accept({
      type: 'SupervisionEnded',
      at: ctx.now,
      endedOn: c.terminationDate,
      reason: 'TERMINATED_ON_COMPLETION_BY_RO',
      requirementIds: openRequirementIds(state),
    });
  return accept(orderEnded(state, ctx, 'TERMINATED_ON_COMPLETION_BY_RO', c.terminationDate));
}

export function decideDeath(
  state: OrderState,
  c: OrderCommandOf<'RecordDeath'>,
  ctx: DecideContext,
): OrderDecision {
  const bad = checkFactDate(c.diedOn, ctx, '/diedOn');
  if (bad) return bad;
  return accept(orderEnded(state, ctx, 'DECEASED', c.diedOn));
}

export function decideTransfer(
  state: OrderState,
  c: OrderCommandOf<'RecordTransferOut'>,
  ctx: DecideContext,
): OrderDecision {
  const bad = checkFactDate(c.transferredOn, ctx, '/transferredOn', madeOrder(state).sentenceDate);
  if (bad) return bad;
  return accept(orderEnded(state, ctx, 'TRANSFERRED_SCOTLAND_OR_NI', c.transferredOn, c.jurisdiction));
}

export function decideActivation(
  state: OrderState,
  c: OrderCommandOf<'ActivateSuspendedSentence'>,
  ctx: DecideContext,
): OrderDecision {
  const order = madeOrder(state);
  if (order.orderType !== 'SUSPENDED_SENTENCE_ORDER')
    return ruleViolation(
      'suspended-sentence-only',
      'Only a suspended sentence can be activated.',
      '/activatedOn',
    );
  const bad = checkFactDate(c.activatedOn, ctx, '/activatedOn', order.sentenceDate);
  if (bad) return bad;
  if (c.reducedTermMonths !== undefined && c.reducedTermMonths >= (order.custodialTermMonths ?? 0))
    return ruleViolation(
      'reduced-term-not-shorter',
      'A reduced term is shorter than the term.',
      '/reducedTermMonths',
    );
  const term = c.reducedTermMonths ?? order.custodialTermMonths;
  return accept(orderEnded(state, ctx, 'SSO_ACTIVATED', c.activatedOn, `custodial term of ${term} months`));
}

export function decideRevocationAtReview(
  state: OrderState,
  c: OrderCommandOf<'RecordRevocationAtReview'>,
  ctx: DecideContext,
): OrderDecision {
  if (!state.requirements[c.requirementId])
    return notFound('requirement-not-found', 'No such requirement on this order.', '/requirementId');
  return accept(orderEnded(state, ctx, 'REVOKED_OTHER', c.revokedOn, `revoked at DRR review ${c.reviewId}`));
}
