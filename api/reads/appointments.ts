import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { RequirementType } from '../../domain/enums';
import type { ApiDeps } from '../env';
import { type AuthorizedEnv, authorize } from '../middleware/authorize';
import { readErrorResponses, validationHook } from '../openapi-shared';
import { AppointmentView } from '../schemas/requirement-view';
import { listAppointments as diary } from './queries/appointments';
import { logged } from './queries/read';

const DiaryEntry = z
  .strictObject({
    requirementId: z.uuid().describe('The requirement the appointment belongs to.'),
    orderId: z.uuid().describe('Its order.'),
    requirementType: RequirementType.describe('MHTR, DRR or ATR.'),
    appointment: AppointmentView.describe('The appointment, as the caller’s role may see it.'),
  })
  .describe('An appointment in the caller’s diary.');

export const listAppointments = createRoute({
  method: 'get',
  path: '/v1/appointments',
  operationId: 'listAppointments',
  summary: 'The caller’s diary: appointments between two instants on its caseload, in time order',
  tags: ['requirements'],
  security: [{ bearerAuth: [] }],
  request: {
    query: z.object({
      from: z.iso.datetime({ offset: true }).describe('The first instant (inclusive).'),
      to: z.iso.datetime({ offset: true }).describe('The last instant (exclusive).'),
      limit: z.coerce.number().int().min(1).max(500).default(200),
    }),
  },
  responses: {
    200: {
      description: 'Scheduled and recorded appointments, superseded and withdrawn ones left out.',
      content: {
        'application/json': {
          schema: z.object({ items: z.array(DiaryEntry).describe('The appointments, earliest first.') }),
        },
      },
    },
    ...readErrorResponses,
  },
});

export function appointmentReads(deps: ApiDeps) {
  const app = new OpenAPIHono<AuthorizedEnv>({ defaultHook: validationHook as never });
  app.openapi(
    {
      ...listAppointments,
      middleware: [authorize(deps.db, { roles: ['provider', 'probation'], action: 'READ' })],
    },
    async (c) => c.json(logged(c, await diary(deps.db, c.get('principal'), c.req.valid('query'))), 200),
  );
  return app;
}
