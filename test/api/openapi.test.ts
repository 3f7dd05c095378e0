import { Validator } from '@seriousme/openapi-schema-validator';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { commandRoutes } from '../../api/commands/catalogue';
import { KPIS } from '../../api/kpis/registry';
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

interface Schema {
  $ref?: string;
  type?: string | string[];
  description?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: unknown;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
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
    expect(allRoutes.length).toBe(commandRoutes.length + 11);
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

  it('gives every 2xx response a schema with named properties, each described', () => {
    const components = (doc.components as { schemas?: Record<string, Schema> }).schemas ?? {};
    const resolve = (schema: Schema): Schema =>
      schema.$ref ? resolve(components[schema.$ref.replace('#/components/schemas/', '')]!) : schema;
    const undescribed = (schema: Schema, where: string): string[] => {
      const s = resolve(schema);
      const parts = [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])];
      return [
        ...Object.entries(s.properties ?? {}).flatMap(([name, property]) => [
          ...(property.description || resolve(property).description ? [] : [`${where}.${name}`]),
          ...undescribed(property, `${where}.${name}`),
        ]),
        ...(s.items ? undescribed(s.items, `${where}[]`) : []),
        ...parts.flatMap((p) => undescribed(p, where)),
      ];
    };
    const missing: string[] = [];
    for (const { method, path, op } of operations()) {
      for (const [status, response] of Object.entries(op.responses).filter(([s]) => s.startsWith('2'))) {
        const where = `${method} ${path} ${status}`;
        const pdf = response.content?.['application/pdf'] as { schema?: Schema } | undefined;
        if (pdf) {
          // A document route (api/reads/routes.ts): a PDF, described.
          expect(Object.keys(response.content ?? {}), where).toEqual(['application/pdf']);
          expect(pdf.schema?.description, where).toBeTruthy();
          continue;
        }
        const schema = resolve(
          (response.content?.['application/json'] as { schema?: Schema } | undefined)?.schema ?? {},
        );
        expect(schema.type, where).toBe('object');
        expect(Object.keys(schema.properties ?? {}).length, where).toBeGreaterThan(0);
        expect(schema.additionalProperties, where).not.toEqual({});
        missing.push(...undescribed(schema, where));
      }
    }
    expect(missing).toEqual([]);
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

  it('defines every KPI once, where the figures name it: id, title, unit and definition', () => {
    // Every schema in the document that lists the KPIs' ids.
    const kpiSchemas: { enum: unknown[]; description?: string }[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (node === null || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      if (Array.isArray(o.enum) && o.enum.includes(KPIS[0]!.id)) kpiSchemas.push(o as never);
      Object.values(o).forEach(walk);
    };
    walk(doc);
    expect(kpiSchemas.length).toBeGreaterThan(0);
    for (const schema of kpiSchemas) {
      expect(schema.enum).toEqual(KPIS.map((k) => k.id));
      const rows = (schema.description ?? '').split('\n').filter((line) => line.startsWith('| `'));
      expect(rows).toEqual(KPIS.map((k) => `| \`${k.id}\` | ${k.title} | ${k.unit} | ${k.definition} |`));
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

  it('is built once, not on every request, and served the same each time', async () => {
    const build = vi.spyOn(h.api, 'getOpenAPI31Document');
    const served = [];
    for (let n = 0; n < 3; n += 1) {
      const res = await h.api.request('/openapi.json');
      expect(res.status).toBe(200);
      expect(res.headers.get('Content-Type')).toMatch(/^application\/json/);
      served.push(await res.json());
    }
    expect(build).not.toHaveBeenCalled();
    build.mockRestore();
    expect(served).toEqual([doc, doc, doc]);
  });

  it('serves the reference page under a CSP that lets in only its own script and style, by hash', async () => {
    const res = await h.api.request('/docs');
    const html = await res.text();
    const csp = res.headers.get('Content-Security-Policy') ?? '';
    const directives = Object.fromEntries(
      csp.split(';').map((d) => {
        const [name, ...sources] = d.trim().split(/\s+/);
        return [name, sources];
      }),
    );
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    expect(html.match(/<script/g)).toHaveLength(scripts.length);
    expect(html).not.toMatch(/\sstyle=|\son[a-z]+=/i);
    expect(directives).toMatchObject({
      'default-src': ["'none'"],
      'script-src': scripts.map(hash),
      'style-src': styles.map(hash),
      'connect-src': ["'self'"],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
      'frame-ancestors': ["'none'"],
    });
    expect(scripts.length * styles.length).toBeGreaterThan(0);
    expect(csp).not.toMatch(/unsafe/);
  });
});
