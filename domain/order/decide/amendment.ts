import { accept, type DecideContext, notFound, refuseWithin, ruleViolation, stateConflict } from '../../core';
import { withTermsReplaced } from '../../terms';
import { checkImposition } from '../../requirement/rules/terms';
import {
  comprisesMoreThanTwelveMonths,
  lastPeriodEnd,
  withLastPeriodEndingOn,
} from '../../requirement/rules/periods';
import type { OrderCommandOf } from '../commands';
import type { OrderState } from '../state';
import { madeOrder, today, type OrderDecision } from './common';
import { modeFitsType } from './assessment';

/**
 * R6 (willingness to any amendment that imposes something), R28 (cancel, or replace with the same kind) and
 * R10 (a DRR extended beyond 12 months, its separate periods summed, must provide for reviews).
 */
export function decideAmendment(
  state: OrderState,
  c: OrderCommandOf<'AmendRequirement'>,
  ctx: DecideContext,
): OrderDecision {
  const order = madeOrder(state);
  const r = state.requirements[c.requirementId];
  if (!r) return notFound('requirement-not-found', 'No such requirement on this order.', '/requirementId');
  if (r.ended) return stateConflict('requirement-ended', 'This requirement has ended.', '/requirementId');
  const effectiveOn = c.effectiveOn ?? today(ctx);
  if (effectiveOn < order.sentenceDate)
    return ruleViolation('date-too-early', 'An amendment takes effect after the order.', '/effectiveOn');
  if (c.change !== 'CANCEL' && !c.offenderWilling)
    return ruleViolation(
      'r6-offender-not-willing',
      'A treatment requirement is amended only if the person expresses willingness to comply with it as amended.',
      '/offenderWilling',
    );
  let newPeriodEnd = null;
  let replacement = null;
  if (c.change === 'EXTEND_PERIOD') {
    if (c.newPeriodEnd === undefined)
      return ruleViolation('new-period-end-required', 'An extension gives the new end.', '/newPeriodEnd');
    if (c.newPeriodEnd <= lastPeriodEnd(r.terms.periods))
      return ruleViolation('new-period-end-not-later', 'An extension ends later than now.', '/newPeriodEnd');
    if (c.newPeriodEnd > order.endDate)
      return ruleViolation(
        'r3-period-beyond-order-end',
        "A requirement runs at most to the order's end date.",
        '/newPeriodEnd',
      );
    const { periods, type, review } = r.terms;
    const extended = withLastPeriodEndingOn(periods, c.newPeriodEnd);
    if (
      type === 'DRR' &&
      !review &&
      !ctx.config.lawBeforeCorrections &&
      comprisesMoreThanTwelveMonths(extended, ctx.config)
    )
      return ruleViolation(
        'r10-review-provision-required',
        'A DRR whose treatment and testing period (the sum of its periods) is more than 12 months must provide for reviews.',
        '/newPeriodEnd',
      );
    newPeriodEnd = c.newPeriodEnd;
  }
  if (c.change === 'REPLACE') {
    if (c.replacement === undefined)
      return ruleViolation('replacement-required', 'A replacement gives the new terms.', '/replacement');
    if (!modeFitsType(r.terms.type, c.replacement.mode))
      return ruleViolation(
        'r28-replacement-not-same-kind',
        `A ${r.terms.type} can be replaced only by a requirement of the same kind.`,
        '/replacement/mode',
      );
    const replaced = withTermsReplaced(r.terms, c.replacement);
    const rejection = checkImposition({ ...replaced, orderEndDate: order.endDate }, ctx.config);
    if (rejection) return refuseWithin('/replacement', rejection);
    replacement = c.replacement;
  }
  return accept({
    type: 'AmendmentApplied',
    at: ctx.now,
    requirementId: c.requirementId,
    change: c.change,
    effectiveOn,
    newPeriodEnd,
    replacement,
  });
}
