import { accept, type DecideContext, stateConflict } from '../../core';
import type { OrderCommandOf } from '../commands';
import type { OrderState } from '../state';
import { checkFactDate, madeOrder, type OrderDecision } from './common';
import type { OrderEvent } from '../events';
import { orderEnded } from './endings';

export function decideAppeal(
  state: OrderState,
  c: OrderCommandOf<'RecordAppeal'>,
  ctx: DecideContext,
): OrderDecision {
  const order = madeOrder(state);
  if (order.appealPending) return stateConflict('appeal-already-pending', 'An appeal is already pending.');
  const bad = checkFactDate(c.lodgedOn, ctx, '/lodgedOn', order.sentenceDate);
  if (bad) return bad;
  return accept({ type: 'AppealLodged', at: ctx.now, lodgedOn: c.lodgedOn });
}

export function decideAppealDetermined(
  state: OrderState,
  c: OrderCommandOf<'RecordAppealDetermined'>,
  ctx: DecideContext,
): OrderDecision {
  const order = madeOrder(state);
  if (!order.appealPending) return stateConflict('no-appeal-pending', 'No appeal is pending.');
  const bad = checkFactDate(c.determinedOn, ctx, '/determinedOn', order.sentenceDate);
  if (bad) return bad;
  const determined: OrderEvent = {
    type: 'AppealDetermined',
    at: ctx.now,
    determinedOn: c.determinedOn,
    result: c.result,
  };
  if (c.result !== 'ORDER_QUASHED') return accept(determined);
  return accept(determined, orderEnded(state, ctx, 'QUASHED_ON_APPEAL', c.determinedOn));
}
