import { OpenAPIHono, type RouteConfig, createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { OrderCommandSchema, type OrderView, type PartyOrderCommand } from '../../domain/order';
import { RequirementCommandSchema, type PartyRequirementCommand } from '../../domain/requirement';
import { uuidFromName } from '../../db/uuid';
import type { ApiDeps } from '../env';
import { type AuthorizedEnv, authorize } from '../middleware/authorize';
import { IDEMPOTENCY_WINDOW_MS } from '../idempotency-window';
import { type IdempotentEnv, idempotency } from '../middleware/idempotency';
import { ProblemError, problems } from '../problem';
import { refuse } from '../middleware/security-log';
import { assertStorable } from '../middleware/storable-text';
import { discloseOrder } from '../disclosure/order';
import { type StoredRequirementView, discloseRequirementView } from '../disclosure/requirement';
import { visibleRequirementIds } from '../scope';
import { commandRoutes, type CommandRoute } from './catalogue';
import { errorResponses, validationHook } from '../openapi-shared';
import { sendOrderCommand, sendRequirementCommand, startOrder } from './send';

type Env = AuthorizedEnv & IdempotentEnv;

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

/** The new thing a POST created, found in the aggregate's view. */
function created(
  view: unknown,
  def: CommandRoute,
  command: Record<string, unknown>,
  body: Record<string, unknown>,
) {
  if (!def.creates) return undefined;
  if (def.creates.collection === 'order') return view;
  const items = def.creates.collection
    .split('.')
    .reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], view);
  if (!Array.isArray(items)) return undefined;
  const list = items as Record<string, unknown>[];
  const match = def.creates.match;
  if (match && match !== 'id') return list.findLast((i) => i[match.byField] === body[match.fromBody]);
  const id = command[def.creates.idField];
  return list.find((i) => i[def.creates!.idField] === id || i.id === id);
}

function buildCommand(
  def: CommandRoute,
  c: { seed: string; role: Parameters<NonNullable<CommandRoute['fromCaller']>>[0] },
  params: Record<string, string>,
  body: Record<string, unknown>,
) {
  const renamed = Object.fromEntries(Object.entries(body).map(([k, v]) => [def.rename?.[k] ?? k, v]));
  const { orderId: _orderId, ...pathIds } = params;
  const newIds = Object.fromEntries((def.newIds ?? []).map((field) => [field, uuidFromName(c.seed, field)]));
  const command = {
    type: def.command,
    ...pathIds,
    ...renamed,
    ...newIds,
    ...(def.fromCaller?.(c.role) ?? {}),
  };
  const schema = def.target === 'requirement' ? RequirementCommandSchema : OrderCommandSchema;
  const parsed = schema.safeParse(command);
  if (!parsed.success) {
    throw problems.malformed(
      'The request does not make a valid command.',
      parsed.error.issues.map((i) => ({ pointer: `/body/${i.path.join('/')}`, detail: i.message })),
    );
  }
  return parsed.data;
}

/** One route per entry of the command catalogue: authorise, make the command idempotent, send it, answer with the new state. */
export function commandRoutesApp(deps: ApiDeps) {
  const app = new OpenAPIHono<Env>({ defaultHook: validationHook as never });
  const windowMs = deps.idempotencyWindowMs ?? IDEMPOTENCY_WINDOW_MS;
  for (const def of commandRoutes as readonly CommandRoute[]) {
    const resource = def.path.startsWith('/v1/requirements')
      ? 'requirement'
      : def.path.includes('{orderId}')
        ? 'order'
        : undefined;
    const responses: RouteConfig['responses'] = { ...errorResponses };
    responses[def.creates ? 201 : 200] = {
      description: def.creates
        ? 'Created: the new thing, as it now stands.'
        : 'The new state of what was written.',
      content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
    };
    const route = createRoute({
      method: 'post',
      path: def.path,
      operationId: def.operationId,
      summary: def.summary,
      tags: [resource === 'requirement' ? 'requirements' : 'orders'],
      security: [{ bearerAuth: [] }],
      middleware: [
        authorize(deps.db, { roles: def.roles, resource, action: 'WRITE' }),
        idempotency(deps.db, windowMs),
      ] as const,
      request: {
        headers: idempotencyHeaders(windowMs),
        ...(pathParams(def.path) ? { params: pathParams(def.path)! } : {}),
        body: { required: true, content: { 'application/json': { schema: def.body } } },
      },
      responses,
    });
    app.openapi(route, async (c) => {
      const principal = c.get('principal');
      const body = await c.req.json<Record<string, unknown>>();
      assertStorable(body, '/body');
      const params = c.req.param() as Record<string, string>;
      const command = buildCommand(def, { seed: c.get('commandSeed'), role: principal.role }, params, body);
      const input = {
        commandId: c.get('commandSeed'),
        actor: { sub: principal.sub, role: principal.role, org: principal.org },
        command,
      };
      let view: unknown;
      let orderId: string;
      if (def.command === 'OpenCase') {
        orderId = (command as { orderId: string }).orderId;
        const court = (command as { court: { code: string } }).court.code;
        if (court !== principal.org) {
          throw refuse(
            c,
            { reason: 'out-of-scope', resourceType: 'court', resourceId: court },
            problems.forbidden('A court assessor opens cases at its own court only.'),
          );
        }
        // One time budget for the start and the first command together.
        const deadline = Date.now() + deps.commandTimeoutMs;
        await startOrder(deps.temporal, orderId, deps.config, deps.commandTimeoutMs);
        view = await sendOrderCommand(
          deps.temporal,
          orderId,
          { ...input, command: command as PartyOrderCommand },
          Math.max(1, deadline - Date.now()),
        );
        c.get('accessed').push({ action: 'WRITE', resourceType: 'order', resourceId: orderId, orderId });
      } else {
        const target = c.get('target');
        orderId = target.orderId;
        if (def.target === 'requirement') {
          if (target.stage !== 'SENTENCED')
            throw new ProblemError(
              409,
              'not-sentenced',
              'Not sentenced yet',
              'This requirement has not been imposed yet.',
            );
          view = await sendRequirementCommand(
            deps.temporal,
            { orderId: target.orderId, requirementId: target.requirementId! },
            { ...input, command: command as PartyRequirementCommand },
            deps.commandTimeoutMs,
          );
        } else {
          if (def.target === 'order-via-requirement' && target.stage !== 'PRE_SENTENCE') {
            throw new ProblemError(
              409,
              'already-sentenced',
              'Already sentenced',
              'This step belongs before sentence.',
            );
          }
          view = await sendOrderCommand(
            deps.temporal,
            target.orderId,
            { ...input, command: command as PartyOrderCommand },
            deps.commandTimeoutMs,
          );
        }
      }
      const disclosed =
        def.target === 'requirement'
          ? discloseRequirementView(principal.role, view as StoredRequirementView)
          : discloseOrder(
              principal.role,
              view as OrderView,
              await visibleRequirementIds(deps.db, principal, orderId),
            );
      const answer = created(disclosed, def, command, body) ?? disclosed;
      return c.json(answer as Record<string, unknown>, def.creates ? 201 : 200);
    });
  }
  return app;
}
