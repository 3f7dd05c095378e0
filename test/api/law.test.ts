import { describe, expect, it } from 'vitest';
import { addDays, addMonths, addYears, daysBetween } from '../../domain/calendar';
import { EXAMPLE_PERSON, lastDayOf, openCaseBody, sentenceBody } from '../../app/case-fixtures';
import { assessedCase, imposed, referred, sentencedCase } from './support/cases';
import { attendedSessions, missedSession, pendingIncident } from './support/compliance';
import { type Json, Journey, actors, eventually } from './support/journey';

// The corrections of domain.md §16, each once through the API with the problem type naming its rule.

const { j } = Journey.forThisFile();

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
    expect(r11.errors).toEqual([expect.objectContaining({ pointer: '/body/requirements/0/review/mode' })]);
    const optional = { firstReviewDate: addMonths(today, 1), intervalMonths: 1, offenderMustAttend: false };
    const absent: Json = await j.post(actors.court, url, sentence([first], optional), { status: 422 });
    expect(absent.type).toBe(problem('r11-offender-must-attend'));
    expect(absent.errors).toEqual([
      expect.objectContaining({ pointer: '/body/requirements/0/review/offenderMustAttend' }),
    ]);

    const twoSixMonths = [first, { start: gapTo(8), end: lastDayOf(gapTo(8), 6) }];
    const made: Json = await j.post(actors.court, url, sentence(twoSixMonths));
    expect(made).toMatchObject({ status: 'ACTIVE', order: { convictionDate: today } });
  });

  it('R12: only a review hearing finding progress satisfactory moves reviews to paper; a paper review may require attendance again', async () => {
    const { ids } = await sentencedCase(j, {
      months: 6,
      requirements: [{ type: 'DRR', months: 6, reviewed: true }],
    });
    const drrId = ids[0]!;
    await referred(j, drrId, 'DRR');
    const r = `/v1/requirements/${drrId}`;
    const nextReview = async (progress: 'SATISFACTORY' | 'UNSATISFACTORY') => {
      const scheduled: Json = await eventually(
        () => j.get(actors.court, r),
        (v) => (v.reviews as Json[]).some((x) => x.status === 'SCHEDULED'),
      );
      const review: Json = (scheduled.reviews as Json[]).find((x) => x.status === 'SCHEDULED');
      await j.post(actors.provider, `${r}/reviews/${review.id}/provider-views`, { views: 'Engaging' });
      await j.post(actors.probation, `${r}/reviews/${review.id}/report`, {
        progress,
        recommendation: 'Continue',
      });
      await j.sleepUntil(`${review.date}T11:00:00.000Z`);
      return { url: `${r}/reviews/${review.id}/outcome`, mode: review.mode as string };
    };
    const refusedWith = async (url: string, body: object) => {
      const refused: Json = await j.post(actors.court, url, body, { status: 409 });
      return refused.type as string;
    };
    const toPaper = { outcome: 'MOVE_TO_REVIEW_WITHOUT_HEARING', attended: true };

    const unsatisfactory = await nextReview('UNSATISFACTORY');
    expect(unsatisfactory.mode).toBe('HEARING');
    expect(await refusedWith(unsatisfactory.url, toPaper)).toBe(problem('r12-progress-not-satisfactory'));
    await j.post(actors.court, unsatisfactory.url, { outcome: 'CONTINUE', attended: true });

    const satisfactory = await nextReview('SATISFACTORY');
    expect(satisfactory.mode).toBe('HEARING');
    await j.post(actors.court, satisfactory.url, toPaper);

    const paper = await nextReview('UNSATISFACTORY');
    expect(paper.mode).toBe('WITHOUT_HEARING');
    expect(await refusedWith(paper.url, { ...toPaper, attended: false })).toBe(
      problem('r12-switch-only-at-hearing'),
    );
    const required: Json = await j.post(actors.court, paper.url, {
      outcome: 'REQUIRE_ATTENDANCE_AT_HEARING',
      attended: false,
    });
    expect(required.reviews).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ status: 'SCHEDULED', mode: 'HEARING', offenderMustAttend: true }),
      ]),
    );
  });

  it('R10: an extension of a DRR is measured as the sum of its separate periods', async () => {
    const plan = { months: 24, requirements: [{ type: 'DRR' as const, months: 6 }] };
    const { orderId, ids, today } = await assessedCase(j, plan);
    await j.post(actors.assessor, `/v1/orders/${orderId}/proposal`, { psrReference: 'PSR-LAW-R10' });
    const base = sentenceBody(plan, ids, today);
    const first = { start: today, end: lastDayOf(today, 6) };
    const second = { start: addMonths(today, 9), end: lastDayOf(addMonths(today, 9), 3) };
    await j.post(actors.court, `/v1/orders/${orderId}/sentence`, {
      ...base,
      requirements: [{ ...base.requirements![0]!, periods: [first, second] }],
    });
    await imposed(j, ids[0]!);
    // Laid end to end from the first start, the periods may fill 12 months to the same day number (R10's
    // boundary, periods.ts): the days of that year plus one. The first start and the last end are then some
    // 15 months apart, and no review is needed; a day more needs one.
    const yearDays = daysBetween(today, addMonths(today, 12)) + 1;
    const secondMaxDays = yearDays - (daysBetween(first.start, first.end) + 1);
    const longest = addDays(second.start, secondMaxDays - 1);
    const amend = (newPeriodEnd: string) => ({
      requirementId: ids[0],
      change: 'EXTEND_PERIOD',
      newPeriodEnd,
      offenderWilling: true,
    });
    const url = `/v1/orders/${orderId}/amendments`;
    const tooLong: Json = await j.post(actors.court, url, amend(addDays(longest, 1)), { status: 422 });
    expect(tooLong.type).toBe(problem('r10-review-provision-required'));
    expect(tooLong.errors).toEqual([expect.objectContaining({ pointer: '/body/newPeriodEnd' })]);
    const extended: Json = await j.post(actors.court, url, amend(longest));
    expect(extended.requirements).toEqual([
      expect.objectContaining({ periods: [first, { ...second, end: longest }] }),
    ]);
  });

  it('R27: a termination on completion dated later by the RO ends the order on that date', async () => {
    const { orderId, ids, sentenceDate } = await sentencedCase(j, {
      months: 6,
      requirements: [{ type: 'ATR', months: 1 }],
    });
    const atrId = ids[0]!;
    await referred(j, atrId, 'ATR');
    await attendedSessions(
      j,
      atrId,
      [2, 9, 16, 23].map((day) => `${addDays(sentenceDate, day)}T10:00:00.000Z`),
    );
    await j.sleepUntil(`${addDays(lastDayOf(sentenceDate, 1), 1)}T12:00:00.000Z`);
    const o = `/v1/orders/${orderId}`;
    await eventually(
      () => j.get(actors.probation, o),
      (v) => (v.requirements as Json[]).every((r) => r.compliedWith === true),
    );
    const terminationDate = addDays(await j.today(), 14);
    const scheduled: Json = await j.post(actors.probation, `${o}/termination`, {
      terminationDate,
      sentencePlanObjectivesMet: true,
    });
    expect(scheduled).toMatchObject({
      status: 'ACTIVE',
      end: null,
      order: { terminationScheduledFor: terminationDate },
    });

    await j.sleepUntil(`${terminationDate}T12:00:00.000Z`);
    const ended: Json = await eventually(
      () => j.get(actors.probation, o),
      (v) => v.status === 'ENDED',
    );
    expect(ended.end).toMatchObject({ reason: 'TERMINATED_ON_COMPLETION_BY_RO', endedOn: terminationDate });
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
