import { describe, expect, it } from 'vitest';
import { addDays, endOfLondonDay } from '../../domain/calendar';
import { lastDayOf } from '../../app/case-fixtures';
import { sentencedCase } from './cases';
import { actors, imposed } from './driver';
import { useScenarioEnv } from './environment';
import { notificationsOf, orderRow, requirementRow, storedEventTypes } from './rows';

const s = useScenarioEnv();

const at10 = (date: string) => `${date}T10:00:00.000Z`;
const justAfter = (date: string) => new Date(Date.parse(endOfLondonDay(date)) + 60_000).toISOString();

describe('an ATR to completion', () => {
  it('completes at its period end, and probation then terminates the order on completion', async () => {
    await s.withCase(async (c) => {
      await c.start();
      const { ids, sentenceDate } = await sentencedCase(c, {
        months: 12,
        requirements: [{ type: 'ATR', months: 6 }],
      });
      const atrId = ids[0]!;
      await c.order(actors.probation, { type: 'CompleteInduction', completedOn: sentenceDate });
      for (let day = addDays(sentenceDate, 2), n = 0; n < 12; n += 1, day = addDays(day, 14))
        await c.session(actors.provider, atrId, at10(day));

      await c.sleepUntil(justAfter(lastDayOf(sentenceDate, 6)));
      const completed = imposed(await c.requirementViewWhen(atrId, (v) => v.status === 'COMPLETED'));
      expect(completed).toMatchObject({ ended: 'COMPLETED', compliedWith: true });
      expect(completed.progress).toMatchObject({ sessionsAttended: 12 });
      await c.orderViewWhen((v) => v.requirements[0]?.ended === 'COMPLETED');

      const today = await c.today();
      const terminated = await c.order(actors.probation, {
        type: 'TerminateOnCompletion',
        terminationDate: today,
        sentencePlanObjectivesMet: true,
      });
      expect(terminated.end).toEqual({
        reason: 'TERMINATED_ON_COMPLETION_BY_RO',
        endedOn: today,
        detail: null,
      });
      expect((await c.orderResult()).status).toBe('ENDED');

      const db = s.t.db;
      expect(await orderRow(db, c.orderId)).toMatchObject({ status: 'ENDED' });
      expect(await requirementRow(db, atrId)).toMatchObject({
        status: 'COMPLETED',
        provider_org_id: 'PROV-DRUGS',
      });
      expect((await storedEventTypes(db, c.orderId, null)).slice(-2)).toEqual([
        'RequirementStatusRecorded',
        'OrderEnded',
      ]);
      const attended = await db
        .selectFrom('appointments')
        .select('outcome')
        .where('requirement_id', '=', atrId)
        .execute();
      expect(attended).toHaveLength(12);
      expect(
        await db.selectFrom('deadlines').selectAll().where('order_id', '=', c.orderId).execute(),
      ).toEqual([]);
    });
  });
});

describe('a primary-care MHTR', () => {
  it('reaches clinical completion after 12 sessions and legal completion at its period end, the order’s end', async () => {
    await s.withCase(async (c) => {
      await c.start();
      const { ids, sentenceDate, endDate } = await sentencedCase(c, {
        months: 6,
        requirements: [{ type: 'MHTR', months: 6 }],
      });
      const mhtrId = ids[0]!;
      await c.order(actors.probation, { type: 'CompleteInduction', completedOn: sentenceDate });
      for (let day = addDays(sentenceDate, 3), n = 0; n < 12; n += 1, day = addDays(day, 7))
        await c.session(actors.mhProvider, mhtrId, at10(day));
      const clinical = imposed(
        await c.requirement(actors.mhProvider, {
          type: 'RecordClinicalCompletion',
          requirementId: mhtrId,
          notes: 'PHQ-9 from 17 to 6',
        }),
      );
      expect(clinical).toMatchObject({ status: 'IN_TREATMENT', displayStatus: 'CLINICALLY_COMPLETE' });
      expect(clinical.progress).toMatchObject({ sessionsAttended: 12 });
      const told = await c.orderViewWhen((v) => v.requirements[0]?.status === 'CLINICALLY_COMPLETE');
      expect(told.requirements[0]).toMatchObject({ compliedWith: false, ended: null });

      await c.sleepUntil(justAfter(endDate));
      const legal = imposed(await c.requirementViewWhen(mhtrId, (v) => v.status === 'COMPLETED'));
      expect(legal).toMatchObject({ ended: 'COMPLETED', clinicallyCompletedOn: expect.any(String) });
      const ended = await c.orderResult();
      expect(ended.end).toEqual({ reason: 'COMPLETED_END_DATE', endedOn: endDate, detail: null });

      const db = s.t.db;
      expect(await requirementRow(db, mhtrId)).toMatchObject({
        status: 'COMPLETED',
        provider_org_id: 'PROV-MH',
      });
      const events = await storedEventTypes(db, c.orderId, mhtrId);
      expect(events).toEqual(
        expect.arrayContaining(['PractitionerAllocated', 'TreatmentStarted', 'ClinicalCompletionRecorded']),
      );
      expect(events.slice(-2)).toEqual(['TreatmentPeriodEnded', 'RequirementEnded']);
      expect((await storedEventTypes(db, c.orderId, null)).at(-1)).toBe('OrderEnded');
      const kinds = (await notificationsOf(db, c.orderId)).map((n) => [n.kind, n.recipient_org]);
      expect(kinds).toEqual(expect.arrayContaining([['REFERRAL_MADE', 'PROV-MH']]));
    });
  });
});
