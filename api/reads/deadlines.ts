import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import type { ApiDeps } from '../env';
import { type AuthorizedEnv, authorize } from '../middleware/authorize';
import { readErrorResponses, validationHook } from '../openapi-shared';

const Deadline = z
  .object({
    kind: z.string().describe('What is due.'),
    dueAt: z.string().describe('When (ISO 8601, UTC).'),
    overdue: z.boolean().describe('Whether it has passed.'),
    orderId: z.uuid().describe('The order it concerns.'),
    requirementId: z.uuid().nullable().describe('The requirement it concerns; null for the order.'),
    subjectId: z.string().nullable().describe('What it concerns (an appointment, test or review).'),
    description: z.string().describe('What is due, in words.'),
  })
  .describe('Something the caller must do, and when.');

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
    {
      ...listDeadlines,
      middleware: [
        authorize(deps.db, {
          roles: ['court-assessor', 'court', 'provider', 'probation', 'enforcement'],
          action: 'READ',
        }),
      ],
    },
    async (c) => {
      const q = c.req.valid('query');
      const p = c.get('principal');
      const now = deps.clock();
      let query = deps.db
        .selectFrom('deadlines')
        .select(['kind', 'due_at', 'order_id', 'requirement_id', 'subject_id', 'description'])
        .where('role', '=', p.role)
        .where('org', '=', p.org)
        .orderBy('due_at')
        .limit(q.limit);
      if (q.overdue === 'true') query = query.where('due_at', '<', now);
      if (q.overdue === 'false') query = query.where('due_at', '>=', now);
      if (q.dueBefore) query = query.where('due_at', '<', new Date(q.dueBefore));
      const rows = await query.execute();
      // A deadline names its order or requirement and says what is happening to it: a read of that thing.
      for (const d of rows) {
        c.get('accessed').push({
          action: 'READ',
          resourceType: d.requirement_id ? 'requirement' : 'order',
          resourceId: d.requirement_id ?? d.order_id,
          orderId: d.order_id,
        });
      }
      return c.json(
        {
          items: rows.map((d) => ({
            kind: d.kind,
            dueAt: d.due_at.toISOString(),
            overdue: d.due_at < now,
            orderId: d.order_id,
            requirementId: d.requirement_id,
            subjectId: d.subject_id || null,
            description: d.description,
          })),
        },
        200,
      );
    },
  );
  return app;
}
