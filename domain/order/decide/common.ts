import { londonDate, type LocalDate } from '../../calendar';
import { type DecideContext, type Decision, ruleViolation } from '../../core';
import type { OrderEvent } from '../events';
import type { MadeOrder, OrderState } from '../state';

export type OrderDecision = Decision<OrderEvent>;

export function today(ctx: DecideContext): LocalDate {
  return londonDate(ctx.now);
}

/** A fact the caller reports happened: not in the future, and (after sentence) not before the order. */
export function checkFactDate(
  date: LocalDate,
  ctx: DecideContext,
  field: string,
  notBefore?: LocalDate,
): OrderDecision | null {
  if (date > today(ctx)) return ruleViolation('date-in-future', 'This date is in the future.', field);
  if (notBefore !== undefined && date < notBefore)
    return ruleViolation('date-too-early', `This date is before ${notBefore}.`, field);
  return null;
}

/** The made order; the dispatcher only routes post-sentence commands here once it exists. */
export function madeOrder(state: OrderState): MadeOrder {
  if (!state.order) throw new Error('No order has been made on this case.');
  return state.order;
}
