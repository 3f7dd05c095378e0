import { describe, expect, it } from 'vitest';
import { addDays, addWorkingDays, endOfLondonDay } from '../../domain/calendar';
import { requirementWorkflowId } from '../../workflows/messages';
import { sentencedCase } from './cases';
import { actors, eventually, imposed } from './driver';
import { useScenarioEnv } from './environment';
import { runsOf } from './history';
import { notificationsOf, orderRow, storedEventTypes } from './rows';

const s = useScenarioEnv();

const HISTORY_LIMIT = 60;

describe('a first appointment not attended within 10 working days', () => {
  it('raises the missed SLA as an event and a notification to the probation delivery unit', async () => {
    await s.withCase(async (c) => {
      await c.start();
      const { ids, sentenceDate } = await sentencedCase(c, {
        months: 12,
        requirements: [{ type: 'DRR', months: 12 }],
        refer: false,
      });
      const drrId = ids[0]!;
      const dueAt = endOfLondonDay(addWorkingDays(sentenceDate, 10));
      const waiting = imposed(await c.requirementView(drrId));
      expect(waiting.deadlines).toContainEqual(
        expect.objectContaining({ kind: 'FIRST_APPOINTMENT_DUE', dueAt, role: 'probation', overdue: false }),
      );
      await c.sleepUntil(new Date(Date.parse(dueAt) + 60_000).toISOString());
      const overdue = imposed(
        await c.requirementViewWhen(drrId, (v) =>
          imposed(v).deadlines.some((d) => d.kind === 'FIRST_APPOINTMENT_DUE' && d.overdue),
        ),
      );
      expect(overdue.status).toBe('AWAITING_REFERRAL');

      const db = s.t.db;
      const alerts = await eventually(
        () => notificationsOf(db, c.orderId),
        (rows) => rows.some((n) => n.kind === 'FIRST_APPOINTMENT_NOT_BOOKED_IN_TIME'),
      );
      expect(alerts.filter((n) => n.kind === 'FIRST_APPOINTMENT_NOT_BOOKED_IN_TIME')).toEqual([
        expect.objectContaining({
          recipient_role: 'probation',
          recipient_org: 'N07LDN',
          requirement_id: drrId,
        }),
      ]);
      expect(await storedEventTypes(db, c.orderId, drrId)).toContain('FirstAppointmentSlaMissed');
      const deadline = await db
        .selectFrom('deadlines')
        .selectAll()
        .where('aggregate_id', '=', drrId)
        .where('kind', '=', 'FIRST_APPOINTMENT_DUE')
        .executeTakeFirstOrThrow();
      expect(deadline).toMatchObject({ role: 'probation', org: 'N07LDN' });
    });
  });
});

describe('a 3-year order', () => {
  it('continues as new as its history grows, applies a retried command once, and ends completed', async () => {
    const started = Date.now();
    await s.withCase(async (c) => {
      await c.start({ historyLimit: HISTORY_LIMIT });
      const { ids, sentenceDate, endDate } = await sentencedCase(c, {
        months: 36,
        requirements: [{ type: 'ATR', months: 36 }],
      });
      const atrId = ids[0]!;
      const induction = { type: 'CompleteInduction', completedOn: sentenceDate } as const;
      const inducted = await c.order(actors.probation, induction, 'induction-command');
      for (let day = addDays(sentenceDate, 2), n = 0; n < 18; n += 1, day = addDays(day, 60))
        await c.session(actors.provider, atrId, `${day}T10:00:00.000Z`);

      const orderRuns = await runsOf(s.env, c.workflowId);
      expect(orderRuns.length).toBeGreaterThan(1);
      const described = await s.env.client.workflow.getHandle(c.workflowId).describe();
      expect(described.runId).not.toBe(orderRuns[0]!.runId);
      expect(orderRuns.at(-1)!.runId).toBe(described.runId);
      expect(
        orderRuns
          .slice(0, -1)
          .every((r) => r.eventTypes.at(-1) === 'EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW'),
      ).toBe(true);
      const requirementRuns = await runsOf(s.env, requirementWorkflowId(c.orderId, atrId));
      expect(requirementRuns.length).toBeGreaterThan(1);

      // The API retries a command it sent before the hand-over: the new run knows its id.
      const eventsBefore = (await storedEventTypes(s.t.db, c.orderId, null)).length;
      expect(await c.order(actors.probation, induction, 'induction-command')).toMatchObject({
        order: { inductionCompletedOn: inducted.order?.inductionCompletedOn },
      });
      expect((await storedEventTypes(s.t.db, c.orderId, null)).length).toBe(eventsBefore);

      await c.sleepUntil(new Date(Date.parse(endOfLondonDay(endDate)) + 60_000).toISOString());
      const ended = await c.orderResult();
      expect(ended.end).toEqual({ reason: 'COMPLETED_END_DATE', endedOn: endDate, detail: null });
      expect(ended.requirements[0]).toMatchObject({ requirementId: atrId, ended: 'COMPLETED' });
      expect(await orderRow(s.t.db, c.orderId)).toMatchObject({ status: 'ENDED' });
      const finalRuns = await runsOf(s.env, c.workflowId);
      console.info(
        `3-year order: order runs ${finalRuns.map((r) => r.events).join('+')} events, ` +
          `requirement runs ${(await runsOf(s.env, requirementWorkflowId(c.orderId, atrId))).map((r) => r.events).join('+')}, ` +
          `${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    });
  });
});
