import { accept, given, notFound, type Refusal, ruleViolation, stateConflict } from '../../core';
import { isAfterOrderEnd } from '../rules/status';
import type { OrderCommandOf } from '../commands';
import type { OrderState, Proceeding, Referral } from '../state';
import { checkFactDate, type OrderDecision } from './common';

/** The referral the enforcement officer acts on: one of this order's, not yet acted on. */
function openReferral(state: OrderState, c: { referralId: string }): Referral | Refusal {
  const referral = state.compliance.referrals[c.referralId];
  if (!referral) return notFound('referral-not-found', 'No such referral on this order.', '/referralId');
  if (referral.status !== 'OPEN')
    return stateConflict('referral-not-open', 'This referral has been acted on.', '/referralId');
  return referral;
}

/** R18: the enforcement officer lays an information "where appropriate", or takes no further action. */
export const decideInformation = given(
  openReferral,
  (referral, state, c: OrderCommandOf<'LayInformation'>, ctx): OrderDecision => {
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
  },
);

export const decideNoFurtherAction = given(
  openReferral,
  (_referral, _state, c: OrderCommandOf<'RecordNoFurtherAction'>, ctx): OrderDecision =>
    accept({ type: 'NoFurtherActionRecorded', at: ctx.now, referralId: c.referralId, reason: c.reason }),
);

/** The breach proceedings the court acts on: this order's, not yet dealt with. */
export function openProceeding(state: OrderState, c: { proceedingId: string }): Proceeding | Refusal {
  const proceeding = state.compliance.proceedings[c.proceedingId];
  if (!proceeding) return notFound('proceeding-not-found', 'No such breach proceedings.', '/proceedingId');
  if (proceeding.status !== 'OPEN')
    return stateConflict(
      'proceeding-already-dealt-with',
      'These proceedings have been dealt with.',
      '/proceedingId',
    );
  return proceeding;
}

/**
 * Sch 10 para 8: on the information laid the court issues a summons to appear or a warrant for arrest, a
 * warrant also when a summons goes unanswered; each once, and nothing after a warrant.
 */
export const decideSummonsOrWarrant = given(
  openProceeding,
  (proceeding, _state, c: OrderCommandOf<'RecordSummonsOrWarrant'>, ctx): OrderDecision => {
    const issued = proceeding.processes ?? [];
    const warrant = issued.some((p) => p.process === 'WARRANT');
    if (warrant || issued.some((p) => p.process === c.process))
      return stateConflict(
        'process-already-issued',
        `A ${warrant ? 'warrant' : 'summons'} has been issued on these proceedings.`,
        '/process',
      );
    const bad = checkFactDate(c.issuedOn, ctx, '/issuedOn', proceeding.informationLaidOn);
    if (bad) return bad;
    return accept({
      type: 'SummonsOrWarrantIssued',
      at: ctx.now,
      proceedingId: c.proceedingId,
      process: c.process,
      issuedOn: c.issuedOn,
    });
  },
);
