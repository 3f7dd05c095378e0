import { describe, expect, it } from 'vitest';
import { addDays, addMonths } from '../../domain/calendar';
import { lastDayOf } from '../../app/case-fixtures';
import { imposed } from './support/cases';
import { HOUR, later } from './support/compliance';
import { type Actor, type Json, Journey } from './support/journey';

const { t, j } = Journey.forThisFile();

const NASTY = [
  "'; DROP TABLE events; --",
  "100% _match_ LIKE '%' ESCAPE '\\'",
  'C:\\temp\\new \\x00 \\u0000 \\\\',
  '"double" \'single\' `back` ’curly’',
  'Zoë Ñandú 東京 😀 \u202Ertl\u202C ﷽',
  '$1 $$ ${x} {{x}} <script>alert(1)</script>',
  "Robert'); DELETE FROM access_log WHERE ('1'='1",
  '--; /* */ ; \\; SELECT pg_sleep(10);',
];

/** Every string a command carries, each one distinct, so that each can be found again where it was stored. */
const sent: string[] = [];
const nasty = (label: string) => {
  const value = `${NASTY[sent.length % NASTY.length]!} [${label}]`;
  sent.push(value);
  return value;
};

/** Every string leaf of a JSON value. */
function strings(value: unknown, into = new Set<string>()): Set<string> {
  if (typeof value === 'string') into.add(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, into);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, into);
  return into;
}

