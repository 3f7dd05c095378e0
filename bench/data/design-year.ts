import { DESIGN_YEAR, ordersAt } from './design';
import { generateOrderLife } from './order-life';
import type { OrderLife } from './records';

export interface DesignYearOptions {
  /** 1 is the national design year (30,000 orders); 0.01 is one hundredth of it. */
  scale: number;
  seed?: number;
}

/** The design year, one order at a time: never more than one order's events in memory. */
export function* designYear(options: DesignYearOptions): Generator<OrderLife> {
  const count = ordersAt(options.scale);
  const seed = options.seed ?? DESIGN_YEAR.seed;
  for (let index = 0; index < count; index++) yield generateOrderLife(seed, index, count);
}
