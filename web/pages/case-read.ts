import type { Context } from 'hono';
import type { z } from 'zod';
import { findTarget } from '../../api/middleware/authorize';
import { getOrder } from '../../api/reads/queries/orders';
import { logged, readOf } from '../../api/reads/queries/read';
import type { OrderRead } from '../../api/schemas/order-read';
import type { WebDeps, WebEnv } from '../env';
import type { PageTarget } from '../forms/send';

/**
 * The case the path's `:orderId` names, found and scoped as the API finds and scopes it (`found`), read by the
 * API's read function and recorded in the access log (`order`), with what `alongside` reads of the same case
 * at the same time; null when the caller may not see it ("Page not found").
 */
export async function readCase<T = null>(
  deps: WebDeps,
  c: Context<WebEnv>,
  now = deps.clock(),
  alongside: (orderId: string) => Promise<T> | T = () => null as T,
): Promise<{ found: PageTarget; order: z.output<typeof OrderRead>; alongside: T } | null> {
  const p = c.get('principal');
  const found = await findTarget(deps.db, p, 'order', c.req.param('orderId') ?? '');
  if (!found?.visible) return null;
  const [read, beside] = await Promise.all([
    getOrder(deps.db, p, found.orderId, now),
    alongside(found.orderId),
  ]);
  c.get('accessed').push(readOf('order', found.orderId, found.orderId));
  return { found, order: logged<z.output<typeof OrderRead>>(c, read), alongside: beside };
}