describe('SQL and other metacharacters in every string field', () => {
  it('are stored verbatim through a case from opening to review, organisations included', async () => {
    const court = nasty('court code');
    const pdu = nasty('pdu');
    const provOrg = nasty('provider org');
    const assessor: Actor = { sub: nasty('assessor sub'), role: 'court-assessor', org: court };
    const judge: Actor = { sub: 'clerk', role: 'court', org: court };
    const probation: Actor = { sub: "o'fficer", role: 'probation', org: pdu };
    const provider: Actor = { sub: 'kw%', role: 'provider', org: provOrg };
    const today = await j.today();

    const opened: Json = await j.post(assessor, '/v1/orders', {
      person: {
        givenName: nasty('givenName'),
        familyName: nasty('familyName'),
        dateOfBirth: '1990-05-01',
        crn: nasty('crn'),
        homeLocalJusticeArea: nasty('homeLocalJusticeArea'),
      },
      court: { code: court, type: 'MAGISTRATES' },
      probationDeliveryUnit: pdu,
      hearingDate: today,
      plea: 'GUILTY',
      offences: [{ description: nasty('offence'), imprisonable: true }],
      identification: { source: 'LIAISON_AND_DIVERSION', date: today },
      proposedTypes: ['DRR'],
    });
    const orderId: string = opened.orderId;
    const o = `/v1/orders/${orderId}`;
    await j.post(assessor, `${o}/screening`, {
      outcome: 'PROCEED_TO_ASSESSMENT',
      notes: nasty('screening notes'),
    });
    const requested: Json = await j.post(assessor, `${o}/requirements`, {
      type: 'DRR',
      providerOrgId: provOrg,
    });
    const drrId: string = requested.requirementId;
    const r = `/v1/requirements/${drrId}`;
    await j.post(provider, `${r}/assessment`, {
      outcome: 'SUITABLE',
      proposedMode: 'NON_RESIDENT',
      proposedPeriodMonths: 12,
      treatmentDirector: nasty('assessment director'),
      place: nasty('assessment place'),
    });
    await j.post(assessor, `${r}/consent`, { given: true, date: today });
    await j.post(assessor, `${o}/proposal`, { psrReference: nasty('psr') });
    await j.post(assessor, `${o}/adjournments`, { nextHearingDate: today, reason: nasty('adjournment') });
    await j.post(judge, `${o}/sentence`, {
      outcome: 'CSTR_IMPOSED',
      orderType: 'COMMUNITY_ORDER',
      sentenceDate: today,
      endDate: lastDayOf(today, 12),
      requirements: [
        {
          requirementId: drrId,
          mode: 'NON_RESIDENT',
          periods: [{ start: today, end: lastDayOf(today, 12) }],
          treatmentDirector: nasty('sentence director'),
          place: nasty('sentence place'),
          intervals: nasty('intervals'),
          review: {
            firstReviewDate: addMonths(today, 1),
            intervalMonths: 1,
            mode: 'HEARING',
            offenderMustAttend: true,
          },
        },
      ],
    });
    await imposed(j, drrId);
    await j.post(probation, `${r}/referral`, { providerOrgId: provOrg });
    await j.post(provider, `${r}/acceptance`, { accepted: true });
    const start = `${addDays(today, 1)}T10:00:00.000Z`;
    const booked: Json = await j.post(provider, `${r}/appointments`, {
      start,
      durationMinutes: 50,
      kind: 'GROUP',
      deliveryMode: 'VIDEO',
      enforceable: true,
    });
    const moved: Json = await j.post(provider, `${r}/appointments/${booked.id}/reschedule`, {
      start: later(start, HOUR),
      requestedBy: 'PERSON',
      reason: nasty('reschedule'),
    });
    await j.sleepUntil(later(start, 3 * HOUR));
    await j.post(provider, `${r}/appointments/${moved.id}/outcome`, {
      sessionHappened: true,
      attended: 'LATE',
      lateReason: nasty('late reason'),
      notes: nasty('session notes'),
    });
    const test: Json = await j.post(provider, `${r}/drug-tests`, {
      dueAt: later(start, 4 * HOUR),
      directedBy: 'TREATMENT_DIRECTOR',
    });
    await j.sleepUntil(later(start, 5 * HOUR));
    await j.post(provider, `${r}/drug-tests/${test.id}/sample`, {
      status: 'COLLECTED',
      sampleType: 'HAIR',
      method: 'LAB_SCREEN',
    });
    await j.post(provider, `${r}/drug-tests/${test.id}/result`, {
      substances: [{ substance: 'COCAINE', result: 'POSITIVE' }],
      explanation: nasty('result explanation'),
    });
    await j.post(provider, `${r}/practitioner-reports`, {
      opinion: 'CONTINUE_BEYOND_PERIOD',
      narrative: nasty('narrative'),
    });
    const seen: Json = await j.get(provider, r);
    const reviewId: string = seen.reviews[0].id;
    await j.post(provider, `${r}/reviews/${reviewId}/provider-views`, { views: nasty('views') });
    await j.post(probation, `${r}/reviews/${reviewId}/report`, {
      progress: 'SATISFACTORY',
      recommendation: nasty('recommendation'),
    });
    await j.post(
      probation,
      `${o}/residence-change`,
      { newHomeLocalJusticeArea: nasty('new area'), permittedOn: await j.today() },
      { purpose: nasty('purpose') },
    );
    await j.post(
      provider,
      `${r}/allocation`,
      { name: nasty('practitioner name'), role: nasty('practitioner role') },
      { status: 422 },
    );

    // Every string came back out of Postgres as it went in.
    const events = await t.db
      .selectFrom('events')
      .select(['payload', 'actor_sub', 'actor_org'])
      .where('order_id', '=', orderId)
      .execute();
    const stored = strings(events.map((e) => [e.payload, e.actor_sub, e.actor_org]));
    const logged = await t.db
      .selectFrom('access_log_entries')
      .select(['actor_sub', 'actor_org', 'purpose'])
      .where('order_id', '=', orderId)
      .execute();
    strings(logged, stored);
    const missing = sent.filter((s) => !s.includes('[practitioner') && !stored.has(s));
    expect(missing).toEqual([]);
    expect(
      await t.db
        .selectFrom('orders')
        .select(['court_code', 'pdu'])
        .where('id', '=', orderId)
        .executeTakeFirst(),
    ).toEqual({ court_code: court, pdu });
    expect(
      await t.db
        .selectFrom('requirements')
        .select('provider_org_id')
        .where('id', '=', drrId)
        .executeTakeFirst(),
    ).toEqual({ provider_org_id: provOrg });

    // Scoping by those organisations still holds, and filters with metacharacters are plain values.
    expect((await j.get(probation, '/v1/orders')).items).toEqual([expect.objectContaining({ id: orderId })]);
    expect((await j.get(provider, '/v1/requirements')).items).toEqual([
      expect.objectContaining({ id: drrId }),
    ]);
    for (const filter of NASTY) {
      const q = encodeURIComponent(filter);
      expect((await j.get(probation, `/v1/orders?status=${q}&court=${q}&provider=${q}`)).items).toEqual([]);
    }
    expect((await j.get(probation, `/v1/orders?court=${encodeURIComponent(court)}`)).items).toHaveLength(1);
    expect(
      Number(
        (
          await t.db
            .selectFrom('events')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBeGreaterThan(20);
  });
});
