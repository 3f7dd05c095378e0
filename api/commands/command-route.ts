import { type RouteConfig, createRoute, z } from '@hono/zod-openapi';
import type { ApiDeps } from '../env';
import { IDEMPOTENCY_WINDOW_MS } from '../idempotency-window';
import { type AuthorizedEnv, type Authorization, authorize } from '../middleware/authorize';
import { type IdempotentEnv, idempotency } from '../middleware/idempotency';
import { errorResponses } from '../openapi-shared';
import { type CommandRoute, viewSchemaOf } from './catalogue';

export type CommandEnv = AuthorizedEnv & IdempotentEnv;

function idempotencyHeaders(windowMs: number) {
  const hours = windowMs / 3_600_000;
  return z.object({
    'idempotency-key': z
      .string()
      .min(8)
      .max(200)
      .meta({
        description:
          `Unique per request; a retry sends the same key. Keys are per client. For ${hours} hours the same key ` +
          'and body answer the first response again (with `Idempotent-Replayed: true`), and the same key with ' +
          'another body is 422; after that the key counts as never used and its stored response is deleted. ' +
          'A refusal that changed nothing (400, 403, 404) frees the key at once, for a corrected request.',
      }),
  });
}

function pathParams(path: string) {
  const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  return names.length === 0 ? undefined : z.object(Object.fromEntries(names.map((n) => [n, z.string()])));
}

/**
 * A catalogue entry as an OpenAPI route: authorised (the `resource` its path names is checked for scope, then
 * the role), idempotent, its body strict, its answer documented.
 */
export function commandRoute(def: CommandRoute, deps: ApiDeps, resource?: Authorization['resource']) {
  const windowMs = deps.idempotencyWindowMs ?? IDEMPOTENCY_WINDOW_MS;
  const params = pathParams(def.path);
  const responses: RouteConfig['responses'] = { ...errorResponses };
  responses[def.creates ? 201 : 200] = {
    description: def.creates
      ? 'Created: the new thing, as it now stands.'
      : 'The new state of what was written.',
    content: { 'application/json': { schema: def.creates?.schema ?? viewSchemaOf(def.target) } },
  };
  return createRoute({
    method: 'post',
    path: def.path,
    operationId: def.operationId,
    summary: def.summary,
    tags: [resource === 'requirement' ? 'requirements' : 'orders'],
    security: [{ bearerAuth: [] }],
    middleware: [
      authorize(deps.db, { roles: def.roles, ...(resource ? { resource } : {}), action: 'WRITE' }),
      idempotency(deps.db, windowMs),
    ] as const,
    request: {
      headers: idempotencyHeaders(windowMs),
      ...(params ? { params } : {}),
      body: { required: true, content: { 'application/json': { schema: def.body } } },
    },
    responses,
  });
}
