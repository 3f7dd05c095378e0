import type { Kysely } from 'kysely';
import { createMiddleware } from 'hono/factory';
import type { Role } from '../../domain/primitives';
import type { Database } from '../../db/schema';
import type { ApiEnv } from '../env';

/** Why each role processes the data, unless the caller says (X-Purpose): DPA 2018 s.62 logging. */
const DEFAULT_PURPOSE: Record<Role, string> = {
  'court-assessor': 'pre-sentence assessment',
  court: 'judicial proceedings',
  provider: 'treatment delivery',
  probation: 'supervision of the order',
  enforcement: 'enforcement of the order',
  commissioner: 'commissioning (aggregate figures)',
  'data-protection': 'subject access request',
};

/**
 * Records every read and write of an order or requirement that the request made: who, role, organisation,
 * what, when (UTC) and why. A request that cannot be logged fails rather than go unrecorded.
 */
export function accessLog(db: Kysely<Database>) {
  return createMiddleware<ApiEnv>(async function accessLog(c, next) {
    c.set('accessed', []);
    await next();
    const accessed = c.get('accessed');
    if (accessed.length === 0) return;
    const p = c.get('principal');
    const purpose = (c.req.header('X-Purpose') ?? '').trim().slice(0, 200) || DEFAULT_PURPOSE[p.role];
    await db
      .insertInto('access_log')
      .values(
        accessed.map((a) => ({
          actor_sub: p.sub,
          actor_role: p.role,
          actor_org: p.org,
          action: a.action,
          resource_type: a.resourceType,
          resource_id: a.resourceId,
          order_id: a.orderId,
          purpose,
          request_id: c.get('requestId'),
          status: c.res.status,
        })),
      )
      .execute();
  });
}
