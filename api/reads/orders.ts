import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import { type RawBuilder, sql } from 'kysely';
import { z } from 'zod';
import { OrderType, RequirementType } from '../../domain/enums';
import type { OrderView } from '../../domain/order';
import { discloseEvent } from '../disclosure/events';
import { deadlineShownTo, discloseIncident, discloseOrder, type OrderIncident } from '../disclosure/order';
import { type StoredRequirementView, discloseRequirementView } from '../disclosure/requirement';
import type { ApiDeps } from '../env';
import { type AuthorizedEnv, authorize } from '../middleware/authorize';
import { readErrorResponses, validationHook } from '../openapi-shared';
import { orderVisibleTo, requirementVisibleTo } from '../scope';
import { IncidentList, OrderEventItem, OrderRead } from '../schemas/order-read';
import { PageQuery, decodeCursor, page, pageSchema } from './paging';

const ALL_ROLES = ['court-assessor', 'court', 'provider', 'probation', 'enforcement'] as const;

const OrderSummary = z
  .object({
    id: z.uuid().describe('The order.'),
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
    { ...listOrders, middleware: [authorize(db, { roles: ALL_ROLES, action: 'READ' })] },
    async (c) => {
      const q = c.req.valid('query');
      const p = c.get('principal');
      const after = decodeCursor(q.cursor, 'id');
      const visibleRequirements = (where: RawBuilder<boolean>) =>
        sql<boolean>`EXISTS (SELECT 1 FROM requirements AS r WHERE r.order_id = orders.id AND ${requirementVisibleTo(p, 'r')} AND ${where})`;
      let query = db
        .selectFrom('orders')
        .select([
          'id',
          'status',
          'order_type',
          'court_code',
          'pdu',
          sql<
            string[]
          >`ARRAY(SELECT DISTINCT r.type FROM requirements AS r WHERE r.order_id = orders.id AND ${requirementVisibleTo(p, 'r')} ORDER BY r.type)`.as(
            'requirement_types',
          ),
          'hearing_date',
          'sentence_date',
          'end_date',
        ])
        .where(orderVisibleTo(p))
        .orderBy('id')
        .limit(q.limit + 1);
      if (after) query = query.where('id', '>', after);
      if (q.status) query = query.where('status', '=', q.status);
      if (q.court) query = query.where('court_code', '=', q.court);
      if (q.pdu) query = query.where('pdu', '=', q.pdu);
      if (q.provider)
        query = query.where(visibleRequirements(sql<boolean>`r.provider_org_id = ${q.provider}`));
      if (q.type) {
        query = RequirementType.safeParse(q.type).success
          ? query.where(visibleRequirements(sql<boolean>`r.type = ${q.type}`))
          : query.where('order_type', '=', q.type);
      }
      const rows = await query.execute();
      const result = page(rows, q.limit, (r) => r.id);
      for (const r of result.items)
        c.get('accessed').push({ action: 'READ', resourceType: 'order', resourceId: r.id, orderId: r.id });
      return c.json(
        {
          items: result.items.map((r) => ({
            id: r.id,
            status: r.status,
            orderType: r.order_type,
            courtCode: r.court_code,
            probationDeliveryUnit: r.pdu,
            requirementTypes: r.requirement_types,
            hearingDate: r.hearing_date,
            sentenceDate: r.sentence_date,
            endDate: r.end_date,
          })),
          nextCursor: result.nextCursor,
        },
        200,
      );
    },
  );

  app.openapi(
    { ...getOrder, middleware: [authorize(db, { roles: ALL_ROLES, resource: 'order', action: 'READ' })] },
    async (c) => {
      const p = c.get('principal');
      const { orderId } = c.get('target');
      const [order, requirements, deadlines] = await Promise.all([
        db.selectFrom('orders').select(['view']).where('id', '=', orderId).executeTakeFirstOrThrow(),
        db
          .selectFrom('requirements')
          .select(['id', 'type', 'status', 'stage', 'view'])
          .where('order_id', '=', orderId)
          .where(requirementVisibleTo(p))
          .orderBy('id')
          .execute(),
        db
          .selectFrom('deadlines')
          .select(['kind', 'due_at', 'role', 'requirement_id', 'subject_id', 'description'])
          .where('order_id', '=', orderId)
          .where((eb) =>
            eb.or([
              eb('requirement_id', 'is', null),
              eb.exists(
                eb
                  .selectFrom('requirements')
                  .select(sql`1`.as('one'))
                  .whereRef('requirements.id', '=', 'deadlines.requirement_id')
                  .where(requirementVisibleTo(p)),
              ),
            ]),
          )
          .orderBy('due_at')
          .limit(20)
          .execute(),
      ]);
      for (const r of requirements) {
        c.get('accessed').push({ action: 'READ', resourceType: 'requirement', resourceId: r.id, orderId });
      }
      const visible = new Set(requirements.map((r) => r.id));
      const now = deps.clock().getTime();
      const body = {
        ...discloseOrder(p.role, order.view as OrderView, visible),
        requirementDetails: requirements.map((r) => ({
          id: r.id,
          type: r.type,
          status: r.status,
          stage: r.stage,
          detail: discloseRequirementView(p.role, r.view as StoredRequirementView),
        })),
        nextDeadlines: deadlines
          .filter((d) => deadlineShownTo(p.role, d.kind))
          .map((d) => ({
            kind: d.kind,
            dueAt: d.due_at.toISOString(),
            overdue: d.due_at.getTime() < now,
            role: d.role,
            requirementId: d.requirement_id,
            subjectId: d.subject_id || null,
            description: d.description,
          })),
      };
      return c.json(body, 200);
    },
  );

  app.openapi(
    {
      ...orderEvents,
      middleware: [authorize(db, { roles: ['court', 'probation'], resource: 'order', action: 'READ' })],
    },
    async (c) => {
      const q = c.req.valid('query');
      const p = c.get('principal');
      const after = decodeCursor(q.cursor, 'seq');
      let query = db
        .selectFrom('events')
        .select([
          'seq',
          'id',
          'requirement_id',
          'type',
          'payload',
          'actor_role',
          'actor_org',
          'occurred_at',
          'recorded_at',
        ])
        .where('order_id', '=', c.get('target').orderId)
        .where((eb) =>
          eb.or([
            eb('requirement_id', 'is', null),
            eb.exists(
              eb
                .selectFrom('requirements')
                .select(sql`1`.as('one'))
                .whereRef('requirements.id', '=', 'events.requirement_id')
                .where(requirementVisibleTo(p)),
            ),
          ]),
        )
        .orderBy('seq')
        .limit(q.limit + 1);
      if (after) query = query.where('seq', '>', after);
      const rows = await query.execute();
      const result = page(rows, q.limit, (r) => String(r.seq));
      const items = result.items.map((r) => ({
        id: r.id,
        requirementId: r.requirement_id,
        type: r.type,
        occurredAt: r.occurred_at.toISOString(),
        recordedAt: r.recorded_at.toISOString(),
        actor: { role: r.actor_role, org: r.actor_org },
        payload: discloseEvent(p.role, r.payload),
      }));
      return c.json({ items, nextCursor: result.nextCursor }, 200);
    },
  );

  app.openapi(
    {
      ...orderIncidents,
      middleware: [
        authorize(db, { roles: ['probation', 'enforcement', 'court'], resource: 'order', action: 'READ' }),
      ],
    },
    async (c) => {
      const p = c.get('principal');
      const rows = await db
        .selectFrom('incidents')
        .select(['data'])
        .where('order_id', '=', c.get('target').orderId)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('requirements')
              .select(sql`1`.as('one'))
              .whereRef('requirements.id', '=', 'incidents.requirement_id')
              .where(requirementVisibleTo(p)),
          ),
        )
        .orderBy('occurred_at')
        .execute();
      return c.json({ items: rows.map((r) => discloseIncident(p.role, r.data as OrderIncident)) }, 200);
    },
  );

  return app;
}
