import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../domain/calendar';
import { useTestDatabase } from '../support/database';
import { sessionBooking } from '../../app/case-fixtures';
import { type ApiHarness, startApiHarness } from './harness';
import { referred, sentencedCase } from './support/cases';
import { journeyCoverage } from './support/coverage';
import { type Json, Journey, actors } from './support/journey';

const t = useTestDatabase();
let h: ApiHarness;
let j: Journey;
beforeAll(async () => {
  h = await startApiHarness(t);
  j = new Journey(h);
});
afterAll(async () => {
  await h?.close();
});

const HOUR = 3_600_000;
const later = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

describe('the treatment provider’s journey', () => {
  it('takes a reviewed DRR from referral through sessions, a drug test, a report and review views', async () => {
    const { orderId, ids, sentenceDate } = await sentencedCase(j, {
      months: 6,
      requirements: [{ type: 'DRR', months: 6, reviewed: true }],
    });
    const drrId = ids[0]!;
    const r = `/v1/requirements/${drrId}`;
    await referred(j, drrId, 'DRR');
    const worklist: Json = await j.get(actors.provider, '/v1/deadlines');
    // The provider's worklist holds its own deadline only, not probation's or the court's on the same case.
    expect(worklist.items).toEqual([
      expect.objectContaining({ kind: 'FIRST_APPOINTMENT_DUE', requirementId: drrId, overdue: false }),
    ]);

    const caseload: Json = await j.get(actors.provider, '/v1/requirements?type=DRR', {
      purpose: 'weekly caseload review',
    });
    expect(caseload.items).toEqual([
      expect.objectContaining({ id: drrId, orderId, type: 'DRR', providerOrgId: 'PROV-DRUGS' }),
    ]);
    expect((await j.get(actors.provider, '/v1/requirements?type=ATR')).items).toEqual([]);

    const start = `${addDays(sentenceDate, 1)}T10:00:00.000Z`;
    const booked: Json = await j.post(actors.provider, `${r}/appointments`, sessionBooking(start));
    expect(booked).toMatchObject({ start, kind: 'ONE_TO_ONE' });
    const first: string = booked.appointmentId ?? booked.id;
    // An outcome before the session is due is a state conflict.
    const early: Json = await j.post(
      actors.provider,
      `${r}/appointments/${first}/outcome`,
      { sessionHappened: true, attended: 'YES' },
      { status: 409 },
    );
    expect(early.type).toMatch(/^https:\/\/cstr\.service\.justice\.gov\.uk\/problems\//);

    const newStart = `${addDays(sentenceDate, 2)}T10:00:00.000Z`;
    const moved: Json = await j.post(actors.provider, `${r}/appointments/${first}/reschedule`, {
      start: newStart,
      requestedBy: 'SERVICE',
      reason: 'Keyworker off sick',
    });
    const second: string = moved.appointmentId ?? moved.id;
    expect(second).not.toBe(first);
    expect(moved.start).toBe(newStart);
    const appointments = await t.db
      .selectFrom('appointments')
      .select(['id', 'status'])
      .where('requirement_id', '=', drrId)
      .orderBy('start_at')
      .execute();
    expect(appointments.map((a) => a.id)).toEqual([first, second]);
    expect(appointments[0]!.status).not.toBe(appointments[1]!.status);

    await j.sleepUntil(later(newStart, HOUR));
    const outcome: Json = await j.post(actors.provider, `${r}/appointments/${second}/outcome`, {
      sessionHappened: true,
      attended: 'YES',
      notes: 'Engaged well; discussed triggers',
    });
    expect(outcome.status).toBe('IN_TREATMENT');
    expect(
      await t.db.selectFrom('appointments').select('outcome').where('id', '=', second).executeTakeFirst(),
    ).toEqual({ outcome: expect.any(String) });

    // The diary holds the session as it happened, not the one it replaced, with the clinician's notes.
    const from = `${sentenceDate}T00:00:00.000Z`;
    const diary: Json = await j.get(
      actors.provider,
      `/v1/appointments?from=${from}&to=${later(from, 7 * 24 * HOUR)}`,
    );
    expect(diary.items).toEqual([
      expect.objectContaining({
        requirementId: drrId,
        orderId,
        requirementType: 'DRR',
        appointment: expect.objectContaining({
          id: second,
          attended: true,
          notes: 'Engaged well; discussed triggers',
        }),
      }),
    ]);
    const mhDiary: Json = await j.get(
      actors.mhProvider,
      `/v1/appointments?from=${from}&to=${later(from, 7 * 24 * HOUR)}`,
    );
    expect(mhDiary.items).toEqual([]);

    const dueAt = later(new Date(await h.env.currentTimeMs()).toISOString(), HOUR);
    const test: Json = await j.post(actors.provider, `${r}/drug-tests`, {
      dueAt,
      directedBy: 'TREATMENT_DIRECTOR',
    });
    const testId: string = test.testId ?? test.id;
    expect(test.dueAt).toBe(dueAt);
    await j.sleepUntil(later(dueAt, 10 * 60_000));
    await j.post(actors.provider, `${r}/drug-tests/${testId}/sample`, {
      status: 'COLLECTED',
      sampleType: 'ORAL_FLUID',
      method: 'POINT_OF_CARE_SCREEN',
    });
    const result: Json = await j.post(actors.provider, `${r}/drug-tests/${testId}/result`, {
      substances: [
        { substance: 'OPIATES', result: 'NEGATIVE' },
        { substance: 'COCAINE', result: 'NEGATIVE' },
      ],
    });
    expect(JSON.stringify(result.drugTests)).toContain('NEGATIVE');
    expect(
      await t.db
        .selectFrom('drug_tests')
        .select(['id', 'outcome'])
        .where('requirement_id', '=', drrId)
        .execute(),
    ).toEqual([{ id: testId, outcome: expect.any(String) }]);

    const reported: Json = await j.post(actors.provider, `${r}/practitioner-reports`, {
      opinion: 'CONTINUE_BEYOND_PERIOD',
      narrative: 'Stable on script; would benefit from longer treatment',
    });
    expect(reported.requirementId ?? reported.id).toBe(drrId);

    const seen: Json = await j.get(actors.provider, r);
    const reviewId: string = seen.reviews[0].reviewId ?? seen.reviews[0].id;
    const views: Json = await j.post(actors.provider, `${r}/reviews/${reviewId}/provider-views`, {
      views: 'Attending weekly; negative screens',
    });
    expect(JSON.stringify(views.reviews)).toContain('Attending weekly; negative screens');

    const order: Json = await j.get(actors.provider, `/v1/orders/${orderId}`);
    expect(order.orderId).toBe(orderId);
    expect(JSON.stringify(order)).not.toContain('Theft from a shop');
    expect(order.case.offences).toBeUndefined();
    const orders: Json = await j.get(actors.provider, '/v1/orders');
    expect(orders.items).toEqual([expect.objectContaining({ id: orderId })]);

    const stored = await t.db
      .selectFrom('events')
      .select(['type', 'actor_role', 'actor_org'])
      .where('requirement_id', '=', drrId)
      .where('actor_role', '=', 'provider')
      .execute();
    expect(stored.map((e) => e.type)).toEqual(
      expect.arrayContaining(['ReferralAccepted', 'AppointmentBooked', 'PractitionerReportSubmitted']),
    );
    expect(new Set(stored.map((e) => e.actor_org))).toEqual(new Set(['PROV-DRUGS']));
  });

  it('admits and discharges an in-patient MHTR, moves its place and records clinical completion', async () => {
    const { ids, sentenceDate } = await sentencedCase(j, {
      months: 6,
      requirements: [{ type: 'MHTR', months: 6, inPatientAt: 'Maudsley Hospital, ward 3' }],
    });
    const mhtrId = ids[0]!;
    const r = `/v1/requirements/${mhtrId}`;
    await referred(j, mhtrId, 'MHTR');
    const assessmentAt = `${addDays(sentenceDate, 1)}T10:00:00.000Z`;
    await j.post(actors.mhProvider, `${r}/appointments`, {
      start: assessmentAt,
      durationMinutes: 60,
      kind: 'ASSESSMENT',
      deliveryMode: 'IN_PERSON',
      enforceable: true,
    });
    await j.sleepUntil(`${addDays(sentenceDate, 1)}T09:00:00.000Z`);
    const admitted: Json = await j.post(actors.mhProvider, `${r}/admissions`, {
      admittedOn: addDays(sentenceDate, 1),
    });
    expect(admitted.displayStatus).toBe('IN_PATIENT_ADMITTED');
    await j.post(actors.mhProvider, `${r}/treatment-place`, {
      newPlace: 'Bethlem Royal Hospital',
      underPractitioner: 'Dr P Okoye',
      offenderConsented: true,
    });
    await j.sleepUntil(`${addDays(sentenceDate, 14)}T12:00:00.000Z`);
    const discharged: Json = await j.post(actors.mhProvider, `${r}/discharges`, {
      dischargedOn: addDays(sentenceDate, 14),
    });
    expect(discharged.displayStatus).toBe('IN_TREATMENT');
    const completed: Json = await j.post(actors.mhProvider, `${r}/clinical-completion`, {
      notes: 'Discharged to the community team',
    });
    expect(completed.displayStatus).toBe('CLINICALLY_COMPLETE');
    const events = await t.db
      .selectFrom('events')
      .select('type')
      .where('requirement_id', '=', mhtrId)
      .orderBy('seq')
      .execute();
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'PatientAdmitted',
        'TreatmentPlaceChanged',
        'PatientDischarged',
        'ResponsibleOfficerNotifiedOfPlaceChange',
        'ClinicalCompletionRecorded',
      ]),
    );
  });

  it('called every route of its share, each with its access-log rows', () => {
    expect([...j.operations]).toEqual(expect.arrayContaining([...journeyCoverage.provider]));
  });
});
