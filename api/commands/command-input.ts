import type { Context } from 'hono';
import { OrderCommandSchema } from '../../domain/order';
import type { Role } from '../../domain/primitives';
import type { Principal } from '../env';
import { RequirementCommandSchema } from '../../domain/requirement';
import { uuidFromName } from '../../db/uuid';
import { assertStorable } from '../middleware/storable-text';
import { problems } from '../problem';
import type { CommandRoute } from './catalogue';
import type { CommandEnv } from './command-route';

/**
 * The domain command a request makes: the path's ids (the order's only through the workflow it goes to), the
 * body (renamed where the catalogue says), the new ids seeded by the idempotency key, and what comes from
 * the caller. A body that does not make a valid command is a 400.
 */
export function buildCommand(
  def: CommandRoute,
  seed: string,
  role: Role,
  params: Record<string, string>,
  body: Record<string, unknown>,
) {
  const renamed = Object.fromEntries(Object.entries(body).map(([k, v]) => [def.rename?.[k] ?? k, v]));
  const { orderId: _orderId, ...pathIds } = params;
  const newIds = Object.fromEntries((def.newIds ?? []).map((field) => [field, uuidFromName(seed, field)]));
  const command = { type: def.command, ...pathIds, ...renamed, ...newIds, ...(def.fromCaller?.(role) ?? {}) };
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

/**
 * What a command carries to its workflow: the command, its id (the seed its idempotency key made) and who
 * sent it. `params` are the path's ids, `body` what the caller sent.
 */
export function commandInputOf(
  principal: Principal,
  seed: string,
  def: CommandRoute,
  params: Record<string, string>,
  body: Record<string, unknown>,
) {
  assertStorable(body, '/body');
  return {
    commandId: seed,
    actor: { sub: principal.sub, role: principal.role, org: principal.org },
    command: buildCommand(def, seed, principal.role, params, body),
  };
}

/** A command request's input: its body, its path's ids, the seed its Idempotency-Key made. */
export async function commandInput(c: Context<CommandEnv>, def: CommandRoute) {
  const body = await c.req.json<Record<string, unknown>>();
  return commandInputOf(c.get('principal'), c.get('commandSeed'), def, c.req.param(), body);
}
