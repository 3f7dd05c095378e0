import { describe, expect, it } from 'vitest';
import { addDays } from '../../domain/calendar';
import { requirementWorkflowId } from '../../workflows/messages';
import { booking, sentencedCase } from './cases';
import { actors, eventually, imposed } from './driver';
import { useScenarioEnv } from './environment';
import { runsOf } from './history';

const s = useScenarioEnv();

describe('the deadline timer (issue 20, point 8)', () => {
  it('is started again only when a command moves the next deadline', async () => {
    await s.withCase(async (c) => {
      await c.start();
      const { ids, sentenceDate } = await sentencedCase(c, {
        months: 12,
        requirements: [{ type: 'DRR', months: 12 }],
      });
      const drrId = ids[0]!;
      const workflowId = requirementWorkflowId(c.orderId, drrId);
      const timerEvents = async () => {
        const types = (await runsOf(s.env, workflowId)).flatMap((r) => r.eventTypes);
        return {
          started: types.filter((t) => t === 'EVENT_TYPE_TIMER_STARTED').length,
          cancelled: types.filter((t) => t === 'EVENT_TYPE_TIMER_CANCELED').length,
        };
      };
      const book = (day: string) => c.requirement(actors.provider, booking(drrId, day));
      const firstAppointmentDue = async () =>
        imposed(await c.requirementView(drrId)).deadlines.find((d) => d.kind === 'FIRST_APPOINTMENT_DUE');
      const before = await eventually(timerEvents, (t) => t.started > 0);
      expect(await firstAppointmentDue()).toBeDefined();

      // Sessions after the first-appointment deadline: their outcomes fall due later, so the next deadline stays.
      for (const days of [30, 37, 44]) await book(addDays(sentenceDate, days));
      expect(await timerEvents()).toEqual(before);

      // A session tomorrow: its outcome falls due before the first-appointment deadline.
      await book(addDays(sentenceDate, 1));
      expect(await timerEvents()).toEqual({
        started: before.started + 1,
        cancelled: before.cancelled + 1,
      });
    });
  });
});
