import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { RequirementType } from '../../domain/enums';
import type { ApiDeps } from '../env';
import { type AuthorizedEnv, authorize } from '../middleware/authorize';
import { readErrorResponses, validationHook } from '../openapi-shared';
import { discloseRequirement } from '../disclosure/requirement';
import { requirementVisibleTo } from '../scope';
import { RequirementRead } from '../schemas/requirement-read';
import { PageQuery, decodeCursor, page, pageSchema } from './paging';

const RequirementSummary = z
  .object({
    id: z.uuid().describe('The requirement.'),
    orderId: z.uuid().describe('Its order.'),
    type: RequirementType.describe('MHTR, DRR or ATR.'),
    status: z.string().describe('Where it stands.'),
    stage: z.enum(['PRE_SENTENCE', 'SENTENCED']).describe('Before or after sentence.'),
    providerOrgId: z.string().nullable().describe('The provider assessing or delivering it.'),
    periodStart: z
      .string()
      .nullable()
      .describe('The first day of treatment (YYYY-MM-DD); null before sentence.'),
    periodEnd: z
      .string()
      .nullable()
      .describe('The last day of treatment (YYYY-MM-DD); null before sentence.'),
  })
  .describe('A requirement in the caller’s caseload.');

export const listRequirements = createRoute({
  method: 'get',
  path: '/v1/requirements',
  operationId: 'listRequirements',
  summary: 'The caller’s caseload of requirements',
  tags: ['requirements'],
  security: [{ bearerAuth: [] }],
  request: {
    query: z.object({
      status: z.string().max(60).optional(),
      type: RequirementType.optional(),
      ...PageQuery,
    }),
  },
  responses: {
    200: {
      description: 'A page of requirements.',
      content: { 'application/json': { schema: pageSchema(RequirementSummary) } },
    },
    ...readErrorResponses,
  },
});

export const getRequirement = createRoute({
  method: 'get',
  path: '/v1/requirements/{requirementId}',
  operationId: 'getRequirement',
  summary: 'A requirement with its appointments, drug tests and reviews',
  tags: ['requirements'],
  security: [{ bearerAuth: [] }],
  request: { params: z.object({ requirementId: z.string() }) },
  responses: {
    200: {
      description: 'The requirement, minimised for the caller’s role.',
      content: { 'application/json': { schema: RequirementRead } },
    },
    ...readErrorResponses,
  },
});

export function requirementReads(deps: ApiDeps) {
  const app = new OpenAPIHono<AuthorizedEnv>({ defaultHook: validationHook as never });
  const { db } = deps;

  app.openapi(
    {
      ...listRequirements,
      middleware: [authorize(db, { roles: ['provider', 'probation'], action: 'READ' })],
    },
    async (c) => {
      const q = c.req.valid('query');
      const p = c.get('principal');
      const after = decodeCursor(q.cursor, 'id');
      let query = db
        .selectFrom('requirements')
        .select([
          'id',
          'order_id',
          'type',
          'status',
          'stage',
          'provider_org_id',
          'period_start',
          'period_end',
        ])
        .where(requirementVisibleTo(p))
        .orderBy('id')
        .limit(q.limit + 1);
      if (after) query = query.where('id', '>', after);
      if (q.status) query = query.where('status', '=', q.status);
      if (q.type) query = query.where('type', '=', q.type);
      const rows = await query.execute();
      const result = page(rows, q.limit, (r) => r.id);
      for (const r of result.items) {
        c.get('accessed').push({
          action: 'READ',
          resourceType: 'requirement',
          resourceId: r.id,
          orderId: r.order_id,
        });
      }
      return c.json(
        {
          items: result.items.map((r) => ({
            id: r.id,
            orderId: r.order_id,
            type: RequirementType.parse(r.type),
            status: r.status,
            stage: r.stage,
            providerOrgId: r.provider_org_id,
            periodStart: r.period_start,
            periodEnd: r.period_end,
          })),
          nextCursor: result.nextCursor,
        },
        200,
      );
    },
  );

  app.openapi(
    {
      ...getRequirement,
      middleware: [
        authorize(db, {
          roles: ['court-assessor', 'court', 'provider', 'probation', 'enforcement'],
          resource: 'requirement',
          action: 'READ',
        }),
      ],
    },
    async (c) => {
      const row = await db
        .selectFrom('requirements')
        .select(['id', 'order_id', 'type', 'status', 'stage', 'provider_org_id', 'view'])
        .where('id', '=', c.get('target').requirementId!)
        .executeTakeFirstOrThrow();
      const envelope = {
        id: row.id,
        orderId: row.order_id,
        type: row.type,
        status: row.status,
        stage: row.stage,
        providerOrgId: row.provider_org_id,
      };
      const body = discloseRequirement(c.get('principal').role, envelope, row.view);
      return c.json(body, 200);
    },
  );

  return app;
}
