import type { Kysely } from 'kysely';
import { createMiddleware } from 'hono/factory';
import type { Role } from '../../domain/primitives';
import type { Database } from '../../db/schema';
import type { AccessRecord, ApiEnv, Principal } from '../env';

/** Why each role processes the data, unless the caller says (X-Purpose): DPA 2018 s.62 logging. */
const DEFAULT_PURPOSE: Record<Role, string> = {
  'court-assessor': 'pre-sentence assessment',
  court: 'judicial proceedings',
  provider: 'treatment delivery',
  probation: 'supervision of the order',
  enforcement: 'enforcement of the order',
};

/** Writes the access log's rows for what one request read or wrote; why is the caller's purpose or its role's. */
export async function recordAccess(
  db: Kysely<Database>,
  p: Principal,
  accessed: readonly AccessRecord[],
  request: { purpose?: string | undefined; requestId: string; status: number },
): Promise<void> {
  if (accessed.length === 0) return;
  const purpose = (request.purpose ?? '').trim().slice(0, 200) || DEFAULT_PURPOSE[p.role];
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
        request_id: request.requestId,
        status: request.status,
      })),
    )
    .execute();
}

/**
 * Records every read and write of an order or requirement that the request made: who, role, organisation,
 * what, when (UTC) and why. A request that cannot be logged fails rather than go unrecorded.
 */
export function accessLog(db: Kysely<Database>) {
  return createMiddleware<ApiEnv>(async function accessLog(c, next) {
    c.set('accessed', []);
    await next();
    await recordAccess(db, c.get('principal'), c.get('accessed'), {
      purpose: c.req.header('X-Purpose'),
      requestId: c.get('requestId'),
      status: c.res.status,
    });
  });
}
