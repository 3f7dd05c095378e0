import type { Context } from 'hono';
import { routePath } from 'hono/route';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { ApiEnv, Principal, Refusal } from '../env';
import type { ProblemError } from '../problem';

const MAX_LOGGED_LENGTH = 100;

/** A claim or code as the caller sent it, made storable and short: Postgres text cannot hold NUL or a lone surrogate. */
function asGiven(value: string | undefined): string | null {
  if (value === undefined) return null;
  // eslint-disable-next-line no-control-regex -- control characters are what must be replaced
  const clean = value.replace(/[\u0000-\u001f\u007f\ud800-\udfff]/gu, '\ufffd');
  return [...clean].slice(0, MAX_LOGGED_LENGTH).join('');
}

/** Marks the request as refused, for the security log, and returns the problem to throw. */
export function refuse<E extends ApiEnv>(
  c: Context<E>,
  refusal: Refusal,
  problem: ProblemError,
): ProblemError {
  (c as unknown as Context<ApiEnv>).set('refusal', refusal);
  return problem;
}

/** Who was refused and how it was answered: the actor as the request claimed it, where it did. */
export interface RefusedRequest {
  actor: Pick<Principal, 'sub' | 'role' | 'org'> | undefined;
  status: number;
  method: string;
  route: string;
  requestId: string;
}

/** One refusal's row of the security log (the API's and the pages'): ids and codes only, each as given. */
export async function recordRefusal(db: Kysely<Database>, refusal: Refusal, request: RefusedRequest) {
  await db
    .insertInto('security_log')
    .values({
      reason: refusal.reason,
      status: request.status,
      actor_sub: asGiven(request.actor?.sub),
      actor_role: asGiven(request.actor?.role),
      actor_org: asGiven(request.actor?.org),
      method: request.method,
      route: request.route,
      resource_type: refusal.resourceType ?? null,
      resource_id: asGiven(refusal.resourceId),
      order_id: refusal.orderId ?? null,
      request_id: request.requestId,
    })
    .execute();
}

/**
 * Records the request's refusal, if it was refused (a rejected token, an object out of scope or not there, a role that may not
 * act): who, what they aimed at, the route, the status, when. Ids and codes only. The access log keeps what
 * was shown; this keeps what was not. A refusal that cannot be recorded fails like an access that cannot.
 */
export async function recordRefusalOf(db: Kysely<Database>, c: Context<ApiEnv>): Promise<void> {
  const refusal = c.get('refusal');
  if (!refusal) return;
  await recordRefusal(db, refusal, {
    // Unset where the request was refused before anyone signed in.
    actor: c.get('principal'),
    status: c.res.status,
    method: c.req.method,
    route: routePath(c, -1),
    requestId: c.get('requestId'),
  });
}
