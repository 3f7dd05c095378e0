import { describe, expect, it } from 'vitest';
import { addDays, addMonths } from '../../domain/calendar';
import { lastDayOf } from '../../app/case-fixtures';
import { referred, sentencedCase } from './support/cases';
import { journeyCoverage } from './support/coverage';
import { type Json, Journey, actors } from './support/journey';

const { t, j } = Journey.forThisFile();

const orderRow = (orderId: string) =>
  t.db.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirstOrThrow();

describe('the court’s journey', () => {
  it('sentences, holds a DRR review, amends, extends, hears an appeal and an application, then revokes', async () => {
    const { orderId, ids, sentenceDate } = await sentencedCase(j, {
      months: 12,
      requirements: [
        { type: 'DRR', months: 12, reviewed: true },
        { type: 'ATR', months: 6 },
      ],
    });
    const [drrId, atrId] = [ids[0]!, ids[1]!];
    const o = `/v1/orders/${orderId}`;
    expect(await orderRow(orderId)).toMatchObject({
      status: 'ACTIVE',
      order_type: 'COMMUNITY_ORDER',
      sentence_date: sentenceDate,
      end_date: lastDayOf(sentenceDate, 12),
    });
    await referred(j, drrId, 'DRR');
    await referred(j, atrId, 'ATR');

    // The review: the provider's views and probation's report, then the hearing on its date.
    const drr: Json = await j.get(actors.court, `/v1/requirements/${drrId}`);
    const reviewId: string = drr.reviews[0].reviewId ?? drr.reviews[0].id;
    await j.post(actors.provider, `/v1/requirements/${drrId}/reviews/${reviewId}/provider-views`, {
      views: 'Attending',
    });
    await j.post(actors.probation, `/v1/requirements/${drrId}/reviews/${reviewId}/report`, {
      progress: 'SATISFACTORY',
      recommendation: 'Continue',
    });
    const courtList: Json = await j.get(actors.court, '/v1/deadlines');
    expect(courtList.items).toEqual([
      expect.objectContaining({ kind: 'REVIEW_DATE', requirementId: drrId, subjectId: reviewId }),
    ]);
    await j.sleepUntil(`${addMonths(sentenceDate, 1)}T11:00:00.000Z`);
    const reviewed: Json = await j.post(
      actors.court,
      `/v1/requirements/${drrId}/reviews/${reviewId}/outcome`,
      {
        outcome: 'CONTINUE',
        attended: true,
      },
    );
    expect(JSON.stringify(reviewed.reviews)).toContain('CONTINUE');
    expect(
      await t.db.selectFrom('reviews').select(['id', 'status']).where('requirement_id', '=', drrId).execute(),
    ).toEqual(expect.arrayContaining([{ id: reviewId, status: expect.any(String) }]));

    const amended: Json = await j.post(actors.court, `${o}/amendments`, {
      requirementId: atrId,
      change: 'EXTEND_PERIOD',
      newPeriodEnd: lastDayOf(sentenceDate, 9),
      offenderWilling: true,
    });
    expect(JSON.stringify(amended.requirements)).toContain(lastDayOf(sentenceDate, 9));

    const extended: Json = await j.post(actors.court, `${o}/end-date-extension`, {
      newEndDate: lastDayOf(sentenceDate, 15),
    });
    expect(extended.order.endDate).toBe(lastDayOf(sentenceDate, 15));
    expect((await orderRow(orderId)).end_date).toBe(lastDayOf(sentenceDate, 15));

    const today = await j.today();
    // The court amends the home area only to one the responsible officer has permitted a move to (R26).
    await j.post(actors.probation, `${o}/residence-change`, {
      newHomeLocalJusticeArea: 'Croydon',
      permittedOn: today,
    });
    const moved: Json = await j.post(actors.court, `${o}/home-local-justice-area`, {
      newHomeLocalJusticeArea: 'Croydon',
      amendedOn: today,
    });
    expect(JSON.stringify(moved)).toContain('Croydon');

    await j.post(actors.court, `${o}/appeals`, { lodgedOn: today });
    const dismissed: Json = await j.post(actors.court, `${o}/appeals/determination`, {
      determinedOn: today,
      result: 'DISMISSED',
    });
    expect(dismissed.status).toBe('ACTIVE');

    await j.post(actors.provider, `/v1/requirements/${atrId}/practitioner-reports`, {
      opinion: 'NOT_SUSCEPTIBLE',
      narrative: 'No longer drinking; further treatment not indicated',
    });
    await j.post(actors.probation, `/v1/requirements/${atrId}/applications`, { appliedOn: today });
    await j.post(actors.court, `/v1/requirements/${atrId}/applications/refusal`, {});

    // The court sees the case but no clinical narrative.
    const order: Json = await j.get(actors.court, o);
    expect(order.case.offences).toHaveLength(1);
    expect(JSON.stringify(order)).not.toContain('further treatment not indicated');
    const atr: Json = await j.get(actors.court, `/v1/requirements/${atrId}`);
    expect(atr.id).toBe(atrId);
    expect(JSON.stringify(atr)).not.toContain('further treatment not indicated');

    const incidents: Json = await j.get(actors.court, `${o}/incidents`);
    expect(incidents).toEqual({ items: [] });
    const events: Json = await j.get(actors.court, `${o}/events?limit=200`);
    const types = (events.items as Json[]).map((e) => e.type as string);
    expect(types).toEqual(
      expect.arrayContaining([
        'OrderMade',
        'ReviewHeld',
        'AmendmentApplied',
        'EndDateExtended',
        'AppealDetermined',
      ]),
    );
    expect(JSON.stringify(events)).not.toContain('further treatment not indicated');

    const revoked: Json = await j.post(actors.court, `${o}/revocation`, { reason: 'GOOD_PROGRESS' });
    expect(revoked.end).toMatchObject({ endedOn: await j.today() });
    expect((await orderRow(orderId)).status).toBe('ENDED');
    await j.post(actors.court, `${o}/appeals`, { lodgedOn: await j.today() }, { status: 409 });
  });

  it('activates a suspended sentence on a further offence, and records a transfer out on another order', async () => {
    const sso = await sentencedCase(j, {
      orderType: 'SUSPENDED_SENTENCE_ORDER',
      months: 12,
      requirements: [{ type: 'ATR', months: 6 }],
    });
    expect(await orderRow(sso.orderId)).toMatchObject({ order_type: 'SUSPENDED_SENTENCE_ORDER' });
    const today = await j.today();
    const outside: Json = await j.post(
      actors.court,
      `/v1/orders/${sso.orderId}/activation`,
      { activatedOn: today, offenceDate: addDays(sso.sentenceDate, -1), convictionDate: today },
      { status: 422 },
    );
    expect(outside.type).toBe(
      'https://cstr.service.justice.gov.uk/problems/r32-offence-outside-operational-period',
    );
    const activated: Json = await j.post(actors.court, `/v1/orders/${sso.orderId}/activation`, {
      activatedOn: today,
      offenceDate: sso.sentenceDate,
      convictionDate: today,
    });
    expect(activated.end).toMatchObject({ endedOn: await j.today() });

    const co = await sentencedCase(j, { months: 6, requirements: [{ type: 'ATR', months: 6 }] });
    const moved: Json = await j.post(actors.court, `/v1/orders/${co.orderId}/transfer`, {
      jurisdiction: 'SCOTLAND',
      transferredOn: await j.today(),
    });
    expect(moved.end).toMatchObject({ endedOn: await j.today() });
    expect((await orderRow(co.orderId)).status).toBe('ENDED');
  });

  it('called every route of its share, each with its access-log rows', () => {
    expect([...j.operations]).toEqual(expect.arrayContaining([...journeyCoverage.court]));
  });
});
