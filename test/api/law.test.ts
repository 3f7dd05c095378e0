import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addMonths, addYears } from '../../domain/calendar';
import { useTestDatabase } from '../support/database';
import { EXAMPLE_PERSON, lastDayOf, openCaseBody, sentenceBody } from '../../app/case-fixtures';
import { type ApiHarness, startApiHarness } from './harness';
import { assessedCase, referred, sentencedCase } from './support/cases';
import { missedSession, pendingIncident } from './support/compliance';
import { type Json, Journey, actors, eventually } from './support/journey';

// The corrections of domain.md §16, each once through the API with the problem type naming its rule.

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

const problem = (rule: string) => `https://cstr.service.justice.gov.uk/problems/${rule}`;

describe('the law as corrected (domain.md §16)', () => {
  it('R1: the age that counts is the age when convicted', async () => {
    const today = await j.today();
    const seventeen = { ...EXAMPLE_PERSON, dateOfBirth: addDays(addYears(today, -18), 1) };
    const refused: Json = await j.post(
      actors.assessor,
      '/v1/orders',
      { ...openCaseBody(today, ['DRR'], { person: seventeen }), convictionDate: today },
      { status: 422 },
    );
    expect(refused.type).toBe(problem('r1-under-18-at-conviction'));
  });

  it('R10 and R11: separate periods are summed; at sentence reviews are hearings the person attends', async () => {
    const plan = { months: 18, requirements: [{ type: 'DRR' as const, months: 6 }] };
    const { orderId, ids, today } = await assessedCase(j, plan);
    await j.post(actors.assessor, `/v1/orders/${orderId}/proposal`, { psrReference: 'PSR-LAW' });
    const base = sentenceBody(plan, ids, today);
    const [terms] = base.requirements!;
    const sentence = (periods: { start: string; end: string }[], review?: object) => ({
      ...base,
      convictionDate: today,
      requirements: [{ ...terms!, periods, ...(review ? { review } : {}) }],
    });
    const first = { start: today, end: lastDayOf(today, 6) };
    const gapTo = (months: number) => addMonths(today, months);
    const tooLong = [first, { start: gapTo(8), end: addDays(lastDayOf(gapTo(8), 6), 2) }];
    const url = `/v1/orders/${orderId}/sentence`;
    const r10: Json = await j.post(actors.court, url, sentence(tooLong), { status: 422 });
    expect(r10.type).toBe(problem('r10-review-provision-required'));
    const paper = { firstReviewDate: addMonths(today, 1), intervalMonths: 1, mode: 'WITHOUT_HEARING' };
    const r11: Json = await j.post(actors.court, url, sentence([first], paper), { status: 422 });
    expect(r11.type).toBe(problem('r11-review-at-hearing-only'));

    const twoSixMonths = [first, { start: gapTo(8), end: lastDayOf(gapTo(8), 6) }];
    const made: Json = await j.post(actors.court, url, sentence(twoSixMonths));
    expect(made).toMatchObject({ status: 'ACTIVE', order: { convictionDate: today } });
  });

  it('R31: after a CO’s end date no warning; proceedings begun before it keep it open, expired', async () => {
    const { orderId, ids, sentenceDate, endDate } = await sentencedCase(j, {
      months: 1,
      requirements: [{ type: 'DRR', months: 1 }],
    });
    const drrId = ids[0]!;
    const o = `/v1/orders/${orderId}`;
    await referred(j, drrId, 'DRR');
    const absence = async (days: number, known: string[]) => {
      await missedSession(j, drrId, `${addDays(sentenceDate, days)}T10:00:00.000Z`);
      const incidentId = await pendingIncident(j, orderId, known);
      await j.post(actors.probation, `${o}/incidents/${incidentId}/decision`, { decision: 'UNACCEPTABLE' });
      return incidentId;
    };
    const first = await absence(2, []);
    const referral: Json = await j.post(actors.probation, `${o}/enforcement-referrals`, {
      incidentId: first,
    });
    await j.post(actors.enforcement, `${o}/breach-proceedings`, {
      referralId: referral.referralId,
      informationLaidOn: await j.today(),
      courtCode: 'B01LY00',
    });
    const second = await absence(5, [first]);

    await j.sleepUntil(`${addDays(endDate, 2)}T10:00:00.000Z`);
    const expired = await eventually(
      () => j.get(actors.probation, o),
      (v) => v.status === 'EXPIRED_PROCEEDINGS_PENDING',
    );
    expect(expired.status).toBe('EXPIRED_PROCEEDINGS_PENDING');
    const late: Json = await j.post(
      actors.probation,
      `${o}/warnings`,
      { incidentId: second, givenOn: await j.today() },
      { status: 422 },
    );
    expect(late.type).toBe(problem('r31-warning-after-end-date'));
  });
});
