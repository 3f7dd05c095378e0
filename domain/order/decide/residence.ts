import { accept, type DecideContext, ruleViolation, stateConflict } from '../../core';
import type { OrderCommandOf } from '../commands';
import type { OrderState } from '../state';
import { checkFactDate, madeOrder, type OrderDecision } from './common';

export function decideResidencePermission(
  state: OrderState,
  c: OrderCommandOf<'PermitResidenceChange'>,
  ctx: DecideContext,
): OrderDecision {
  const order = madeOrder(state);
  if (c.newHomeLocalJusticeArea === order.homeLocalJusticeArea)
    return ruleViolation(
      'same-home-area',
      'This is already the home local justice area.',
      '/newHomeLocalJusticeArea',
    );
  const bad = checkFactDate(c.permittedOn, ctx, '/permittedOn', order.sentenceDate);
  if (bad) return bad;
  return accept({ type: 'ResidenceChangePermitted', at: ctx.now, ...withoutType(c) });
}

/** R26: the court amends the home local justice area to the one the RO permitted the move to. */
export function decideHomeAreaAmendment(
  state: OrderState,
  c: OrderCommandOf<'AmendHomeLocalJusticeArea'>,
  ctx: DecideContext,
): OrderDecision {
  const order = madeOrder(state);
  if (order.pendingResidenceChange?.newHomeLocalJusticeArea !== c.newHomeLocalJusticeArea)
    return stateConflict(
      'r26-residence-change-not-permitted',
      'The responsible officer has not permitted a move to this local justice area.',
      '/newHomeLocalJusticeArea',
    );
  const bad = checkFactDate(c.amendedOn, ctx, '/amendedOn', order.pendingResidenceChange.permittedOn);
  if (bad) return bad;
  return accept({ type: 'HomeLocalJusticeAreaAmended', at: ctx.now, ...withoutType(c) });
}

function withoutType<T extends { type: string }>(c: T): Omit<T, 'type'> {
  const { type: _type, ...rest } = c;
  return rest;
}
