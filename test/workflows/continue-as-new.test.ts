import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../domain/calendar';
import { requirementWorkflowId } from '../../workflows/messages';
import { type Booking, booking, sentencedCase } from './cases';
import { type CaseDriver, actors, imposed } from './driver';
import { useScenarioEnv } from './environment';
import { runsOf } from './history';
import { storedEventTypes } from './rows';

/**
 * Where this file's stand-in suggests continue-as-new: well past the small limit the first test sets, and
 * before a requirement's short run would hand over (SHORT_RUN_EVENTS, 100) whatever the next command adds.
 */
const SUGGESTED_AFTER_EVENTS = 70;
const s = useScenarioEnv({ suggestContinueAsNewAfterEvents: SUGGESTED_AFTER_EVENTS });

/** A sentenced and referred DRR, booked a weekly session at a time until its workflow continues as new. */
async function drrHandedOver(c: CaseDriver) {
  const { ids, sentenceDate } = await sentencedCase(c, {
    months: 12,
    requirements: [{ type: 'DRR', months: 12 }],
  });
  const drrId = ids[0]!;
  const workflowId = requirementWorkflowId(c.orderId, drrId);
  const runsBefore = (await runsOf(s.env, workflowId)).length;
  const sent: { commandId: string; command: Booking }[] = [];
  let lastAnswer = await c.requirementView(drrId);
  for (let week = 1; (await runsOf(s.env, workflowId)).length === runsBefore; week += 1) {
    expect(week, 'the requirement never continued as new').toBeLessThan(40);
    const command = booking(drrId, addDays(sentenceDate, 7 * week));
    const commandId = randomUUID();
    lastAnswer = await c.requirement(actors.provider, command, commandId);
    sent.push({ commandId, command });
  }
  return { drrId, sentenceDate, workflowId, runsBefore, sent, lastAnswer };
}

describe('continue-as-new (issue 20, point 8)', () => {
  it('at the history limit the workflow input sets, carries the state and the dedupe ids to the next run', async () => {
    await s.withCase(async (c) => {
      await c.start({ historyLimit: 50 });
      const { drrId, sentenceDate, workflowId, runsBefore, sent, lastAnswer } = await drrHandedOver(c);
      const runs = await runsOf(s.env, workflowId);
      expect(runs.length).toBe(runsBefore + 1);
      expect(runs.at(-2)!.events).toBeLessThan(SUGGESTED_AFTER_EVENTS);
      expect(runs.at(-2)!.eventTypes.at(-1)).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW');

      // The new run answers with the state the last run left.
      expect(await c.requirementView(drrId)).toEqual(lastAnswer);

      // A command the last run applied, retried: applied once.
      const stored = await storedEventTypes(s.t.db, c.orderId, drrId);
      const first = sent[0]!;
      expect(await c.requirement(actors.provider, first.command, first.commandId)).toEqual(lastAnswer);
      expect(await storedEventTypes(s.t.db, c.orderId, drrId)).toEqual(stored);

      // A new command after the hand-over is applied.
      const next = booking(drrId, addDays(sentenceDate, 7 * (sent.length + 1)));
      const answer = imposed(await c.requirement(actors.provider, next));
      expect(answer.appointments.map((a) => a.id)).toEqual(
        expect.arrayContaining([...sent.map((b) => b.command.appointmentId), next.appointmentId]),
      );
      expect(await storedEventTypes(s.t.db, c.orderId, drrId)).toEqual([...stored, 'AppointmentBooked']);
    });
  });

  it.skipIf(Boolean(process.env.TEMPORAL_ADDRESS))(
    'when the server suggests it, however far the history limit is',
    async () => {
      await s.withCase(async (c) => {
        await c.start();
        const { workflowId, runsBefore } = await drrHandedOver(c);
        const handedOver = (await runsOf(s.env, workflowId)).at(runsBefore - 1)!;
        expect(handedOver.events).toBeGreaterThanOrEqual(SUGGESTED_AFTER_EVENTS);
        // It follows the first suggestion: the next command's events at most, not the default limit.
        expect(handedOver.events).toBeLessThan(SUGGESTED_AFTER_EVENTS + 30);
        expect(handedOver.eventTypes.at(-1)).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW');
      });
    },
  );
});
