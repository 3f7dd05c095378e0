import { accept, type DecideContext, notFound, type Refusal, ruleViolation, stateConflict } from '../../core';
import { isAfterOrderEnd } from '../rules/status';
import type { OrderCommandOf } from '../commands';
import type { OrderState, Referral } from '../state';
import { checkFactDate, type OrderDecision } from './common';

/** The referral the enforcement officer acts on: one of this order's, not yet acted on. */
function openReferral(state: OrderState, referralId: string): Referral | Refusal {
  const referral = state.compliance.referrals[referralId];
  if (!referral) return notFound('referral-not-found', 'No such referral on this order.', '/referralId');
  if (referral.status !== 'OPEN')
    return stateConflict('referral-not-open', 'This referral has been acted on.', '/referralId');
  return referral;
}

/** R18: the enforcement officer lays an information "where appropriate", or takes no further action. */
export function decideInformation(
  state: OrderState,
  c: OrderCommandOf<'LayInformation'>,
  ctx: DecideContext,
): OrderDecision {
  const referral = openReferral(state, c.referralId);
  if ('ok' in referral) return referral;
  const bad = checkFactDate(c.informationLaidOn, ctx, '/informationLaidOn', referral.referredOn);
  if (bad) return bad;
  if (!ctx.config.lawBeforeCorrections && isAfterOrderEnd(state, c.informationLaidOn))
    return ruleViolation(
      'r31-proceedings-after-end-date',
      'Breach proceedings continue past the end date only if begun before it.',
      '/informationLaidOn',
    );
  return accept({
    type: 'InformationLaid',
    at: ctx.now,
    proceedingId: ctx.newId(),
    referralId: c.referralId,
    informationLaidOn: c.informationLaidOn,
    courtCode: c.courtCode,
  });
}

export function decideNoFurtherAction(
  state: OrderState,
  c: OrderCommandOf<'RecordNoFurtherAction'>,
  ctx: DecideContext,
): OrderDecision {
  const referral = openReferral(state, c.referralId);
  if ('ok' in referral) return referral;
  return accept({ type: 'NoFurtherActionRecorded', at: ctx.now, referralId: c.referralId, reason: c.reason });
}
