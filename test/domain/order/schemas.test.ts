import { describe, expect, it } from 'vitest';
import { impositionsFor, OrderCommandSchema, orderView, requirementMessagesFor } from '../../../domain/order';
import { coSentence, DRR_ID, openCase, SENTENCE_DATE, suspendedSentenceOrder, uuid } from './fixtures';

describe('order commands and events on the wire', () => {
  it('accepts the API bodies with the ids from the path, and rejects unknown fields', () => {
    expect(OrderCommandSchema.safeParse(openCase).success).toBe(true);
    expect(OrderCommandSchema.safeParse(coSentence).success).toBe(true);
    expect(OrderCommandSchema.safeParse({ ...openCase, nickname: 'Sammy' }).success).toBe(false);
    expect(
      OrderCommandSchema.safeParse({
        ...coSentence,
        requirements: [{ ...coSentence.requirements[0], colour: 'red' }],
      }).success,
    ).toBe(false);
    expect(
      OrderCommandSchema.safeParse({ type: 'GiveWarning', incidentId: uuid(1), givenOn: '2026-05-05' })
        .success,
    ).toBe(true);
    expect(
      OrderCommandSchema.safeParse({ type: 'GiveWarning', incidentId: 'not-a-uuid', givenOn: '2026-05-05' })
        .success,
    ).toBe(false);
    expect(
      OrderCommandSchema.safeParse({
        type: 'RecordBreachOutcome',
        proceedingId: uuid(2),
        finding: 'PROVED',
        disposal: 'FINE',
        fineAmountPence: 12.5,
      }).success,
    ).toBe(false);
  });

  it('tells the requirements of the end of an SSO’s supervision period, and starts none but on a sentence', () => {
    const run = suspendedSentenceOrder();
    expect(impositionsFor(run.last('OrderMade'))).toHaveLength(1);
    expect(impositionsFor(run.last('CaseIdentified'))).toEqual([]);
    run.tick('2027-04-20');
    expect(requirementMessagesFor(run.last('SupervisionEnded'))).toEqual([
      {
        requirementId: DRR_ID,
        message: { kind: 'OrderEnded', endedOn: '2027-04-12', reason: 'SSO_SUPERVISION_ENDED' },
      },
    ]);
  });

  it('answers queries with a plain view of the order', () => {
    const run = suspendedSentenceOrder();
    const view = orderView(run.state);
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
    expect(view).toMatchObject({
      status: 'ACTIVE',
      terminal: false,
      order: { orderType: 'SUSPENDED_SENTENCE_ORDER', sentenceDate: SENTENCE_DATE },
      requirements: [{ requirementId: DRR_ID, type: 'DRR', providerOrgId: 'provider-drugs', ended: null }],
      compliance: { ftcCount: 0, liveWarning: null, pendingDecisions: 0 },
    });
  });
});
