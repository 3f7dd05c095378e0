import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { RequirementType } from '../../domain/enums';
import { CaseRole } from '../../domain/primitives';
import type { ApiDeps } from '../env';
import { type AuthorizedEnv, authorize, readTarget } from '../middleware/authorize';
import { readErrorResponses, validationHook } from '../openapi-shared';
import { RequirementRead } from '../schemas/requirement-read';
import { PageQuery, pageSchema } from './paging';
import * as queries from './queries/requirements';
import { logged } from './queries/read';

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
    async (c) =>
      c.json(logged(c, await queries.listRequirements(db, c.get('principal'), c.req.valid('query'))), 200),
  );

  const readRequirement = {
    roles: CaseRole.options,
    resource: 'requirement',
    action: 'READ',
    readsTarget: true,
  } as const;
  app.openapi({ ...getRequirement, middleware: [authorize(db, readRequirement)] }, async (c) => {
    const requirement = await readTarget(c, readRequirement, (id) =>
      queries.readRequirement(db, c.get('principal'), id, deps.clock()),
    );
    return c.json(requirement.shown(), 200);
  });

  return app;
}
