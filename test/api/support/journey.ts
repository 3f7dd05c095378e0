import { afterAll, beforeAll, expect } from 'vitest';
import type { z } from 'zod';
import { commandRoutes, viewSchemaOf } from '../../../api/commands/catalogue';
import { type ReadOperationId, readRoutes } from '../../../api/reads/routes';
import { COURT_CODE, PROBATION_DELIVERY_UNIT } from '../../../app/case-fixtures';
import type { CaseRole } from '../../../domain/primitives';
import { type TestDatabase, useTestDatabase } from '../../support/database';
import { type ApiHarness, startApiHarness } from '../harness';
import { routeOf } from './routes';

export interface Actor {
  sub: string;
  role: CaseRole;
  org: string;
}

export const actors = {
  assessor: { sub: 'assessor-1', role: 'court-assessor', org: COURT_CODE },
  court: { sub: 'court-clerk-1', role: 'court', org: COURT_CODE },
  provider: { sub: 'keyworker-1', role: 'provider', org: 'PROV-DRUGS' },
  mhProvider: { sub: 'psychologist-1', role: 'provider', org: 'PROV-MH' },
  otherProvider: { sub: 'keyworker-9', role: 'provider', org: 'PROV-ELSEWHERE' },
  probation: { sub: 'officer-1', role: 'probation', org: PROBATION_DELIVERY_UNIT },
  enforcement: { sub: 'eo-1', role: 'enforcement', org: PROBATION_DELIVERY_UNIT },
} as const satisfies Record<string, Actor>;

