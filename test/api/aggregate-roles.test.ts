import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../domain/primitives';
import { useTestDatabase } from '../support/database';
import { type ApiHarness, startApiHarness } from './harness';
import { sentencedCase } from './support/cases';
import { Journey } from './support/journey';

// The roles that never see a case: a commissioner (aggregates) and data protection (a person's own records).
const t = useTestDatabase();
let h: ApiHarness;
let orderId: string;
let requirementId: string;
let operations: { method: 'GET' | 'POST'; path: string; operationId: string }[];

/** What each of these roles may call; every other route of the OpenAPI document must refuse it. */
const ALLOWED: Partial<Record<Role, readonly string[]>> = {
  commissioner: ['listKpis'],
  'data-protection': [],
};

beforeAll(async () => {
  h = await startApiHarness(t);
  const j = new Journey(h);
  const sentenced = await sentencedCase(j, { months: 12, requirements: [{ type: 'DRR', months: 12 }] });
  orderId = sentenced.orderId;
  requirementId = sentenced.ids[0]!;
  const doc = (await (await h.api.request('/openapi.json')).json()) as {
    paths: Record<string, Record<string, { operationId: string }>>;
  };
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase() as 'GET' | 'POST',
      path,
      operationId: op.operationId,
    })),
  );
});
afterAll(async () => {
  await h?.close();
});

/** The path with the case's real order and requirement, and fresh ids for anything else it names. */
const concrete = (path: string) =>
  path
    .replace('{orderId}', orderId)
    .replace('{requirementId}', requirementId)
    .replace('{crn}', 'X123456')
    .replace(/\{\w+\}/g, () => randomUUID());

async function accessLogRowsBy(role: Role) {
  return t.db.selectFrom('access_log').selectAll().where('actor_role', '=', role).execute();
}

describe('a role that never sees a person or a case', () => {
  for (const role of ['commissioner', 'data-protection'] as const)
    for (const org of role === 'commissioner' ? ['NATIONAL', 'Y56'] : ['DPO'])
      it(`${role} (${org}) is refused 403 on every other route of the OpenAPI document, and nothing is logged as read`, async () => {
        const token = await h.token(role, org);
        const walked = operations.filter(
          (o) => o.path.startsWith('/v1/') && !ALLOWED[role]!.includes(o.operationId),
        );
        expect(walked.length).toBeGreaterThan(40);
        for (const o of walked) {
          const res = await h.call(o.method, concrete(o.path), {
            token,
            ...(o.method === 'POST' ? { body: {} } : {}),
          });
          expect(res.status, `${o.method} ${o.path}`).toBe(403);
          expect(res.headers.get('Content-Type')).toBe('application/problem+json');
        }
        expect(await accessLogRowsBy(role)).toEqual([]);
        const refused = await t.db
          .selectFrom('security_log')
          .select('reason')
          .where('actor_role', '=', role)
          .where('actor_org', '=', org)
          .execute();
        expect(refused.length).toBe(walked.length);
        expect(new Set(refused.map((r) => r.reason))).toEqual(new Set(['role-not-allowed']));
      });
});

describe('GET /v1/kpis', () => {
  it('answers a commissioner with the figures and their definitions, and logs who asked for what', async () => {
    const token = await h.token('commissioner', 'NATIONAL', 'analyst-7');
    const res = await h.call('GET', '/v1/kpis?period=2027-Q1&by=region', { token });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      area: string;
      threshold: number;
      definitions: unknown[];
      figures: unknown[];
    };
    expect(body).toMatchObject({
      area: 'NATIONAL',
      threshold: 5,
      by: 'region',
      period: { from: '2027-01-01', to: '2027-03-31' },
    });
    expect(body.definitions.length).toBeGreaterThan(20);
    const logged = await t.db
      .selectFrom('access_log')
      .select(['actor_sub', 'actor_org', 'resource_type', 'resource_id', 'order_id', 'purpose'])
      .where('actor_sub', '=', 'analyst-7')
      .execute();
    expect(logged).toEqual([
      {
        actor_sub: 'analyst-7',
        actor_org: 'NATIONAL',
        resource_type: 'kpis',
        resource_id: 'period=2027-Q1&by=region',
        order_id: null,
        purpose: 'commissioning (aggregate figures)',
      },
    ]);
  });

  it('answers the same figures as CSV when asked for text/csv', async () => {
    const token = await h.token('commissioner', 'NATIONAL');
    const json = (await (await h.call('GET', '/v1/kpis?period=2026-12', { token })).json()) as {
      figures: { kpi: string; value: number | null }[];
    };
    const res = await h.call('GET', '/v1/kpis?period=2026-12', { token, headers: { Accept: 'text/csv' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'period,area,kpi,title,unit,category,by,group,numerator,denominator,value,suppressed',
    );
    expect(lines.length - 1).toBe(json.figures.length);
    expect(lines[1]!.split(',').slice(0, 3)).toEqual(['2026-12', 'NATIONAL', json.figures[0]!.kpi]);
  });

  it('refuses a malformed period or dimension, or an unknown filter, with a problem naming it', async () => {
    const token = await h.token('commissioner', 'NATIONAL');
    for (const [query, pointer] of [
      ['period=2027-13', '/query/period'],
      ['period=2027-Q5', '/query/period'],
      ['', '/query/period'],
      ['period=2027-01&by=colour', '/query/by'],
      ['period=2027-01&colour=red', '/query'],
    ] as const) {
      const res = await h.call('GET', `/v1/kpis?${query}`, { token });
      expect(res.status, query).toBe(400);
      const problem = (await res.json()) as { errors: { pointer: string }[] };
      expect(
        problem.errors.map((e) => e.pointer),
        query,
      ).toContain(pointer);
    }
  });

  it('refuses a regional commissioner another region’s figures, and every case role the KPIs', async () => {
    const london = await h.token('commissioner', 'Y56');
    expect((await h.call('GET', '/v1/kpis?period=2027-01&region=Y62', { token: london })).status).toBe(403);
    expect((await h.call('GET', '/v1/kpis?period=2027-01&region=Y56', { token: london })).status).toBe(200);
    for (const role of [
      'court',
      'probation',
      'provider',
      'court-assessor',
      'enforcement',
      'data-protection',
    ] as const)
      expect(
        (await h.call('GET', '/v1/kpis?period=2027-01', { token: await h.token(role, 'N07LDN') })).status,
      ).toBe(403);
  });
});
