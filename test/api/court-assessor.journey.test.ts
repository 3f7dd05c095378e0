import { describe, expect, it } from 'vitest';
import { assessmentBody, openCaseBody } from '../../app/case-fixtures';
import { journeyCoverage } from './support/coverage';
import { type Json, Journey, actors } from './support/journey';

const { t, j } = Journey.forThisFile();

const eventTypes = async (orderId: string) =>
  (
    await t.db.selectFrom('events').select('type').where('order_id', '=', orderId).orderBy('seq').execute()
  ).map((e) => e.type);

describe('the court assessor’s journey', () => {
  it('opens a case, screens, asks for an assessment, records consent and proposes the CSTR', async () => {
    const today = await j.today();
    const opened: Json = await j.post(actors.assessor, '/v1/orders', openCaseBody(today, ['MHTR']), {
      purpose: 'PSR preparation for hearing',
    });
    const orderId: string = opened.orderId;
    expect(opened).toMatchObject({ status: 'IDENTIFIED', case: { court: { code: 'B01LY00' } } });
    expect(
      await t.db.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirst(),
    ).toMatchObject({ status: 'IDENTIFIED', court_code: 'B01LY00', pdu: 'N07LDN', hearing_date: today });

    // Opening a case at another court is refused, and nothing is started.
    const elsewhere = { ...openCaseBody(today, ['DRR']), court: { code: 'C99XX00', type: 'CROWN' } };
    await j.post(actors.assessor, '/v1/orders', elsewhere, { status: 403 });
    expect(await t.db.selectFrom('orders').select('id').execute()).toHaveLength(1);

    const screened: Json = await j.post(actors.assessor, `/v1/orders/${orderId}/screening`, {
      outcome: 'PROCEED_TO_ASSESSMENT',
      notes: 'Low mood, engaged with L&D',
    });
    expect(screened.status).not.toBe('IDENTIFIED');
    // The assessor reads back its own screening notes (only post-sentence clinical detail is withheld).
    expect(screened.case.screening).toMatchObject({ notes: 'Low mood, engaged with L&D' });

    const requested: Json = await j.post(actors.assessor, `/v1/orders/${orderId}/requirements`, {
      type: 'MHTR',
      providerOrgId: actors.mhProvider.org,
    });
    const requirementId: string = requested.requirementId;
    expect(requested).toMatchObject({ requirementId: expect.any(String), providerOrgId: 'PROV-MH' });
    expect(Object.values(requested as object)).toContain('MHTR');
    expect(
      await t.db.selectFrom('requirements').selectAll().where('id', '=', requirementId).executeTakeFirst(),
    ).toMatchObject({ order_id: orderId, stage: 'PRE_SENTENCE', type: 'MHTR' });
    const asked = await t.db
      .selectFrom('notifications')
      .select(['kind', 'recipient_org'])
      .where('order_id', '=', orderId)
      .execute();
    expect(asked).toContainEqual({ kind: 'ASSESSMENT_REQUESTED', recipient_org: 'PROV-MH' });

    // A proposal before any suitable assessment with consent is refused, with the rule as its type.
    const early: Json = await j.post(
      actors.assessor,
      `/v1/orders/${orderId}/proposal`,
      { psrReference: 'PSR-0' },
      { status: 409 },
    );
    expect(early.type).toBe(
      'https://cstr.service.justice.gov.uk/problems/r6-no-requirement-ready-to-propose',
    );

    await j.post(
      actors.mhProvider,
      `/v1/requirements/${requirementId}/assessment`,
      assessmentBody({ type: 'MHTR', months: 6 }),
    );
    const consented: Json = await j.post(actors.assessor, `/v1/requirements/${requirementId}/consent`, {
      given: true,
      date: today,
    });
    expect(consented.status).toBe('READY_TO_PROPOSE');
    expect(consented.proposedRequirements[0].consent).toEqual({ status: 'GIVEN', date: today });

    const seen: Json = await j.get(actors.assessor, `/v1/requirements/${requirementId}`);
    expect(seen).toMatchObject({ id: requirementId, orderId, stage: 'PRE_SENTENCE', type: 'MHTR' });

    const proposed: Json = await j.post(actors.assessor, `/v1/orders/${orderId}/proposal`, {
      psrReference: 'PSR-2026-0042',
    });
    expect(JSON.stringify(proposed)).toContain('PSR-2026-0042');

    const adjourned: Json = await j.post(actors.assessor, `/v1/orders/${orderId}/adjournments`, {
      nextHearingDate: today,
      reason: 'Awaiting the clinical lead',
    });
    expect(adjourned.orderId).toBe(orderId);

    const order: Json = await j.get(actors.assessor, `/v1/orders/${orderId}`);
    expect(order).toMatchObject({
      orderId,
      requirementDetails: [{ id: requirementId, stage: 'PRE_SENTENCE' }],
    });
    expect(order.case.offences).toEqual([{ description: 'Theft from a shop', imprisonable: true }]);

    const list: Json = await j.get(actors.assessor, '/v1/orders?type=MHTR');
    expect(list).toEqual({
      items: [expect.objectContaining({ id: orderId, courtCode: 'B01LY00' })],
      nextCursor: null,
    });
    const none: Json = await j.get(actors.assessor, '/v1/orders?type=DRR');
    expect(none.items).toEqual([]);

    const worklist: Json = await j.get(actors.assessor, '/v1/deadlines');
    expect(Array.isArray(worklist.items)).toBe(true);

    expect(await eventTypes(orderId)).toEqual(
      expect.arrayContaining([
        'CaseIdentified',
        'ScreeningRecorded',
        'AssessmentRequested',
        'ConsentRecorded',
      ]),
    );
  });

  it('withdraws a case, which then takes no more commands', async () => {
    const today = await j.today();
    const opened: Json = await j.post(actors.assessor, '/v1/orders', openCaseBody(today, ['ATR']));
    const orderId: string = opened.orderId;
    const withdrawn: Json = await j.post(actors.assessor, `/v1/orders/${orderId}/withdrawal`, {
      reason: 'Not guilty plea entered',
    });
    expect(withdrawn.status).toBe('CLOSED_WITHDRAWN');
    const after: Json = await j.post(
      actors.assessor,
      `/v1/orders/${orderId}/screening`,
      { outcome: 'PROCEED_TO_ASSESSMENT' },
      { status: 409 },
    );
    expect(after.status).toBe(409);
    expect(
      await t.db.selectFrom('orders').select('status').where('id', '=', orderId).executeTakeFirst(),
    ).toEqual({
      status: 'CLOSED_WITHDRAWN',
    });
  });

  it('pages its case list by cursor', async () => {
    const first: Json = await j.get(actors.assessor, '/v1/orders?limit=1');
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second: Json = await j.get(actors.assessor, `/v1/orders?limit=1&cursor=${first.nextCursor}`);
    expect(second.items).toHaveLength(1);
    expect(second.items[0].id).not.toBe(first.items[0].id);
  });

  it('called every route of its share, each with its access-log rows', () => {
    expect([...j.operations]).toEqual(expect.arrayContaining([...journeyCoverage['court-assessor']]));
  });
});
