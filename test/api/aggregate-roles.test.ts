import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { SubjectAccessExport } from '../../api/schemas/subject-access';
import { recordAccess } from '../../api/middleware/access-log';
import type { Role } from '../../domain/primitives';
import { useTestDatabase } from '../support/database';
import { createPdfRenderer } from '../../web/pdf/renderer';
import { readPdf } from '../web/support/pdf-text';
import { type ApiHarness, startApiHarness } from './harness';
import { openCaseBody } from '../../app/case-fixtures';
import { sentencedCase } from './support/cases';
import { Journey, type Json, actors } from './support/journey';

// The roles that never see a case: a commissioner (aggregates) and data protection (a person's own records).
const t = useTestDatabase();
let h: ApiHarness;
let orderId: string;
let requirementId: string;
let otherOrderId: string;
const OTHER_PERSON = {
  givenName: 'Morgan',
  familyName: 'Otherperson',
  dateOfBirth: '1985-02-03',
  crn: 'Y654321',
  homeLocalJusticeArea: 'Lambeth',
};
let operations: { method: 'GET' | 'POST'; path: string; operationId: string }[];

/** What each of these roles may call; every other route of the OpenAPI document must refuse it. */
const ALLOWED: Partial<Record<Role, readonly string[]>> = {
  commissioner: ['listKpis'],
  'data-protection': ['getSubjectAccess', 'getSubjectAccessPdf'],
};

// Chromium is launched only when the PDF is asked for.
const pdf = createPdfRenderer();

beforeAll(async () => {
  h = await startApiHarness(t, { pdf });
  const j = new Journey(h);
  const sentenced = await sentencedCase(j, { months: 12, requirements: [{ type: 'DRR', months: 12 }] });
  orderId = sentenced.orderId;
  requirementId = sentenced.ids[0]!;
  await j.get(actors.court, `/v1/orders/${orderId}`);
  const other: Json = await j.post(
    actors.assessor,
    '/v1/orders',
    openCaseBody(sentenced.sentenceDate, ['ATR'], { person: OTHER_PERSON, offence: 'Criminal damage' }),
  );
  otherOrderId = other.orderId as string;
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
  await pdf.close();
});

/** The path with the case's real order and requirement, and fresh ids for anything else it names. */
const concrete = (path: string) =>
  path
    .replace('{orderId}', orderId)
    .replace('{requirementId}', requirementId)
    .replace('{crn}', 'X123456')
    .replace(/\{\w+\}/g, () => randomUUID());

