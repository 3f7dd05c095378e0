import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandRoutes } from '../../api/commands/catalogue';
import { useTestDatabase } from '../support/database';
import { type ApiHarness, startApiHarness } from './harness';
import { journeyCoverage } from './support/coverage';
import { allRoutes } from './support/routes';

const t = useTestDatabase();
let h: ApiHarness;
let doc: Record<string, unknown>;
beforeAll(async () => {
  h = await startApiHarness(t);
  const res = await h.api.request('/openapi.json');
  expect(res.status).toBe(200);
  doc = (await res.json()) as Record<string, unknown>;
});
afterAll(async () => {
  await h?.close();
});

interface Operation {
  operationId?: string;
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: Record<string, unknown> }>;
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Record<string, unknown> }> };
}

const operations = () =>
  Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    // The validator does refuse a broken document.
    const broken = { ...doc, paths: { '/v1/x': { get: { responses: { 200: { content: 'none' } } } } } };
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it('lists every command and read route, and nothing else', () => {
    const listed = operations().map((o) => `${o.method} ${o.path} ${o.op.operationId}`);
    expect(listed.sort()).toEqual(allRoutes.map((r) => `${r.method} ${r.path} ${r.operationId}`).sort());
    expect(allRoutes.length).toBe(commandRoutes.length + 7);
  });

  it('gives every route bearer security and its error responses as problem+json', () => {
    const schemes = (doc.components as { securitySchemes: Record<string, unknown> }).securitySchemes;
    expect(schemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    for (const { method, path, op } of operations()) {
      const where = `${method} ${path}`;
      expect(op.security, where).toEqual([{ bearerAuth: [] }]);
      const errors =
        method === 'POST'
          ? [400, 401, 403, 404, 409, 413, 415, 422, 429, 503]
          : [400, 401, 403, 404, 429, 503];
      for (const status of errors) {
        expect(Object.keys(op.responses[status]?.content ?? {}), `${where} ${status}`).toEqual([
          'application/problem+json',
        ]);
      }
      const success = Object.keys(op.responses).filter((s) => s.startsWith('2'));
      const creates = commandRoutes.some((r) => r.operationId === op.operationId && 'creates' in r);
      expect(success, where).toEqual([creates ? '201' : '200']);
    }
  });

  it('documents each command’s body as strict, its path ids and its Idempotency-Key', () => {
    for (const def of commandRoutes) {
      const op = (doc.paths as Record<string, Record<string, Operation>>)[def.path]!.post!;
      const schema = op.requestBody!.content['application/json']!.schema;
      expect(op.requestBody!.required, def.operationId).toBe(true);
      expect(schema.additionalProperties, def.operationId).toBe(false);
      const params = (op.parameters ?? []).map((p) => `${p.in}:${p.name}:${String(p.required)}`);
      expect(params, def.operationId).toContain('header:idempotency-key:true');
      for (const [, name] of def.path.matchAll(/\{(\w+)\}/g)) expect(params).toContain(`path:${name}:true`);
    }
  });

  it('is covered, route by route, by the role journeys (each asserting its access log)', () => {
    const covered = new Set<string>(Object.values(journeyCoverage).flat());
    expect(allRoutes.map((r) => r.operationId).filter((id) => !covered.has(id))).toEqual([]);
  });

  it('serves a reference page that reads the document', async () => {
    const res = await h.api.request('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('/openapi.json');
  });
});
