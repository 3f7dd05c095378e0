import type { Context } from 'hono';
import type { z } from 'zod';
import { isId } from '../../api/middleware/authorize';
import { readOrder } from '../../api/reads/queries/orders';
import { logged, readOf } from '../../api/reads/queries/read';
import type { OrderRead } from '../../api/schemas/order-read';
import type { WebDeps, WebEnv } from '../env';
import type { PageTarget } from '../forms/send';

/**
 * The case the path's `:orderId` names, found, scoped and read in one statement by the API's read function
 * (`found`, `order`) and recorded in the access log, with what `alongside` reads of the same case at the same
 * time; null when the caller may not see it ("Page not found"). `alongside` runs before the scope is known:
 * it must check the order's scope in its own statement, and what it read is dropped unless the order is seen.
 */
export async function readCase<T = null>(
  deps: WebDeps,
  c: Context<WebEnv>,
  now = deps.clock(),
  alongside: (orderId: string) => Promise<T> | T = () => null as T,
): Promise<{ found: PageTarget; order: z.output<typeof OrderRead>; alongside: T } | null> {
  const p = c.get('principal');
  const orderId = c.req.param('orderId') ?? '';
  if (!isId(orderId)) return null;
  const [read, beside] = await Promise.all([readOrder(deps.db, p, orderId, now), alongside(orderId)]);
  if (!read?.visible) return null;
  c.get('accessed').push(readOf('order', read.orderId, read.orderId));
  const found = { id: read.id, orderId: read.orderId, stage: read.stage };
  const order = JSON.parse(logged(c, read.shown())) as z.output<typeof OrderRead>;
  return { found, order, alongside: beside };
}
