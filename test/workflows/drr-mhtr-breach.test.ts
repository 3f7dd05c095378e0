import { describe, expect, it } from 'vitest';
import { addDays, addMonths } from '../../domain/calendar';
import { lastDayOf } from '../../app/case-fixtures';
import { sentencedCase } from './cases';
import { type CaseDriver, actors, eventually, imposed } from './driver';
import { useScenarioEnv } from './environment';
import type { Actor } from '../../domain/records';

const s = useScenarioEnv();
const at10 = (date: string) => `${date}T10:00:00.000Z`;

/** Misses a session; resolves with the incident the order records for it, its `n`th. */
async function missed(c: CaseDriver, n: number, provider: Actor, requirementId: string, start: string) {
  await c.session(provider, requirementId, start, 'NO');
  const view = await c.orderViewWhen((v) => v.compliance.incidents.length === n);
  return view.compliance.incidents[n - 1]!.incidentId;
}

describe('a combined DRR and MHTR order through breach', () => {
  it('a reviewed DRR and an MHTR: warning, amendment, review, breach with an extended end date', async () => {
    await s.withCase(async (c) => {
      await c.start();
      const { ids, sentenceDate, endDate } = await sentencedCase(c, {
        months: 12,
        requirements: [
          { type: 'DRR', months: 12, reviewed: true },
          { type: 'MHTR', months: 6 },
        ],
      });
      const [drrId, mhtrId] = ids as [string, string];
      await c.order(actors.probation, { type: 'CompleteInduction', completedOn: sentenceDate });
      await c.session(actors.provider, drrId, at10(addDays(sentenceDate, 2)));
      await c.session(actors.mhProvider, mhtrId, `${addDays(sentenceDate, 2)}T14:00:00.000Z`);
      await c.negativeDrugTest(drrId, at10(addDays(sentenceDate, 3)));

      const first = await missed(c, 1, actors.mhProvider, mhtrId, at10(addDays(sentenceDate, 9)));
      await c.order(actors.probation, {
        type: 'DecideIncident',
        incidentId: first,
        decision: 'UNACCEPTABLE',
      });
      await c.order(actors.probation, {
        type: 'GiveWarning',
        incidentId: first,
        givenOn: await c.today(),
        deliveryMethod: 'LETTER',
      });
      await c.order(actors.court, {
        type: 'AmendRequirement',
        requirementId: drrId,
        change: 'REPLACE',
        offenderWilling: true,
        replacement: {
          mode: 'NON_RESIDENT',
          periods: [{ start: sentenceDate, end: lastDayOf(sentenceDate, 12) }],
          treatmentDirector: 'Dr C Moreno',
          place: 'Southwark Drug Service',
          intervals: 'twice weekly',
        },
      });
      await c.requirementViewWhen(drrId, (v) => imposed(v).terms.place === 'Southwark Drug Service');

      const review = imposed(await c.requirementView(drrId)).reviews.find((r) => r.status === 'SCHEDULED')!;
      await c.sleepUntil(at10(addDays(review.date, -7)));
      await c.requirement(actors.provider, {
        type: 'SubmitProviderViews',
        requirementId: drrId,
        reviewId: review.id,
        views: 'Engaging with key work.',
      });
      await c.requirement(actors.probation, {
        type: 'SubmitReviewReport',
        requirementId: drrId,
        reviewId: review.id,
        progress: 'SATISFACTORY',
        recommendation: 'Continue.',
      });
      await c.sleepUntil(at10(review.date));
      await c.requirement(actors.court, {
        type: 'RecordReviewOutcome',
        requirementId: drrId,
        reviewId: review.id,
        outcome: 'CONTINUE',
        attended: true,
      });

      const second = await missed(c, 2, actors.provider, drrId, at10(addDays(review.date, 3)));
      await c.order(actors.probation, {
        type: 'DecideIncident',
        incidentId: second,
        decision: 'UNACCEPTABLE',
      });
      const referred = await c.order(actors.probation, { type: 'ReferToEnforcement', incidentId: second });
      const laid = await c.order(actors.enforcement, {
        type: 'LayInformation',
        referralId: referred.compliance.referrals[0]!.referralId,
        informationLaidOn: await c.today(),
        courtCode: 'B01LY00',
      });
      const newEndDate = addMonths(endDate, 6);
      await c.order(actors.court, {
        type: 'RecordBreachOutcome',
        proceedingId: laid.compliance.proceedings[0]!.proceedingId,
        finding: 'PROVED',
        disposal: 'EXTEND_END_DATE',
        newEndDate,
      });
      for (const id of ids) await c.requirementViewWhen(id, (v) => imposed(v).orderEndDate === newEndDate);
      const settled = await eventually(
        () => c.orderView(),
        (v) => v.compliance.incidents.every((i) => i.status !== 'PENDING_DECISION'),
      );
      expect(settled.order?.endDate).toBe(newEndDate);
    });
  });
});
