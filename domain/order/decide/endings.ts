import { accept, type DecideContext, notFound, type Refusal, ruleViolation, stateConflict } from '../../core';
import type { Instant, LocalDate } from '../../calendar';
import type { OrderEnd } from '../../enums';
import type { OrderCommandOf } from '../commands';
import type { OrderEvent } from '../events';
import {
  allRequirementsSettled,
  isInBreachProceedings,
  openRequirementIds,
  otherRequirementsOf,
} from '../rules/status';
import type { MadeOrder, OrderState } from '../state';
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
  if (c.terminationDate > order.endDate)
    return ruleViolation(
      'r27-termination-after-end-date',
      `The order ends on ${order.endDate} in any case.`,
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
  const unmet = terminationProblem(state);
  if (unmet) return unmet;
  if (order.terminationScheduledFor)
    return stateConflict(
      'r27-termination-already-scheduled',
      `The order terminates on completion on ${order.terminationScheduledFor}.`,
      '/terminationDate',
    );
  if (c.terminationDate > today(ctx))
    return accept({ type: 'TerminationScheduled', at: ctx.now, terminationDate: c.terminationDate });
  return accept(terminatedOnCompletion(state, ctx.now, c.terminationDate));
}

/**
 * R27: what stands in the way of termination on completion: a requirement, CSTR or other, not complied with,
 * or breach proceedings pending. (No special-procedures review provision: the engine makes none.)
 */
export function terminationProblem(state: OrderState): Refusal | null {
  if (!allRequirementsSettled(state))
    return stateConflict(
      'r27-requirement-not-complied-with',
      'Every requirement must have been complied with before the order ends on completion.',
    );
  const other = otherRequirementsOf(state).find((r) => r.compliedOn === null);
  if (other)
    return stateConflict(
      'r27-other-requirement-not-complied-with',
      `The order's ${other.type} requirement has not been recorded complied with.`,
    );
  if (isInBreachProceedings(state))
    return stateConflict('breach-proceedings-pending', 'Breach proceedings are pending on this order.');
  return null;
}

/** R27: the order (an SSO: its supervision) ends on completion on the date the RO specified. */
export function terminatedOnCompletion(state: OrderState, at: Instant, on: LocalDate): OrderEvent {
  const ended = {
    at,
    endedOn: on,
    reason: 'TERMINATED_ON_COMPLETION_BY_RO',
    requirementIds: openRequirementIds(state),
  } as const;
  return madeOrder(state).orderType === 'SUSPENDED_SENTENCE_ORDER'
    ? { type: 'SupervisionEnded', ...ended }
    : { type: 'OrderEnded', ...ended, detail: null };
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

/**
 * R32 (Sch 16 para 12(3) and Part 4): the further offence was committed during the operational period, from
 * the order to its end; the conviction, and the activation, may come after that end.
 */
function furtherOffenceProblem(
  order: MadeOrder,
  c: OrderCommandOf<'ActivateSuspendedSentence'>,
  ctx: DecideContext,
): OrderDecision | null {
  if (c.offenceDate === undefined)
    return ruleViolation(
      'r32-offence-date-required',
      'Activation states when the further offence was committed.',
      '/offenceDate',
    );
  if (c.convictionDate === undefined)
    return ruleViolation(
      'r32-conviction-date-required',
      'Activation states when the person was convicted of it.',
      '/convictionDate',
    );
  const operationalEnd = order.operationalPeriodEndDate ?? order.endDate;
  if (c.offenceDate < order.sentenceDate || c.offenceDate > operationalEnd)
    return ruleViolation(
      'r32-offence-outside-operational-period',
      `The further offence must have been committed in the operational period, ${order.sentenceDate} to ${operationalEnd}.`,
      '/offenceDate',
    );
  if (c.convictionDate < c.offenceDate)
    return ruleViolation(
      'conviction-before-offence',
      'The conviction follows the offence.',
      '/convictionDate',
    );
  if (c.convictionDate > c.activatedOn)
    return ruleViolation(
      'conviction-after-activation',
      'The sentence is activated on or after the conviction.',
      '/convictionDate',
    );
  return checkFactDate(c.convictionDate, ctx, '/convictionDate');
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
  const problem = ctx.config.lawBeforeCorrections ? null : furtherOffenceProblem(order, c, ctx);
  if (problem) return problem;
  if (c.reducedTermMonths !== undefined && c.reducedTermMonths >= (order.custodialTermMonths ?? 0))
    return ruleViolation(
      'reduced-term-not-shorter',
      'A reduced term is shorter than the term.',
      '/reducedTermMonths',
    );
  const term = c.reducedTermMonths ?? order.custodialTermMonths;
  const offence =
    c.offenceDate === undefined ? '' : ` for an offence of ${c.offenceDate} (convicted ${c.convictionDate})`;
  return accept(
    orderEnded(state, ctx, 'SSO_ACTIVATED', c.activatedOn, `custodial term of ${term} months${offence}`),
  );
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
