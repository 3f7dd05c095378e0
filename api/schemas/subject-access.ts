import { z } from 'zod';
import { id, instant, text } from './fields';
import { OrderEventItem } from './order-read';
import { OrderView } from './order-view';
import { RequirementView } from './requirement-view';

const Party = z
  .strictObject({ role: text('The role.'), org: text('The organisation.') })
  .describe('A party, by role and organisation (never a member of staff’s own identity).');

const SubjectOrder = z
  .strictObject({
    orderId: id('The order (or pre-sentence case).'),
    order: OrderView.describe('The order, every field held.'),
    requirements: z
      .array(
        z.strictObject({
          id: id('The requirement.'),
          type: text('MHTR, DRR or ATR.'),
          status: text('Where it stands.'),
          stage: z.enum(['PRE_SENTENCE', 'SENTENCED']).describe('Before or after sentence.'),
          detail: RequirementView.describe(
            'The requirement with its appointments, drug tests, reviews and incidents.',
          ),
        }),
      )
      .describe('Its requirements, every field held.'),
    events: z.array(OrderEventItem).describe('Every event of the order, in order.'),
    notifications: z
      .array(
        z.strictObject({
          id: id('The notification.'),
          kind: text('What it told.'),
          recipient: Party,
          requirementId: id('The requirement it was about.').nullable(),
          createdAt: instant('When it was queued'),
          deliveredAt: instant('When it was delivered').nullable(),
          payload: z.record(z.string(), z.unknown()).describe('What it carried: ids, flags and dates.'),
        }),
      )
      .describe('The notifications sent about the order.'),
    accessLog: z
      .array(
        z.strictObject({
          at: instant('When'),
          actor: Party,
          action: z.enum(['READ', 'WRITE']).describe('Read or changed.'),
          resourceType: text('order or requirement.'),
          resourceId: text('Which.'),
          purpose: text('Why, as recorded (DPA 2018 s.62).'),
        }),
      )
      .describe('Who read or changed the order’s records, and why.'),
  })
  .describe('One order or case held about the person.');

export const SubjectAccessExport = z
  .strictObject({
    subject: z
      .strictObject({
        crn: text('The case reference number.').nullable(),
        givenName: text('Given name.'),
        familyName: text('Family name.'),
        dateOfBirth: z.iso.date().describe('Date of birth.'),
      })
      .describe('Who the records are about.'),
    generatedAt: instant('When the export was made'),
    purpose: text('The purpose the request was made for (X-Purpose), as access-logged.'),
    orders: z.array(SubjectOrder).describe('Every order and case held about them, oldest first.'),
  })
  .meta({
    id: 'SubjectAccessExport',
    description:
      'Everything held about one person (DPA 2018 Part 3 s.45), other people’s personal data left out.',
  });