/** The purpose each role's access is logged with when it sends no X-Purpose (DPA 2018 s.62). */
export const DEFAULT_PURPOSE: Record<CaseRole, string> = {
  'court-assessor': 'pre-sentence assessment',
  court: 'judicial proceedings',
  provider: 'treatment delivery',
  probation: 'supervision of the order',
  enforcement: 'enforcement of the order',
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read field by field
export type Json = any;

export interface CallOptions {
  /** The status expected; by default 201 for a create, else 200. */
  status?: number;
  key?: string;
  purpose?: string;
}

interface LoggedResource {
  resource_type: 'order' | 'requirement';
  resource_id: string;
  order_id: string;
}

/** The schema the OpenAPI document declares for a route's 2xx answer. */
function answerSchemaOf(operationId: string): z.ZodType {
  const command = commandRoutes.find((r) => r.operationId === operationId);
  if (command) return 'creates' in command ? command.creates.schema : viewSchemaOf(command.target);
  return readRoutes[operationId as ReadOperationId].responses[200].content['application/json'].schema;
}

/** Statuses reached after the route's object was loaded and checked: the attempt is in the access log. */
const LOGGED_STATUSES = new Set([200, 201, 403, 409, 422]);

/**
 * Calls the API as one actor after another, asserting each answer's status and, for every call, the
 * access-log rows it left (who, role, organisation, action, what, which order, why, when). Records which
 * routes it called so that a journey can show it covered its share.
 */
export class Journey {
  readonly operations = new Set<string>();
  private readonly tokens = new Map<string, Promise<string>>();

  constructor(private harness?: ApiHarness) {}

  /** The API harness the journey drives. */
  get h(): ApiHarness {
    if (!this.harness)
      throw new Error('the journey is used before its harness started (useJourney’s beforeAll)');
    return this.harness;
  }

  /**
   * A journey for the current test file, on a fresh database (`t`) and API harness started before its tests
   * and closed after them.
   */
  static forThisFile(): { t: TestDatabase; j: Journey } {
    const t = useTestDatabase();
    const j = new Journey();
    beforeAll(async () => {
      j.harness = await startApiHarness(t);
    });
    afterAll(async () => {
      await j.harness?.close();
    });
    return { t, j };
  }

  token(actor: Actor): Promise<string> {
    const id = `${actor.role}|${actor.org}|${actor.sub}`;
    let token = this.tokens.get(id);
    if (!token) {
      token = this.h.token(actor.role, actor.org, actor.sub);
      this.tokens.set(id, token);
    }
    return token;
  }

  post(actor: Actor, path: string, body: unknown, options: CallOptions = {}): Promise<Json> {
    return this.send('POST', actor, path, body, options);
  }

  get(actor: Actor, path: string, options: CallOptions = {}): Promise<Json> {
    return this.send('GET', actor, path, undefined, options);
  }

  async today(): Promise<string> {
    return new Date(await this.h.env.currentTimeMs()).toISOString().slice(0, 10);
  }

  /** Skips the engine's clock to `instant`, firing every timer on the way. */
  async sleepUntil(instant: string): Promise<void> {
    const ms = Date.parse(instant) - (await this.h.env.currentTimeMs());
    if (ms > 0) await this.h.env.sleep(ms);
  }

  private async send(
    method: 'GET' | 'POST',
    actor: Actor,
    path: string,
    body: unknown,
    options: CallOptions,
  ): Promise<Json> {
    const { route, params } = routeOf(method, path);
    const creates = commandRoutes.find((r) => r.operationId === route.operationId && 'creates' in r);
    const expected = options.status ?? (creates ? 201 : 200);
    const before = Date.now();
    const res = await this.h.call(method, path, {
      token: await this.token(actor),
      body,
      ...(options.key ? { key: options.key } : {}),
      ...(options.purpose ? { headers: { 'X-Purpose': options.purpose } } : {}),
    });
    const text = await res.text();
    expect(res.status, `${method} ${path} as ${actor.role}: ${text}`).toBe(expected);
    const json: Json = text ? JSON.parse(text) : null;
    if (res.ok) {
      // What the API sends is what its OpenAPI document says: no field missing, mistyped or undeclared.
      const parsed = answerSchemaOf(route.operationId).safeParse(json);
      expect(parsed.error?.issues ?? [], `${method} ${path} as ${actor.role}: the declared schema`).toEqual(
        [],
      );
    }
    if (res.status >= 400) {
      expect(res.headers.get('Content-Type')).toBe('application/problem+json');
      expect(json.type).toMatch(/^https:\/\//);
    }
    this.operations.add(route.operationId);
    // A refusal shows nothing: the access log has no row for it, the security log has one.
    const refused = res.status === 403;
    if (refused) await this.expectRefusalLogged(res, actor);
    if (LOGGED_STATUSES.has(res.status)) {
      const resources = refused ? [] : await this.resourcesOf(route.operationId, params, json);
      await this.expectLogged(res, actor, method === 'GET' ? 'READ' : 'WRITE', resources, {
        before,
        after: Date.now(),
        purpose: options.purpose ?? DEFAULT_PURPOSE[actor.role],
      });
    }
    return json;
  }

  /** What the access log must name for this call: the path's object, or each item a list returned. */
  private async resourcesOf(
    operationId: string,
    params: Record<string, string>,
    json: Json,
  ): Promise<LoggedResource[]> {
    const items = (json?.items ?? []) as Json[];
    switch (operationId) {
      case 'listOrders':
        return items.map((i) => ({ resource_type: 'order', resource_id: i.id, order_id: i.id }));
      case 'listRequirements':
        return items.map((i) => ({ resource_type: 'requirement', resource_id: i.id, order_id: i.orderId }));
      case 'listAppointments':
        // Each requirement whose appointments the diary showed, once.
        return [...new Map(items.map((i) => [i.requirementId as string, i.orderId as string]))].map(
          ([requirementId, orderId]) => ({
            resource_type: 'requirement' as const,
            resource_id: requirementId,
            order_id: orderId,
          }),
        );
      case 'listDeadlines':
        return items.map((i) =>
          i.requirementId
            ? { resource_type: 'requirement', resource_id: i.requirementId, order_id: i.orderId }
            : { resource_type: 'order', resource_id: i.orderId, order_id: i.orderId },
        );
      case 'getOrder': {
        // The order, and each requirement it shows (details or summary) were read.
        const orderId = params.orderId!;
        const requirements = ((json?.requirementDetails ?? []) as Json[]).map((r) => ({
          resource_type: 'requirement' as const,
          resource_id: r.id,
          order_id: orderId,
        }));
        return [
          { resource_type: 'order' as const, resource_id: orderId, order_id: orderId },
          ...requirements,
        ];
      }
      case 'openCase':
        // A refused open names no order: there is nothing to log.
        if (!json.orderId) return [];
        return [{ resource_type: 'order', resource_id: json.orderId, order_id: json.orderId }];
    }
    if (params.requirementId) {
      const row = await this.h.deps.db
        .selectFrom('requirements')
        .select('order_id')
        .where('id', '=', params.requirementId)
        .executeTakeFirstOrThrow();
      return [{ resource_type: 'requirement', resource_id: params.requirementId, order_id: row.order_id }];
    }
    const orderId = params.orderId!;
    return [{ resource_type: 'order', resource_id: orderId, order_id: orderId }];
  }

  private async expectRefusalLogged(res: Response, actor: Actor) {
    const rows = await this.h.deps.db
      .selectFrom('security_log')
      .select(['actor_sub', 'actor_role', 'actor_org', 'status'])
      .where('request_id', '=', res.headers.get('X-Request-Id'))
      .execute();
    expect(rows, `security log of ${res.url}`).toEqual([
      { actor_sub: actor.sub, actor_role: actor.role, actor_org: actor.org, status: res.status },
    ]);
  }

  private async expectLogged(
    res: Response,
    actor: Actor,
    action: 'READ' | 'WRITE',
    resources: LoggedResource[],
    expected: { before: number; after: number; purpose: string },
  ) {
    const requestId = res.headers.get('X-Request-Id');
    expect(requestId).toBeTruthy();
    const rows = await this.h.deps.db
      .selectFrom('access_log_entries')
      .selectAll()
      .where('request_id', '=', requestId)
      .orderBy('id')
      .execute();
    expect(
      rows.map((r) => ({
        actor_sub: r.actor_sub,
        actor_role: r.actor_role,
        actor_org: r.actor_org,
        action: r.action,
        resource_type: r.resource_type,
        resource_id: r.resource_id,
        order_id: r.order_id,
        purpose: r.purpose,
        status: r.status,
      })),
      `access log of ${res.url}`,
    ).toEqual(
      resources.map((r) => ({
        actor_sub: actor.sub,
        actor_role: actor.role,
        actor_org: actor.org,
        action,
        ...r,
        purpose: expected.purpose,
        status: res.status,
      })),
    );
    for (const row of rows) {
      expect(row.at.getTime()).toBeGreaterThanOrEqual(expected.before - 1);
      expect(row.at.getTime()).toBeLessThanOrEqual(expected.after + 1);
    }
  }
}

/** Reads until `done` holds, or returns the last value after `timeoutMs` (the assertion then says why). */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}
