import { describe, expect, it } from 'vitest';
import { addDays } from '../../domain/calendar';
import { lastDayOf } from '../../app/case-fixtures';
import { referred, sentencedCase } from './support/cases';
import { journeyCoverage } from './support/coverage';
import { attendedSessions, later, missedSession, pendingIncident } from './support/compliance';
import { type Json, Journey, actors, eventually } from './support/journey';

const { t, j } = Journey.forThisFile();

describe('the probation officer’s journey', () => {
  it('supervises a DRR: referral, induction, tests, review report, absences, a warning and a referral to enforcement', async () => {
    const { orderId, ids, sentenceDate } = await sentencedCase(j, {
      months: 12,
      requirements: [{ type: 'DRR', months: 12, reviewed: true }],
      otherRequirements: [{ type: 'UNPAID_WORK', hours: 60 }],
    });
    const drrId = ids[0]!;
    const r = `/v1/requirements/${drrId}`;
    const o = `/v1/orders/${orderId}`;
    await referred(j, drrId, 'DRR');
    const inducted: Json = await j.post(actors.probation, `${o}/induction`, { completedOn: sentenceDate });
    expect(inducted.orderId).toBe(orderId);

    const dueAt = `${addDays(sentenceDate, 1)}T09:00:00.000Z`;
    const test: Json = await j.post(actors.probation, `${r}/drug-tests`, {
      dueAt,
      directedBy: 'RESPONSIBLE_OFFICER',
    });
    await j.sleepUntil(later(dueAt, 10 * 60_000));
    await j.post(actors.probation, `${r}/drug-tests/${test.id}/sample`, {
      status: 'COLLECTED',
      sampleType: 'URINE',
      method: 'LAB_SCREEN',
    });
    const result: Json = await j.post(actors.probation, `${r}/drug-tests/${test.id}/result`, {
      substances: [{ substance: 'OPIATES', result: 'POSITIVE' }],
      explanation: 'Admitted use at the weekend',
    });
    expect(JSON.stringify(result.drugTests)).toContain('POSITIVE');

    const seen: Json = await j.get(actors.probation, r);
    const reviewId: string = seen.reviews[0].reviewId ?? seen.reviews[0].id;
    const report = { progress: 'UNSATISFACTORY', recommendation: 'Continue with increased testing' };
    const tooSoon: Json = await j.post(actors.probation, `${r}/reviews/${reviewId}/report`, report, {
      status: 409,
    });
    expect(tooSoon.type).toBe('https://cstr.service.justice.gov.uk/problems/r11-provider-views-required');
    await j.post(actors.provider, `${r}/reviews/${reviewId}/provider-views`, { views: 'Some progress' });
    const reported: Json = await j.post(actors.probation, `${r}/reviews/${reviewId}/report`, {
      progress: 'UNSATISFACTORY',
      recommendation: 'Continue with increased testing',
    });
    expect(JSON.stringify(reported.reviews)).toContain('Continue with increased testing');

    await missedSession(j, drrId, `${addDays(sentenceDate, 3)}T10:00:00.000Z`);
    const firstIncident = await pendingIncident(j, orderId, []);
    const incidents: Json = await j.get(actors.probation, `${o}/incidents`);
    expect(incidents.items).toEqual([expect.objectContaining({ status: 'PENDING_DECISION' })]);

    const decided: Json = await j.post(actors.probation, `${o}/incidents/${firstIncident}/decision`, {
      decision: 'UNACCEPTABLE',
      reason: 'No contact, no evidence offered',
    });
    expect(decided.compliance.unacceptableIncidents).toBe(1);
    const warning: Json = await j.post(actors.probation, `${o}/warnings`, {
      incidentId: firstIncident,
      givenOn: await j.today(),
    });
    expect(warning).toMatchObject({ incidentId: firstIncident });
    expect(
      await t.db.selectFrom('enforcement_actions').select(['kind']).where('order_id', '=', orderId).execute(),
    ).toEqual([{ kind: 'WARNING' }]);

    await missedSession(j, drrId, `${addDays(sentenceDate, 10)}T10:00:00.000Z`);
    const secondIncident = await pendingIncident(j, orderId, [firstIncident]);
    await j.post(actors.probation, `${o}/incidents/${secondIncident}/decision`, { decision: 'UNACCEPTABLE' });
    const again: Json = await j.post(
      actors.probation,
      `${o}/warnings`,
      { incidentId: secondIncident, givenOn: await j.today() },
      { status: 409 },
    );
    expect(again.detail).toMatch(/12 months|warning/i);
    const referral: Json = await j.post(actors.probation, `${o}/enforcement-referrals`, {
      incidentId: secondIncident,
    });
    expect(referral).toMatchObject({ incidentId: secondIncident });

    await j.post(actors.provider, `${r}/practitioner-reports`, {
      opinion: 'DIFFERENT_TREATMENT',
      narrative: 'Needs residential treatment',
    });
    await j.post(actors.probation, `${r}/applications`, { appliedOn: await j.today() });
    const moved: Json = await j.post(actors.probation, `${o}/residence-change`, {
      newHomeLocalJusticeArea: 'Southwark',
      permittedOn: await j.today(),
    });
    expect(JSON.stringify(moved)).toContain('Southwark');

    // Termination on completion is refused while a requirement is outstanding.
    const early: Json = await j.post(
      actors.probation,
      `${o}/termination`,
      { terminationDate: await j.today() },
      { status: 409 },
    );
    expect(early.type).toMatch(/\/problems\//);

    // R27: the order's other requirements are shown on it, and probation records them complied with.
    const seenOrder: Json = await j.get(actors.probation, o);
    const unpaid = seenOrder.order.otherRequirements[0];
    expect(unpaid).toMatchObject({ type: 'UNPAID_WORK', hours: 60, compliedOn: null });
    const compliance = `${o}/other-requirements/${unpaid.otherRequirementId}/compliance`;
    const short: Json = await j.post(
      actors.probation,
      compliance,
      { compliedOn: await j.today(), hoursDone: 40 },
      { status: 422 },
    );
    expect(short.type).toBe('https://cstr.service.justice.gov.uk/problems/r27-unpaid-work-hours-outstanding');
    const done: Json = await j.post(actors.probation, compliance, { compliedOn: await j.today() });
    expect(done.order.otherRequirements[0]).toMatchObject({ hoursDone: 60, compliedOn: await j.today() });

    const events: { id: string; type: string }[] = [];
    for (let cursor: string | null = '', pages = 0; cursor !== null; pages += 1) {
      const page: Json = await j.get(
        actors.probation,
        `${o}/events?limit=20${cursor ? `&cursor=${cursor}` : ''}`,
      );
      events.push(...(page.items as { id: string; type: string }[]));
      cursor = page.nextCursor as string | null;
      expect(pages).toBeLessThan(50);
    }
    const types = events.map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['WarningGiven', 'ReferredToEnforcementOfficer', 'IncidentDecided']),
    );
    const seqs = await t.db
      .selectFrom('events')
      .select('id')
      .where('order_id', '=', orderId)
      .orderBy('seq')
      .execute();
    expect(events.map((e) => e.id)).toEqual(seqs.map((e) => e.id));

    const caseload: Json = await j.get(actors.probation, '/v1/requirements');
    expect(caseload.items).toEqual([expect.objectContaining({ id: drrId })]);
    const orders: Json = await j.get(actors.probation, '/v1/orders?pdu=N07LDN');
    expect(orders.items).toEqual([expect.objectContaining({ id: orderId })]);
    const order: Json = await j.get(actors.probation, o);
    expect(order.compliance.referrals).toHaveLength(1);
    const worklist: Json = await j.get(actors.probation, '/v1/deadlines', { purpose: 'morning worklist' });
    expect(worklist.items.length).toBeGreaterThan(0);
    expect(new Set((worklist.items as Json[]).map((d) => d.orderId as string))).toEqual(new Set([orderId]));
  });

  it('terminates a completed ATR’s order on completion, and records a death on another', async () => {
    const { orderId, ids, sentenceDate } = await sentencedCase(j, {
      months: 6,
      requirements: [{ type: 'ATR', months: 1 }],
    });
    const atrId = ids[0]!;
    await referred(j, atrId, 'ATR');
    await j.post(actors.probation, `/v1/orders/${orderId}/induction`, { completedOn: sentenceDate });
    await attendedSessions(
      j,
      atrId,
      [2, 9, 16, 23].map((day) => `${addDays(sentenceDate, day)}T10:00:00.000Z`),
    );
    await j.sleepUntil(`${addDays(lastDayOf(sentenceDate, 1), 1)}T12:00:00.000Z`);
    await eventually(
      () => t.db.selectFrom('orders').select('view').where('id', '=', orderId).executeTakeFirstOrThrow(),
      (o) => JSON.stringify(o.view).includes('"ended":"COMPLETED"'),
    );
    const terminated: Json = await j.post(actors.probation, `/v1/orders/${orderId}/termination`, {
      terminationDate: await j.today(),
      sentencePlanObjectivesMet: true,
    });
    expect(terminated.end).toMatchObject({ reason: 'TERMINATED_ON_COMPLETION_BY_RO' });
    expect(
      await t.db.selectFrom('orders').select('status').where('id', '=', orderId).executeTakeFirstOrThrow(),
    ).toEqual({ status: 'ENDED' });

    const other = await sentencedCase(j, { months: 6, requirements: [{ type: 'ATR', months: 6 }] });
    const died: Json = await j.post(actors.probation, `/v1/orders/${other.orderId}/death`, {
      diedOn: await j.today(),
    });
    expect(died.end).toMatchObject({ endedOn: await j.today() });
  });

  it('called every route of its share, each with its access-log rows', () => {
    expect([...j.operations]).toEqual(expect.arrayContaining([...journeyCoverage.probation]));
  });
});
