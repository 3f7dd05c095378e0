import type { z } from 'zod';
import { type CommandRouteDef, type OperationId, commandRoutes, type ViewOf } from './commands/catalogue';
import { type ReadOperationId, readRoutes } from './reads/routes';

/**
 * A typed client for TypeScript callers, made from the same command catalogue and read routes as the API:
 * `command('recordOutcome', { params: { requirementId, appointmentId }, body: { … } })` takes exactly the
 * body the route validates, and each read returns its documented shape. Errors throw CstrApiError with
 * the problem+json the API answered.
 */

type PathParamNames<P extends string> = P extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PathParamNames<Rest>
  : never;
type ParamsInput<P extends string> = [PathParamNames<P>] extends [never]
  ? { params?: Record<string, never> }
  : { params: Record<PathParamNames<P>, string> };

type CommandDef<Op extends OperationId> = Extract<CommandRouteDef, { operationId: Op }>;
export type CommandBody<Op extends OperationId> = z.input<CommandDef<Op>['body']>;
export type CommandInput<Op extends OperationId> = ParamsInput<CommandDef<Op>['path']> & {
  body: CommandBody<Op>;
  /** Send the same key when retrying; a fresh one is made when left out (and reused by the client's retries). */
  idempotencyKey?: string;
};

/** What a command answers with: the thing it created, or the new state of what it wrote. */
export type CommandResult<Op extends OperationId> =
  CommandDef<Op> extends { creates: { schema: infer S } } ? z.output<S> : ViewOf<CommandDef<Op>['target']>;

type ReadDef<Op extends ReadOperationId> = (typeof readRoutes)[Op];
type ReadQuery<Op extends ReadOperationId> = ReadDef<Op>['request'] extends {
  query: infer Q extends z.ZodType;
}
  ? { query?: z.input<Q> }
  : { query?: undefined };
export type ReadInput<Op extends ReadOperationId> = ParamsInput<ReadDef<Op>['path']> & ReadQuery<Op>;
export type ReadResult<Op extends ReadOperationId> = z.output<
  ReadDef<Op>['responses'][200]['content']['application/json']['schema']
>;

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: { pointer: string; detail: string }[];
}

export class CstrApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
    readonly retryAfterSeconds: number | null,
  ) {
    super(`${status} ${problem.title}: ${problem.detail ?? problem.type}`);
  }
}

export interface CstrClientOptions {
  /** Where the API is, e.g. `https://cstr.example.gov.uk`. */
  baseUrl: string;
  /** A bearer token, or a function that gives a current one. */
  token: string | (() => string | Promise<string>);
  /** Why the caller processes the data (the access log's purpose); the role's default when left out. */
  purpose?: string;
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /**
   * How many times a command is resent, with the same Idempotency-Key, when the API answers 503 or cannot be
   * reached (it may have been applied: the same key applies it at most once). 2 unless set; 0 turns it off.
   */
  commandRetries?: number;
}

/** The longest a retry waits, whatever Retry-After says. */
const MAX_RETRY_WAIT_MS = 30_000;

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const commandPaths = new Map<string, string>(commandRoutes.map((r) => [r.operationId, r.path]));

function fillPath(template: string, params: Record<string, string> | undefined): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new TypeError(`missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
}

function queryString(query: Record<string, unknown> | undefined): string {
  const pairs = Object.entries(query ?? {}).filter(([, v]) => v !== undefined && v !== null);
  return pairs.length === 0
    ? ''
    : `?${new URLSearchParams(pairs.map(([k, v]): [string, string] => [k, String(v)])).toString()}`;
}

export function createCstrClient(options: CstrClientOptions) {
  const doFetch = options.fetch ?? ((input: string, init: RequestInit) => fetch(input, init));
  const base = options.baseUrl.replace(/\/+$/, '');

  async function send(method: 'GET' | 'POST', path: string, extra: { body?: unknown; key?: string } = {}) {
    // One key for the call and every resend of it: the API then applies the command at most once.
    const key = method === 'POST' ? (extra.key ?? crypto.randomUUID()) : undefined;
    const retries = method === 'POST' ? (options.commandRetries ?? 2) : 0;
    for (let attempt = 0; ; attempt += 1) {
      const token = typeof options.token === 'string' ? options.token : await options.token();
      const headers: Record<string, string> = {
        Authorization: `Bearer ${token}`,
        Accept: 'application/json',
      };
      if (options.purpose) headers['X-Purpose'] = options.purpose;
      if (key) {
        headers['Content-Type'] = 'application/json';
        headers['Idempotency-Key'] = key;
      }
      const res = await doFetch(`${base}${path}`, {
        method,
        headers,
        ...(method === 'POST' ? { body: JSON.stringify(extra.body) } : {}),
      }).catch((error: unknown) => {
        if (attempt < retries) return null;
        throw error;
      });
      if (res === null) {
        await wait(1_000);
        continue;
      }
      const body: unknown = await res.json();
      if (res.ok) return body;
      const retryAfter = res.headers.get('Retry-After');
      // Unavailable, or the first attempt with this key (one this client gave up on) still running.
      const resend =
        res.status === 503 ||
        (res.status === 409 && (body as Problem).type.endsWith('/idempotency-key-in-flight'));
      if (resend && attempt < retries) {
        await wait(Math.min(Number(retryAfter ?? 1) * 1_000, MAX_RETRY_WAIT_MS));
        continue;
      }
      throw new CstrApiError(res.status, body as Problem, retryAfter === null ? null : Number(retryAfter));
    }
  }

  function read<Op extends ReadOperationId>(operationId: Op, input: ReadInput<Op>): Promise<ReadResult<Op>> {
    const route = readRoutes[operationId];
    const { params, query } = input as { params?: Record<string, string>; query?: Record<string, unknown> };
    return send('GET', `${fillPath(route.path, params)}${queryString(query)}`) as Promise<ReadResult<Op>>;
  }

  return {
    /** Sends one command of the catalogue; answers with the new state of what was written (or what it created). */
    command<Op extends OperationId>(operationId: Op, input: CommandInput<Op>): Promise<CommandResult<Op>> {
      const template = commandPaths.get(operationId);
      if (!template) throw new TypeError(`unknown command ${operationId}`);
      const { params, body, idempotencyKey } = input as {
        params?: Record<string, string>;
        body: unknown;
        idempotencyKey?: string;
      };
      return send('POST', fillPath(template, params), {
        body,
        ...(idempotencyKey ? { key: idempotencyKey } : {}),
      }) as Promise<CommandResult<Op>>;
    },
    read,
    listOrders: (query?: ReadQuery<'listOrders'>['query']) => read('listOrders', { query }),
    getOrder: (orderId: string) => read('getOrder', { params: { orderId } }),
    listOrderEvents: (orderId: string, query?: ReadQuery<'listOrderEvents'>['query']) =>
      read('listOrderEvents', { params: { orderId }, query }),
    listOrderIncidents: (orderId: string) => read('listOrderIncidents', { params: { orderId } }),
    listRequirements: (query?: ReadQuery<'listRequirements'>['query']) => read('listRequirements', { query }),
    getRequirement: (requirementId: string) => read('getRequirement', { params: { requirementId } }),
    listDeadlines: (query?: ReadQuery<'listDeadlines'>['query']) => read('listDeadlines', { query }),
  };
}

export type CstrClient = ReturnType<typeof createCstrClient>;
