import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { CaseRole } from '../../domain/primitives';
import type { ApiDeps } from '../env';
import { type AuthorizedEnv, authorize } from '../middleware/authorize';
import { readErrorResponses, validationHook } from '../openapi-shared';
import { Deadline } from '../schemas/deadline';
import { listDeadlines as listWorklist } from './queries/deadlines';
import { logged } from './queries/read';

export const listDeadlines = createRoute({
  method: 'get',
  path: '/v1/deadlines',
  operationId: 'listDeadlines',
  summary: 'The caller’s worklist: what is due and what is overdue, soonest first',
  tags: ['deadlines'],
  security: [{ bearerAuth: [] }],
  request: {
    query: z.object({
      overdue: z.enum(['true', 'false']).optional(),
      dueBefore: z.iso.datetime({ offset: true }).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
  },
  responses: {
    200: {
      description: 'Deadlines for the caller’s role and organisation.',
      content: {
        'application/json': {
          schema: z.object({ items: z.array(Deadline).describe('The deadlines, soonest first.') }),
        },
      },
    },
    ...readErrorResponses,
  },
});

export function deadlineReads(deps: ApiDeps) {
  const app = new OpenAPIHono<AuthorizedEnv>({ defaultHook: validationHook as never });
  app.openapi(
    { ...listDeadlines, middleware: [authorize(deps.db, { roles: CaseRole.options, action: 'READ' })] },
    async (c) => {
      const read = await listWorklist(deps.db, c.get('principal'), c.req.valid('query'), deps.clock());
      return c.json(logged(c, read), 200);
    },
  );
  return app;
}
