import { describe, expect, it } from 'vitest';
import { addDays } from '../../domain/calendar';
import { MISSED, lastDayOf, sessionBooking } from '../../app/case-fixtures';
import { referred, sentencedCase } from './support/cases';
import { HOUR, later, missedSession } from './support/compliance';
import { type Json, Journey, actors } from './support/journey';

// What a write on one workflow makes on the other (the order and its requirements) is there when the write
// answers: every read below comes straight after its write, never polled.

const { j } = Journey.forThisFile();

const statusOnOrder = async (orderId: string, requirementId: string) => {
  const order: Json = await j.get(actors.probation, `/v1/orders/${orderId}`);
  return (order.requirements as Json[]).find((r) => r.requirementId === requirementId)?.status as string;
};

describe('a consequence on the other workflow is visible when the write answers', () => {
  it('a missed session and a refused sample are incidents on the order; a referral’s acceptance is the requirement’s status there', async () => {
    const { orderId, ids, sentenceDate } = await sentencedCase(j, {
      months: 12,
      requirements: [{ type: 'DRR', months: 12 }],
    });
    const drrId = ids[0]!;
    const o = `/v1/orders/${orderId}`;
    const r = `/v1/requirements/${drrId}`;

    await referred(j, drrId, 'DRR');
    const requirement: Json = await j.get(actors.probation, r);
    expect(await statusOnOrder(orderId, drrId)).toBe(requirement.status);

    await missedSession(j, drrId, `${addDays(sentenceDate, 2)}T10:00:00.000Z`);
    const afterMissed: Json = await j.get(actors.probation, `${o}/incidents`);
    expect(afterMissed.items).toEqual([expect.objectContaining({ status: 'PENDING_DECISION' })]);

    const dueAt = `${addDays(sentenceDate, 3)}T09:00:00.000Z`;
    const test: Json = await j.post(actors.probation, `${r}/drug-tests`, {
      dueAt,
      directedBy: 'RESPONSIBLE_OFFICER',
    });
    await j.sleepUntil(later(dueAt, 10 * 60_000));
    await j.post(actors.provider, `${r}/drug-tests/${test.id}/sample`, { status: 'REFUSED' });
    const afterRefused: Json = await j.get(actors.probation, `${o}/incidents`);
    expect(afterRefused.items).toHaveLength(2);
  });

  it('an order’s new end date and its revocation reach its requirements, whose ends are back on the order', async () => {
    const { orderId, ids, sentenceDate } = await sentencedCase(j, {
      months: 12,
      requirements: [
        { type: 'DRR', months: 12 },
        { type: 'ATR', months: 6 },
      ],
    });
    const o = `/v1/orders/${orderId}`;
    const newEndDate = lastDayOf(sentenceDate, 15);
    await j.post(actors.court, `${o}/end-date-extension`, { newEndDate });
    for (const id of ids) {
      const requirement: Json = await j.get(actors.court, `/v1/requirements/${id}`);
      expect(requirement.orderEndDate).toBe(newEndDate);
    }

    await j.post(actors.court, `${o}/revocation`, { reason: 'GOOD_PROGRESS' });
    for (const id of ids) {
      const requirement: Json = await j.get(actors.court, `/v1/requirements/${id}`);
      expect(requirement.status).toBe('TERMINATED');
      expect(await statusOnOrder(orderId, id)).toBe('TERMINATED');
    }
  });

  it('writes on the order and on its requirement at once, each messaging the other, both answer with their consequences', async () => {
    const { orderId, ids, sentenceDate } = await sentencedCase(j, {
      months: 12,
      requirements: [{ type: 'DRR', months: 12 }],
    });
    const drrId = ids[0]!;
    const r = `/v1/requirements/${drrId}`;
    await referred(j, drrId, 'DRR');
    const start = `${addDays(sentenceDate, 2)}T10:00:00.000Z`;
    const booked: Json = await j.post(actors.probation, `${r}/appointments`, sessionBooking(start));
    await j.sleepUntil(later(start, HOUR));

    const newEndDate = lastDayOf(sentenceDate, 15);
    await Promise.all([
      j.post(actors.court, `/v1/orders/${orderId}/end-date-extension`, { newEndDate }),
      j.post(actors.provider, `${r}/appointments/${booked.id}/outcome`, MISSED),
    ]);
    const requirement: Json = await j.get(actors.court, r);
    expect(requirement.orderEndDate).toBe(newEndDate);
    const incidents: Json = await j.get(actors.probation, `/v1/orders/${orderId}/incidents`);
    expect(incidents.items).toEqual([expect.objectContaining({ status: 'PENDING_DECISION' })]);
  });
});
