import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import type { TypedResponse } from 'hono';
import { z } from 'zod';
import { OrderType, RequirementType } from '../../domain/enums';
import { CaseRole } from '../../domain/primitives';
import type { ApiDeps } from '../env';
import { type AuthorizedEnv, authorize, readTarget } from '../middleware/authorize';
import { readErrorResponses, validationHook } from '../openapi-shared';
import { IncidentList, OrderEventItem, OrderRead } from '../schemas/order-read';
import { PageQuery, pageSchema } from './paging';
import * as queries from './queries/orders';
import { logged } from './queries/read';

const OrderSummary = z
  .object({
    id: z.uuid().describe('The order.'),
    person: z
      .object({
        givenName: z.string().describe('Their given name.'),
        familyName: z.string().describe('Their family name.'),
        crn: z.string().nullable().describe('The case reference number, when known.'),
      })
      .describe('Who the order is about.'),
    status: z.string().describe('Where the case or order stands.'),
    orderType: z
      .string()
      .nullable()
      .describe('Community order or suspended sentence order; null before sentence.'),
    courtCode: z.string().describe('The court.'),
    probationDeliveryUnit: z.string().describe('The supervising probation delivery unit.'),
    requirementTypes: z.array(z.string()).describe('The types of its requirements the caller may see.'),
    hearingDate: z.string().nullable().describe('The hearing date (YYYY-MM-DD).'),
    sentenceDate: z.string().nullable().describe('The sentence date (YYYY-MM-DD); null before sentence.'),
    endDate: z.string().nullable().describe('The end date (YYYY-MM-DD); null before sentence.'),
  })
  .describe('An order in the caller’s scope.');

export const listOrders = createRoute({
  method: 'get',
  path: '/v1/orders',
  operationId: 'listOrders',
  summary: 'Orders in the caller’s scope',
  tags: ['orders'],
  security: [{ bearerAuth: [] }],
  request: {
    query: z.object({
      status: z.string().max(60).optional(),
      type: z.union([RequirementType, OrderType]).optional(),
      court: z.string().max(60).optional(),
      pdu: z.string().max(60).optional(),
      provider: z.string().max(100).optional(),
      search: z.string().max(100).optional().describe('A CRN, or part of the person’s name.'),
      ...PageQuery,
    }),
  },
  responses: {
    200: {
      description: 'A page of orders.',
      content: { 'application/json': { schema: pageSchema(OrderSummary) } },
    },
    ...readErrorResponses,
  },
});

export const getOrder = createRoute({
  method: 'get',
  path: '/v1/orders/{orderId}',
  operationId: 'getOrder',
  summary: 'An order with its requirements, compliance summary and next deadlines',
  tags: ['orders'],
  security: [{ bearerAuth: [] }],
  request: { params: z.object({ orderId: z.string() }) },
  responses: {
    200: {
      description: 'The order, minimised for the caller’s role.',
      content: { 'application/json': { schema: OrderRead } },
    },
    ...readErrorResponses,
  },
});

export const orderEvents = createRoute({
  method: 'get',
  path: '/v1/orders/{orderId}/events',
  operationId: 'listOrderEvents',
  summary: 'The order’s events, in order',
  tags: ['orders'],
  security: [{ bearerAuth: [] }],
  request: { params: z.object({ orderId: z.string() }), query: z.object(PageQuery) },
  responses: {
    200: {
      description: 'A page of events.',
      content: { 'application/json': { schema: pageSchema(OrderEventItem) } },
    },
    ...readErrorResponses,
  },
});

export const orderIncidents = createRoute({
  method: 'get',
  path: '/v1/orders/{orderId}/incidents',
  operationId: 'listOrderIncidents',
  summary: 'Compliance incidents and their decisions',
  tags: ['orders'],
  security: [{ bearerAuth: [] }],
  request: { params: z.object({ orderId: z.string() }) },
  responses: {
    200: {
      description: 'The incidents.',
      content: { 'application/json': { schema: IncidentList } },
    },
    ...readErrorResponses,
  },
});

export function orderReads(deps: ApiDeps) {
  const app = new OpenAPIHono<AuthorizedEnv>({ defaultHook: validationHook as never });
  const { db } = deps;

  app.openapi(
    { ...listOrders, middleware: [authorize(db, { roles: CaseRole.options, action: 'READ' })] },
    async (c) =>
      c.json(logged(c, await queries.listOrders(db, c.get('principal'), c.req.valid('query'))), 200),
  );

  const readOrder = {
    roles: CaseRole.options,
    resource: 'order',
    action: 'READ',
    readsTarget: true,
  } as const;
  app.openapi({ ...getOrder, middleware: [authorize(db, readOrder)] }, async (c) => {
    const order = await readTarget(c, readOrder, (id) =>
      queries.readOrder(db, c.get('principal'), id, deps.clock()),
    );
    // Already the JSON text of `OrderRead` (its requirements' kept texts spliced in), so not `c.json`'s to write.
    const text = c.body(logged(c, order.shown()), 200, { 'Content-Type': 'application/json' });
    return text as unknown as TypedResponse<z.output<typeof OrderRead>, 200, 'json'>;
  });

  app.openapi(
    {
      ...orderEvents,
      middleware: [authorize(db, { roles: ['court', 'probation'], resource: 'order', action: 'READ' })],
    },
    async (c) => {
      const page = await queries.listOrderEvents(
        db,
        c.get('principal'),
        c.get('target').orderId,
        c.req.valid('query'),
      );
      return c.json(page, 200);
    },
  );

  app.openapi(
    {
      ...orderIncidents,
      middleware: [
        authorize(db, { roles: ['probation', 'enforcement', 'court'], resource: 'order', action: 'READ' }),
      ],
    },
    async (c) =>
      c.json(await queries.listOrderIncidents(db, c.get('principal'), c.get('target').orderId), 200),
  );

  return app;
}
