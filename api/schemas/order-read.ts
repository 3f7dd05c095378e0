import { z } from 'zod';
import { Deadline } from './deadline';
import { id, instant, text } from './fields';
import { OrderIncidentView, OrderView } from './order-view';
import { RequirementView } from './requirement-view';

const RequirementDetail = z
  .strictObject({
    id: id('The requirement.'),
    type: text('MHTR, DRR or ATR.'),
    status: text('Where it stands.'),
    stage: z.enum(['PRE_SENTENCE', 'SENTENCED']).describe('Before or after sentence.'),
    detail: RequirementView.describe('The requirement, as the caller’s role may see it.'),
  })
  .describe('A requirement of the order that the caller may see.');

/** `GET /v1/orders/{orderId}`: the order view, its requirements in detail and its next deadlines. */
export const OrderRead = OrderView.extend({
  requirementDetails: z.array(RequirementDetail).describe('The requirements the caller may see.'),
  nextDeadlines: z
    .array(Deadline)
    .describe('The next deadlines the caller may see, soonest first (20 at most).'),
}).meta({
  id: 'OrderRead',
  description: 'An order, its requirements and next deadlines, minimised for the caller’s role.',
});

/** One event of an order, with only the fields of its payload the caller's role may see. */
export const OrderEventItem = z
  .strictObject({
    id: id('The event.'),
    requirementId: id('The requirement it belongs to; null for the order.').nullable(),
    type: text('The event’s type (CaseIdentified, AppointmentBooked, …).'),
    occurredAt: instant('When it happened'),
    recordedAt: instant('When it was recorded'),
    actor: z
      .strictObject({ role: text('The role of who caused it.'), org: text('Their organisation.') })
      .describe('Who caused it.'),
    payload: z
      .record(z.string(), z.unknown())
      .describe('The event’s own fields that the caller’s role may see, always with `type` and `at`.'),
  })
  .meta({ id: 'OrderEvent', description: 'An event of the order.' });

export const IncidentList = z
  .strictObject({ items: z.array(OrderIncidentView).describe('The incidents, oldest first.') })
  .describe('The order’s compliance incidents.');
