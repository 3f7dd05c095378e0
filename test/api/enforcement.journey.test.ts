import { describe, expect, it } from 'vitest';
import { addDays } from '../../domain/calendar';
import { referred, sentencedCase } from './support/cases';
import { missedSession, pendingIncident } from './support/compliance';
import { journeyCoverage } from './support/coverage';
import { type Json, Journey, actors } from './support/journey';

const { t, j } = Journey.forThisFile();

/** An absence that probation decides was unacceptable: the incident's id. */
async function unacceptableAbsence(orderId: string, requirementId: string, start: string, known: string[]) {
  await missedSession(j, requirementId, start);
  const incidentId = await pendingIncident(j, orderId, known);
  await j.post(actors.probation, `/v1/orders/${orderId}/incidents/${incidentId}/decision`, {
    decision: 'UNACCEPTABLE',
  });
  return incidentId;
}

/** An unacceptable absence that probation refers to enforcement: the incident's and referral's ids. */
async function referredAbsence(orderId: string, requirementId: string, start: string, known: string[]) {
  const incidentId = await unacceptableAbsence(orderId, requirementId, start, known);
  const referral: Json = await j.post(actors.probation, `/v1/orders/${orderId}/enforcement-referrals`, {
    incidentId,
  });
  return { incidentId, referralId: (referral.referralId ?? referral.id) as string };
}

describe('the enforcement officer’s journey', () => {
  it('lays an information on one referral, takes no further action on another, and the court deals with the breach', async () => {
    const { orderId, ids, sentenceDate } = await sentencedCase(j, {
      months: 12,
      requirements: [{ type: 'DRR', months: 12 }],
    });
    const drrId = ids[0]!;
    const o = `/v1/orders/${orderId}`;
    await referred(j, drrId, 'DRR');
    await j.post(actors.probation, `${o}/induction`, { completedOn: sentenceDate });
    const warned = await unacceptableAbsence(orderId, drrId, `${addDays(sentenceDate, 2)}T10:00:00.000Z`, []);
    await j.post(actors.probation, `${o}/warnings`, { incidentId: warned, givenOn: await j.today() });
    // A second failure within the warning's 12 months must be referred (R16): enforcement now has a deadline.
    const first = await referredAbsence(orderId, drrId, `${addDays(sentenceDate, 5)}T10:00:00.000Z`, [
      warned,
    ]);

    const mine: Json = await j.get(actors.enforcement, '/v1/orders');
    expect(mine.items).toEqual([expect.objectContaining({ id: orderId, probationDeliveryUnit: 'N07LDN' })]);
    const order: Json = await j.get(actors.enforcement, o, { purpose: 'breach file preparation' });
    expect(order.compliance.referrals).toEqual([expect.objectContaining({ incidentId: first.incidentId })]);
    const incidents: Json = await j.get(actors.enforcement, `${o}/incidents`);
    expect(incidents.items).toHaveLength(2);
    const drr: Json = await j.get(actors.enforcement, `/v1/requirements/${drrId}`);
    expect(drr.id).toBe(drrId);
    const worklist: Json = await j.get(actors.enforcement, '/v1/deadlines');
    expect(worklist.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'BREACH_ACTION_DUE',
          orderId,
          requirementId: drrId,
          subjectId: first.referralId,
        }),
      ]),
    );

    const laid: Json = await j.post(actors.enforcement, `${o}/breach-proceedings`, {
      referralId: first.referralId,
      informationLaidOn: await j.today(),
      courtCode: 'B01LY00',
    });
    const proceedingId: string = laid.proceedingId ?? laid.id;
    expect(laid).toMatchObject({ referralId: first.referralId });
    expect(
      await t.db.selectFrom('enforcement_actions').select('kind').where('order_id', '=', orderId).execute(),
    ).toEqual(expect.arrayContaining([{ kind: 'REFERRAL' }, { kind: 'PROCEEDING' }]));
    const told = await t.db
      .selectFrom('notifications')
      .select(['kind', 'recipient_role'])
      .where('order_id', '=', orderId)
      .execute();
    expect(told.map((n) => n.recipient_role)).toContain('court');

    const process = `${o}/breach-proceedings/${proceedingId}/process`;
    const summons = { process: 'SUMMONS', issuedOn: await j.today() };
    const summoned: Json = await j.post(actors.court, process, summons);
    expect(summoned.compliance.proceedings).toEqual([expect.objectContaining({ processes: [summons] })]);
    const twice: Json = await j.post(actors.court, process, summons, { status: 409 });
    expect(twice.type).toBe('https://cstr.service.justice.gov.uk/problems/process-already-issued');
    await j.post(actors.enforcement, process, summons, { status: 403 });

    const fewHours: Json = await j.post(
      actors.court,
      `${o}/breach-proceedings/${proceedingId}/outcome`,
      { finding: 'PROVED', disposal: 'MORE_ONEROUS_REQUIREMENTS', unpaidWorkHours: 10 },
      { status: 422 },
    );
    expect(fewHours.type).toBe('https://cstr.service.justice.gov.uk/problems/r19-unpaid-work-under-minimum');
    const dealt: Json = await j.post(actors.court, `${o}/breach-proceedings/${proceedingId}/outcome`, {
      finding: 'PROVED',
      disposal: 'FINE',
      fineAmountPence: 5_000,
    });
    expect(dealt.inBreachProceedings).toBe(false);
    expect(JSON.stringify(dealt.compliance.proceedings)).toContain('PROVED');

    const second = await referredAbsence(orderId, drrId, `${addDays(sentenceDate, 9)}T10:00:00.000Z`, [
      warned,
      first.incidentId,
    ]);
    const closed: Json = await j.post(
      actors.enforcement,
      `${o}/enforcement-referrals/${second.referralId}/no-further-action`,
      { reason: 'Hospital admission evidenced after referral' },
    );
    expect(JSON.stringify(closed.compliance.referrals)).toContain(
      'Hospital admission evidenced after referral',
    );
    // Enforcement may not act for probation.
    await j.post(actors.enforcement, `${o}/induction`, { completedOn: sentenceDate }, { status: 403 });
  });

  it('called every route of its share, each with its access-log rows', () => {
    expect([...j.operations]).toEqual(expect.arrayContaining([...journeyCoverage.enforcement]));
  });
});
