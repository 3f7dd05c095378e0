import { describe, expect, it } from 'vitest';
import { addDays, endOfLondonDay } from '../../domain/calendar';
import { SHORT_RUN_EVENTS } from '../../workflows/handover';
import { sentencedCase } from './cases';
import { type CaseDriver, actors, imposed } from './driver';
import { useScenarioEnv } from './environment';
import { runsOf } from './history';
import { notificationsOf, orderRow, requirementRow, storedEventTypes } from './rows';

const s = useScenarioEnv();

const at10 = (date: string) => `${date}T10:00:00.000Z`;

/** Holds the next scheduled review: views and report a week before, a session, then the court's outcome. */
async function holdNextReview(c: CaseDriver, drrId: string, n: number): Promise<boolean> {
  const view = imposed(await c.requirementView(drrId));
  const review = view.reviews.find((r) => r.status === 'SCHEDULED');
  if (!review) return false;
  const reviewId = review.id;
  await c.sleepUntil(at10(addDays(review.date, -7)));
  await c.requirement(actors.provider, {
    type: 'SubmitProviderViews',
    requirementId: drrId,
    reviewId,
    views: 'Engaging with key work; tests negative.',
  });
  await c.requirement(actors.probation, {
    type: 'SubmitReviewReport',
    requirementId: drrId,
    reviewId,
    progress: 'SATISFACTORY',
    recommendation: 'Continue.',
  });
  await c.session(actors.provider, drrId, at10(addDays(review.date, -6)));
  await c.sleepUntil(at10(review.date));
  const hearing = review.mode === 'HEARING';
  await c.requirement(actors.court, {
    type: 'RecordReviewOutcome',
    requirementId: drrId,
    reviewId,
    outcome: hearing && n === 2 ? 'MOVE_TO_REVIEW_WITHOUT_HEARING' : 'CONTINUE',
    attended: hearing,
  });
  return true;
}

describe('a DRR from assessment request to completion over 15 months', () => {
  it('holds monthly reviews, moves to paper reviews, completes at its period end and the order ends with it', async () => {
    const started = Date.now();
    await s.withCase(async (c) => {
      await c.start();
      const { ids, sentenceDate, endDate } = await sentencedCase(c, {
        months: 15,
        requirements: [{ type: 'DRR', months: 15, reviewed: true }],
      });
      const drrId = ids[0]!;
      await c.order(actors.probation, { type: 'CompleteInduction', completedOn: sentenceDate });
      const first = await c.session(actors.provider, drrId, at10(addDays(sentenceDate, 2)));
      expect(first.status).toBe('IN_TREATMENT');
      await c.negativeDrugTest(drrId, at10(addDays(sentenceDate, 3)));
      await c.negativeDrugTest(drrId, at10(addDays(sentenceDate, 9)));

      let reviews = 0;
      while (await holdNextReview(c, drrId, reviews + 1)) reviews += 1;
      expect(reviews).toBe(14);

      await c.sleepUntil(new Date(Date.parse(endOfLondonDay(endDate)) + 60_000).toISOString());
      const completed = imposed(await c.requirementViewWhen(drrId, (v) => v.status === 'COMPLETED'));
      expect(completed).toMatchObject({ status: 'COMPLETED', ended: 'COMPLETED', compliedWith: true });
      expect(completed.reviewMode).toBe('WITHOUT_HEARING');
      expect(completed.reviews.map((r) => r.mode)).toEqual([
        'HEARING',
        'HEARING',
        ...Array<string>(12).fill('WITHOUT_HEARING'),
      ]);
      expect(completed.reviews.every((r) => r.status === 'HELD')).toBe(true);
      expect(completed.reviews[0]?.report?.testResults).toHaveLength(2);

      const ended = await c.orderResult();
      expect(ended.status).toBe('ENDED');
      expect(ended.end).toEqual({ reason: 'COMPLETED_END_DATE', endedOn: endDate, detail: null });
      expect(ended.requirements).toEqual([
        expect.objectContaining({ requirementId: drrId, compliedWith: true, ended: 'COMPLETED' }),
      ]);

      const db = s.t.db;
      expect(await orderRow(db, c.orderId)).toMatchObject({ status: 'ENDED' });
      expect(await requirementRow(db, drrId)).toMatchObject({ status: 'COMPLETED', stage: 'SENTENCED' });
      const requirementEvents = await storedEventTypes(db, c.orderId, drrId);
      expect(requirementEvents.filter((t) => t === 'ReviewHeld')).toHaveLength(14);
      expect(requirementEvents.slice(-2)).toEqual(['TreatmentPeriodEnded', 'RequirementEnded']);
      expect((await storedEventTypes(db, c.orderId, null)).at(-1)).toBe('OrderEnded');
      const reviewRows = await db
        .selectFrom('reviews')
        .selectAll()
        .where('requirement_id', '=', drrId)
        .execute();
      expect(reviewRows.map((r) => r.status)).toEqual(Array<string>(14).fill('HELD'));
      const tests = await db
        .selectFrom('drug_tests')
        .selectAll()
        .where('requirement_id', '=', drrId)
        .execute();
      expect(tests.map((t) => t.outcome)).toEqual(['ALL_NEGATIVE', 'ALL_NEGATIVE']);
      const sessions = await db
        .selectFrom('appointments')
        .selectAll()
        .where('requirement_id', '=', drrId)
        .execute();
      expect(sessions).toHaveLength(15);
      expect(sessions.every((a) => a.outcome === 'ATTENDED_COMPLIED')).toBe(true);
      const open = await db.selectFrom('deadlines').selectAll().where('order_id', '=', c.orderId).execute();
      expect(open).toEqual([]);
      const kinds = (await notificationsOf(db, c.orderId)).map((n) => n.kind);
      expect(kinds.filter((k) => k === 'REVIEW_REPORT_REQUESTED')).toHaveLength(14);
      expect(kinds).toEqual(expect.arrayContaining(['ASSESSMENT_REQUESTED', 'REFERRAL_MADE']));

      const orderRuns = await runsOf(s.env, c.workflowId);
      const requirementRuns = await runsOf(s.env, `${c.workflowId}/requirement/${drrId}`);
      expect(orderRuns).toHaveLength(1);
      // The DRR's runs are short: each hands over by reference past SHORT_RUN_EVENTS (workflows/handover.ts),
      // and the state, views and rows above are the same as its single run's were.
      expect(requirementRuns.length).toBeGreaterThan(1);
      for (const run of requirementRuns.slice(0, -1)) {
        expect(run.events).toBeGreaterThan(SHORT_RUN_EVENTS);
        expect(run.events).toBeLessThan(SHORT_RUN_EVENTS + 40);
      }
      console.info(
        `15-month DRR: order history ${orderRuns.map((r) => r.events).join('+')} events, ` +
          `requirement history ${requirementRuns.map((r) => r.events).join('+')} events, ` +
          `${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    });
  });
});