async function accessLogRowsBy(role: Role) {
  return t.db.selectFrom('access_log_entries').selectAll().where('actor_role', '=', role).execute();
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
      .selectFrom('access_log_entries')
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

  it('answers JSON where the Accept header prefers it to CSV or refuses CSV', async () => {
    const token = await h.token('commissioner', 'NATIONAL');
    for (const accept of [
      'text/csv;q=0',
      'application/json, text/csv;q=0.5',
      'text/csv;q=0.2, */*;q=0.1, application/json',
    ]) {
      const res = await h.call('GET', '/v1/kpis?period=2026-12', { token, headers: { Accept: accept } });
      expect(res.status, accept).toBe(200);
      expect(res.headers.get('Content-Type'), accept).toMatch(/^application\/json/);
    }
    const csv = await h.call('GET', '/v1/kpis?period=2026-12', {
      token,
      headers: { Accept: 'application/json;q=0.5, text/csv' },
    });
    expect(csv.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
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
    const refused = await t.db
      .selectFrom('security_log')
      .select(['reason', 'status', 'route'])
      .where('actor_role', '=', 'commissioner')
      .where('actor_org', '=', 'Y56')
      .where('route', 'like', '%kpis%')
      .execute();
    expect(refused).toEqual([
      { reason: 'out-of-scope', status: 403, route: expect.stringContaining('/v1/kpis') },
    ]);
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

type Export = z.infer<typeof SubjectAccessExport>;
const orderIds = (e: Export) => e.orders.map((o) => o.orderId);

describe('GET /v1/people/{crn}/subject-access', () => {
  const PURPOSE = 'SAR 2027/0042';
  const exportOf = async (crn: string) => {
    const token = await h.token('data-protection', 'DPO', 'dpo-1');
    const res = await h.call('GET', `/v1/people/${crn}/subject-access`, {
      token,
      headers: { 'X-Purpose': PURPOSE },
    });
    return { res, text: await res.text() };
  };

  it('exports the person’s case, orders, requirements, events, notifications and access log', async () => {
    const { res, text } = await exportOf('X123456');
    expect(res.status, text).toBe(200);
    const body = JSON.parse(text) as Export;
    expect(body.subject).toEqual({
      crn: 'X123456',
      givenName: 'Alex',
      familyName: 'Example',
      dateOfBirth: '1990-05-01',
    });
    expect(body.purpose).toBe(PURPOSE);
    expect(orderIds(body)).toEqual([orderId]);
    const order = body.orders[0]!;
    expect(order.order).toMatchObject({ case: { person: { familyName: 'Example' } } });
    expect(order.requirements.map((r) => r.id)).toEqual([requirementId]);
    expect(order.requirements[0]!.detail).toMatchObject({ type: 'DRR' });
    const stored = await t.db
      .selectFrom('events')
      .select('id')
      .where('order_id', '=', orderId)
      .orderBy('seq')
      .execute();
    expect(order.events.map((e) => e.id)).toEqual(stored.map((e) => e.id));
    expect(order.events[0]).toMatchObject({ type: 'CaseIdentified', actor: { role: 'court-assessor' } });
    const notified = await t.db
      .selectFrom('notifications')
      .select('id')
      .where('order_id', '=', orderId)
      .execute();
    expect(order.notifications.map((n) => n.id).sort()).toEqual(notified.map((n) => n.id).sort());
    expect(order.accessLog).toContainEqual(
      expect.objectContaining({
        actor: { role: 'court', org: actors.court.org },
        action: 'READ',
        resourceType: 'order',
      }),
    );
  });

  it('finds the same records from one of the person’s order ids', async () => {
    const byCrn = JSON.parse((await exportOf('X123456')).text) as Export;
    const byOrder = JSON.parse((await exportOf(orderId)).text) as Export;
    expect(orderIds(byOrder)).toEqual(orderIds(byCrn));
  });

  it('lists every access to the order, logged before one row a request and since, and none to another order beside it', async () => {
    await t.db
      .insertInto('access_log')
      .values({
        actor_sub: 'enforcer-1',
        actor_role: 'enforcement',
        actor_org: 'ENF-OLD',
        action: 'READ',
        resource_type: 'order',
        resource_id: orderId,
        order_id: orderId,
        purpose: 'breach proceedings, logged row by row',
        request_id: randomUUID(),
        status: 200,
      })
      .execute();
    const otherRequirementId = randomUUID();
    await recordAccess(
      t.db,
      { sub: 'officer-9', role: 'probation', org: 'PDU-LIST', clientId: 'PDU-LIST/officer-9' },
      [
        {
          action: 'READ',
          resourceType: 'requirement',
          resourceId: otherRequirementId,
          orderId: otherOrderId,
        },
        { action: 'READ', resourceType: 'requirement', resourceId: requirementId, orderId },
      ],
      { purpose: 'worklist, logged a row a request', requestId: randomUUID(), status: 200 },
    );
    const { text } = await exportOf('X123456');
    const logged = (JSON.parse(text) as Export).orders[0]!.accessLog;
    const [before, since] = [
      logged.findIndex((a) => a.purpose === 'breach proceedings, logged row by row'),
      logged.findIndex((a) => a.purpose === 'worklist, logged a row a request'),
    ];
    expect(logged[before]).toMatchObject({
      actor: { role: 'enforcement', org: 'ENF-OLD' },
      resourceType: 'order',
      resourceId: orderId,
    });
    expect(logged[since]).toMatchObject({
      actor: { role: 'probation', org: 'PDU-LIST' },
      resourceType: 'requirement',
      resourceId: requirementId,
    });
    expect(before).toBeLessThan(since);
    expect(logged.filter((a) => a.purpose === 'worklist, logged a row a request')).toHaveLength(1);
    expect(text).not.toContain(otherRequirementId);
  });

  it('leaves out other people: another person’s case, and the identities of the staff who acted or read', async () => {
    const { text } = await exportOf('X123456');
    for (const other of [otherOrderId, OTHER_PERSON.crn, OTHER_PERSON.familyName, 'Criminal damage'])
      expect(text).not.toContain(other);
    const staff = await t.db.selectFrom('access_log_entries').select('actor_sub').distinct().execute();
    const actors = await t.db.selectFrom('events').select('actor_sub').distinct().execute();
    for (const { actor_sub } of [...staff, ...actors]) expect(text).not.toContain(`"${actor_sub}"`);
    const theirs = JSON.parse((await exportOf(OTHER_PERSON.crn)).text) as Export;
    expect(orderIds(theirs)).toEqual([otherOrderId]);
    expect(JSON.stringify(theirs)).not.toContain(orderId);
  });

  it('is access-logged against each order exported, with its purpose', async () => {
    await exportOf('X123456');
    const rows = await t.db
      .selectFrom('access_log_entries')
      .select(['actor_role', 'actor_org', 'resource_type', 'resource_id', 'order_id', 'purpose'])
      .where('actor_sub', '=', 'dpo-1')
      .where('order_id', '=', orderId)
      .execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]).toEqual({
      actor_role: 'data-protection',
      actor_org: 'DPO',
      resource_type: 'order',
      resource_id: orderId,
      order_id: orderId,
      purpose: PURPOSE,
    });
  });

  it('exports the same records as a readable, tagged PDF, access-logged with its purpose', async () => {
    const token = await h.token('data-protection', 'DPO', 'dpo-pdf');
    const res = await h.call('GET', '/v1/people/X123456/subject-access.pdf', {
      token,
      headers: { 'X-Purpose': PURPOSE },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/pdf');
    const read = await readPdf(new Uint8Array(await res.arrayBuffer()));
    expect(read.title).toBe('Records held about Alex Example');
    expect(read.tagged).toBe(true);
    const json = JSON.parse((await exportOf('X123456')).text) as Export;
    // Words as the PDF sets them (a long id may wrap in a table cell): compared without the spaces.
    const text = read.text.replace(/\s+/g, '');
    const order = json.orders[0]!;
    for (const held of [
      'Alex Example',
      'X123456',
      PURPOSE,
      orderId,
      requirementId,
      ...order.events.map((e) => e.type),
      ...order.accessLog.filter((a) => a.purpose !== PURPOSE).map((a) => a.purpose),
      'court-assessor',
    ])
      expect(text).toContain(held.replace(/\s+/g, ''));
    for (const other of [otherOrderId, OTHER_PERSON.crn, OTHER_PERSON.familyName, 'Criminal damage'])
      expect(text).not.toContain(other.replace(/\s+/g, ''));
    const logged = await t.db
      .selectFrom('access_log_entries')
      .select(['resource_id', 'purpose'])
      .where('actor_sub', '=', 'dpo-pdf')
      .execute();
    expect(logged).toEqual([{ resource_id: orderId, purpose: PURPOSE }]);
  });

  it('needs a purpose, answers 404 for a person nobody holds, and refuses every other role', async () => {
    const token = await h.token('data-protection', 'DPO');
    const unexplained = await h.call('GET', '/v1/people/X123456/subject-access', { token });
    expect(unexplained.status).toBe(400);
    const problem = (await unexplained.json()) as { errors: { pointer: string }[] };
    expect(problem.errors.map((e) => e.pointer)).toContain('/header/x-purpose');
    expect((await exportOf('Z000000')).res.status).toBe(404);
    for (const role of [
      'court',
      'probation',
      'provider',
      'court-assessor',
      'enforcement',
      'commissioner',
    ] as const) {
      const res = await h.call('GET', '/v1/people/X123456/subject-access', {
        token: await h.token(role, actors.court.org),
        headers: { 'X-Purpose': PURPOSE },
      });
      expect(res.status, role).toBe(403);
    }
  });
});
