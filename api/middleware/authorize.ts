import { createMiddleware } from 'hono/factory';
import type { Kysely } from 'kysely';
import type { Role } from '../../domain/primitives';
import type { Database } from '../../db/schema';
import type { AccessRecord, ApiEnv } from '../env';
import { problems } from '../problem';
import { orderVisibleTo, requirementVisibleTo } from '../scope';
import { refuse } from './security-log';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id from the path as given, for the security log; anything else could be a name typed into a URL. */
const asLoggable = (given: string) => (UUID.test(given) ? given : undefined);

export interface Authorization {
  roles: readonly Role[];
  /** The object the path names, checked for scope before the role: out of scope is 404, wrong role 403. */
  resource?: 'order' | 'requirement';
  action: 'READ' | 'WRITE';
}

export interface ResolvedTarget {
  orderId: string;
  requirementId: string | null;
  stage: 'PRE_SENTENCE' | 'SENTENCED' | null;
}

export type AuthorizedEnv = ApiEnv & { Variables: { target: ResolvedTarget } };

/** Loads the order or requirement the path names, checks the caller may see it, then that its role may act. */
export function authorize(db: Kysely<Database>, spec: Authorization) {
  return createMiddleware<AuthorizedEnv>(async function authorize(c, next) {
    const principal = c.get('principal');
    let accessed: AccessRecord | undefined;
    if (spec.resource === 'order') {
      const orderId = c.req.param('orderId') ?? '';
      const order = UUID.test(orderId)
        ? await db
            .selectFrom('orders')
            .select(['id', orderVisibleTo(principal).as('visible')])
            .where('id', '=', orderId)
            .executeTakeFirst()
        : undefined;
      if (!order?.visible)
        throw refuse(
          c,
          {
            reason: order ? 'out-of-scope' : 'no-such-resource',
            resourceType: 'order',
            resourceId: asLoggable(orderId),
            orderId: order?.id ?? null,
          },
          problems.notFound('order'),
        );
      c.set('target', { orderId: order.id, requirementId: null, stage: null });
      accessed = { action: spec.action, resourceType: 'order', resourceId: order.id, orderId: order.id };
    } else if (spec.resource === 'requirement') {
      const requirementId = c.req.param('requirementId') ?? '';
      const requirement = UUID.test(requirementId)
        ? await db
            .selectFrom('requirements')
            .select(['id', 'order_id', 'stage', requirementVisibleTo(principal).as('visible')])
            .where('id', '=', requirementId)
            .executeTakeFirst()
        : undefined;
      if (!requirement?.visible)
        throw refuse(
          c,
          {
            reason: requirement ? 'out-of-scope' : 'no-such-resource',
            resourceType: 'requirement',
            resourceId: asLoggable(requirementId),
            orderId: requirement?.order_id ?? null,
          },
          problems.notFound('requirement'),
        );
      c.set('target', {
        orderId: requirement.order_id,
        requirementId: requirement.id,
        stage: requirement.stage,
      });
      accessed = {
        action: spec.action,
        resourceType: 'requirement',
        resourceId: requirement.id,
        orderId: requirement.order_id,
      };
    }
    if (!spec.roles.includes(principal.role)) {
      const { resourceType, resourceId, orderId } = accessed ?? {};
      throw refuse(
        c,
        { reason: 'role-not-allowed', resourceType, resourceId, orderId },
        problems.forbidden(`The ${principal.role} role may not do this.`),
      );
    }
    // Only once allowed: the access log keeps what was shown or written, the security log what was refused.
    if (accessed) c.get('accessed').push(accessed);
    await next();
  });
}
