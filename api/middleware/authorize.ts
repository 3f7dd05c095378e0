import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Kysely } from 'kysely';
import type { Role } from '../../domain/primitives';
import { compiledOnce } from '../../db/compiled-once';
import type { Database } from '../../db/schema';
import type { AccessRecord, ApiEnv, Principal } from '../env';
import { problems } from '../problem';
import { orderVisibleTo, requirementVisibleTo, seesCases } from '../scope';
import { refuse } from './security-log';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a path's id is one (a UUID): anything else names nothing and is never looked up. */
export const isId = (given: string) => UUID.test(given);

/** An id from the path as given, for the security log; anything else could be a name typed into a URL. */
const asLoggable = (given: string) => (UUID.test(given) ? given : undefined);

export interface Authorization {
  roles: readonly Role[];
  /** The object the path names, checked for scope before the role: out of scope is 404, wrong role 403. */
  resource?: 'order' | 'requirement';
  action: 'READ' | 'WRITE';
  /**
   * The route reads the object itself, its visibility in the same statement, and refuses from that answer
   * (`readTarget`): no lookup before it. Only for a role it allows; another is looked up and refused here.
   */
  readsTarget?: true;
}

export interface ResolvedTarget {
  orderId: string;
  requirementId: string | null;
  stage: 'PRE_SENTENCE' | 'SENTENCED' | null;
}

export type AuthorizedEnv = ApiEnv & { Variables: { target: ResolvedTarget } };

/** An order or requirement as looked up, and whether the caller may see it. */
export interface FoundTarget {
  id: string;
  orderId: string;
  stage: 'PRE_SENTENCE' | 'SENTENCED' | null;
  visible: boolean;
}

const orderTarget = compiledOnce((db, role: Role, v: Record<'org' | 'id', string>) =>
  db
    .selectFrom('orders')
    .select(['id', orderVisibleTo({ role, org: v.org }).as('visible')])
    .where('id', '=', v.id),
);

const requirementTarget = compiledOnce((db, role: Role, v: Record<'org' | 'id', string>) =>
  db
    .selectFrom('requirements')
    .select(['id', 'order_id', 'stage', requirementVisibleTo({ role, org: v.org }).as('visible')])
    .where('id', '=', v.id),
);

/** The order or requirement an id names, and whether the caller may see it; nothing for an id that is not one. */
export async function findTarget(
  db: Kysely<Database>,
  p: Principal,
  resource: 'order' | 'requirement',
  id: string,
): Promise<FoundTarget | undefined> {
  if (!UUID.test(id)) return undefined;
  const values = { org: p.org, id };
  if (resource === 'order') {
    const [row] = await orderTarget(db, p.role, values);
    return row && { id: row.id, orderId: row.id, stage: null, visible: row.visible };
  }
  const [row] = await requirementTarget(db, p.role, values);
  return row && { id: row.id, orderId: row.order_id, stage: row.stage, visible: row.visible };
}

const pathId = (c: Context<AuthorizedEnv>, resource: 'order' | 'requirement') =>
  c.req.param(resource === 'order' ? 'orderId' : 'requirementId') ?? '';

/**
 * The one place a target is refused or let through: out of scope or not there is 404 (said in the security
 * log); a target the caller may see becomes the request's, and its access is recorded once the role allows.
 */
function admit(
  c: Context<AuthorizedEnv>,
  resource: 'order' | 'requirement',
  action: Authorization['action'],
  given: string,
  found: FoundTarget | undefined,
): AccessRecord & { resourceType: 'order' | 'requirement' } {
  if (!found?.visible)
    throw refuse(
      c,
      {
        reason: found ? 'out-of-scope' : 'no-such-resource',
        resourceType: resource,
        resourceId: asLoggable(given),
        orderId: found?.orderId ?? null,
      },
      problems.notFound(resource),
    );
  c.set('target', {
    orderId: found.orderId,
    requirementId: resource === 'requirement' ? found.id : null,
    stage: found.stage,
  });
  return { action, resourceType: resource, resourceId: found.id, orderId: found.orderId };
}

/**
 * For a route authorized with `readsTarget`: reads the target the path names with `read` (the row with its
 * visibility, nothing when there is none) and refuses or admits it from that answer, as `authorize` would
 * have before; an id that is not one is never read.
 */
export async function readTarget<T extends FoundTarget>(
  c: Context<AuthorizedEnv>,
  spec: Authorization & { resource: 'order' | 'requirement'; readsTarget: true },
  read: (id: string) => Promise<T | undefined>,
): Promise<T> {
  const given = pathId(c, spec.resource);
  const found = UUID.test(given) ? await read(given) : undefined;
  c.get('accessed').push(admit(c, spec.resource, spec.action, given, found));
  return found!;
}

/** Loads the order or requirement the path names, checks the caller may see it, then that its role may act. */
export function authorize(db: Kysely<Database>, spec: Authorization) {
  return createMiddleware<AuthorizedEnv>(async function authorize(c, next) {
    const principal = c.get('principal');
    // A role that never sees a case learns nothing from a refusal: it is refused before anything is looked up.
    if (!seesCases(principal.role) && !spec.roles.includes(principal.role))
      throw refuse(
        c,
        { reason: 'role-not-allowed' },
        problems.forbidden(`The ${principal.role} role may not do this.`),
      );
    const allowed = spec.roles.includes(principal.role);
    let accessed: (AccessRecord & { resourceType: 'order' | 'requirement' }) | undefined;
    if (spec.resource && !(spec.readsTarget && allowed)) {
      const given = pathId(c, spec.resource);
      const found = await findTarget(db, principal, spec.resource, given);
      accessed = admit(c, spec.resource, spec.action, given, found);
    }
    if (!allowed) {
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
