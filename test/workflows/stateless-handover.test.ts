import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Client, WorkflowUpdateFailedError } from '@temporalio/client';
import {
  ApplicationFailure,
  type Payload,
  type PayloadCodec,
  defaultFailureConverter,
  defaultPayloadConverter,
} from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { createActivities } from '../../activities';
import { HandoverNotStored, handoverCodec, postgresEvents } from '../../activities/handover-codec';
import type { RequirementBatch } from '../../activities/persist';
import { addDays } from '../../domain/calendar';
import { DEFAULT_CONFIG } from '../../domain/config';
import { requirementView } from '../../domain/requirement/view';
import { type HandedOver, SHORT_RUN_EVENTS } from '../../workflows/handover';
import { HANDOVER_ENCODING, payloadConverter } from '../../workflows/payload-converter';
import { requirementUpdates, requirementWorkflowId } from '../../workflows/messages';
import type { RequirementWorkflowInput } from '../../workflows/requirement';
import { type Booking, booking, sentencedCase } from './cases';
import { type CaseDriver, actors, eventually, imposed } from './driver';
import { useScenarioEnv } from './environment';
import { runsOf } from './history';
import { installQuietRuntime, leaveOutDebugOverheads } from '../support/temporal';
import { type RecordedHistory, recordedEvents, withStoredEvents } from './recorded-histories';
import { storedEventTypes } from './rows';

const s = useScenarioEnv();

async function sentencedDrr(c: CaseDriver) {
  await c.start();
  const { ids, sentenceDate } = await sentencedCase(c, {
    months: 12,
    requirements: [{ type: 'DRR', months: 12 }],
  });
  const drrId = ids[0]!;
  return { drrId, sentenceDate, workflowId: requirementWorkflowId(c.orderId, drrId) };
}

/** The input a run was started with, as its history holds it. */
async function startInput(workflowId: string, runId: string): Promise<Payload> {
  const history = await s.env.client.workflow.getHandle(workflowId, runId).fetchHistory();
  const input = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  if (!input) throw new Error(`run ${runId} of ${workflowId} has no input`);
  return input;
}

/** Replays one recorded run with the given codec: the failure, or undefined. */
async function replayFailure(run: RecordedHistory, codec: PayloadCodec): Promise<unknown> {
  installQuietRuntime();
  leaveOutDebugOverheads();
  const code = await readFile(inject('workflowBundleFiles').cstr!, 'utf8');
  const dataConverter = { payloadCodecs: [codec] };
  return await Worker.runReplayHistory(
    { workflowBundle: { code }, dataConverter },
    run.history,
    run.workflowId,
  ).then(
    () => undefined,
    (error: unknown) => error,
  );
}

const encodingOf = (payload: Payload) => Buffer.from(payload.metadata?.encoding ?? []).toString();

describe('a requirement run handed over by reference (issue 15)', () => {
  it('past SHORT_RUN_EVENTS names its stored events, and the next run has its state, its ids and the Updates sent while it handed over', async () => {
    await s.withCase(async (c) => {
      const { drrId, sentenceDate, workflowId } = await sentencedDrr(c);
      const runsBefore = (await runsOf(s.env, workflowId)).length;
      const sent: { commandId: string; command: Booking }[] = [];
      // Three at a time, so that some reach the run while it hands over.
      for (let day = 1; (await runsOf(s.env, workflowId)).length === runsBefore; day += 3) {
        expect(day, 'the requirement never handed over').toBeLessThan(150);
        const three = [0, 1, 2].map((n) => ({
          commandId: randomUUID(),
          command: booking(drrId, addDays(sentenceDate, day + n)),
        }));
        await Promise.all(three.map((b) => c.requirement(actors.provider, b.command, b.commandId)));
        sent.push(...three);
      }
      const runs = await runsOf(s.env, workflowId);
      const handedOver = runs.at(-2)!;
      expect(handedOver.events).toBeGreaterThan(SHORT_RUN_EVENTS);
      expect(handedOver.events).toBeLessThan(SHORT_RUN_EVENTS + 80);
      expect(handedOver.eventTypes.at(-1)).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW');

      // The next run was given a reference: no state, no imposition.
      const input = await startInput(workflowId, runs.at(-1)!.runId);
      expect(encodingOf(input)).toBe(HANDOVER_ENCODING);
      const { handover } = JSON.parse(Buffer.from(input.data!).toString()) as HandedOver;
      expect(Object.keys(handover).sort()).toEqual([
        'patches',
        'recentIds',
        'recentSeenAt',
        'requirementId',
        'version',
      ]);
      // Its size is the ids of the last 7 days (here every one: the test's clock hardly moves), not the state.
      const ids = JSON.stringify([handover.recentIds, handover.recentSeenAt]).length;
      expect(input.data!.byteLength - ids).toBeLessThan(135);
      const stored = await storedEventTypes(s.t.db, c.orderId, drrId);
      expect(handover.requirementId).toBe(drrId);
      expect(handover.version).toBeGreaterThan(0);
      expect(handover.version).toBeLessThanOrEqual(stored.length);
      expect(handover.recentIds.length).toBeGreaterThan(0);

      // Every booking is held once, those sent during the hand-over too.
      const view = imposed(await c.requirementView(drrId));
      expect(view.appointments.map((a) => a.id).sort()).toEqual(
        sent.map((b) => b.command.appointmentId).sort(),
      );
      expect(stored.filter((type) => type === 'AppointmentBooked')).toHaveLength(sent.length);

      // Retried, the commands of the run before and of the hand-over are recognised: nothing new is stored.
      for (const retried of [sent[0]!, ...sent.slice(-3)])
        await c.requirement(actors.provider, retried.command, retried.commandId);
      expect(await storedEventTypes(s.t.db, c.orderId, drrId)).toEqual(stored);

      // Replayed, the run decodes its reference to the same state: with the worker's codec on the store, and
      // with the events its fixture would keep (recorded-histories.ts).
      const latest = runs.at(-1)!.runId;
      const history = await s.env.client.workflow.getHandle(workflowId, latest).fetchHistory();
      const recorded = await withStoredEvents(s.t.db, { workflowId, history });
      expect(recorded.storedEvents?.events).toHaveLength(handover.version);
      expect(await replayFailure(recorded, handoverCodec(postgresEvents(s.t.db)))).toBeUndefined();
      expect(await replayFailure(recorded, handoverCodec(recordedEvents([recorded])))).toBeUndefined();

      // And the next run goes on deciding.
      const next = booking(drrId, addDays(sentenceDate, 200));
      const answer = imposed(await c.requirement(actors.provider, next));
      expect(answer.appointments.map((a) => a.id)).toContain(next.appointmentId);
      expect(await storedEventTypes(s.t.db, c.orderId, drrId)).toEqual([...stored, 'AppointmentBooked']);
      // The driver sends as the API does, without the requirement (the workflow's own); an Update that names
      // it (older clients, recorded Updates) applies too, and one naming another requirement is refused.
      const update = (command: Booking) =>
        s.env.client.workflow
          .getHandle(workflowId)
          .executeUpdate(requirementUpdates.BookAppointment, { args: [{ actor: actors.provider, command }] });
      await update(booking(drrId, addDays(sentenceDate, 201)));
      await expect(update(booking(randomUUID(), addDays(sentenceDate, 202)))).rejects.toMatchObject({
        cause: { type: 'requirement-not-found' },
      });
      expect(await storedEventTypes(s.t.db, c.orderId, drrId)).toEqual([
        ...stored,
        'AppointmentBooked',
        'AppointmentBooked',
      ]);
      // It takes the patches its reference names as applied, recording none of them again (RunPatches).
      expect((await runsOf(s.env, workflowId)).at(-1)!.eventTypes).not.toContain(
        'EVENT_TYPE_MARKER_RECORDED',
      );
    });
  });

  it('with a batch refused for good, hands over its state: the stored events are not the state', async () => {
    const real = createActivities({ db: s.t.db });
    let refused: string | null = null;
    const refusing = {
      ...real,
      persistRequirementBatch: async (batch: RequirementBatch) => {
        if (
          batch.records.some((r) => r.event.type === 'AppointmentBooked' && r.event.appointmentId === refused)
        )
          throw ApplicationFailure.nonRetryable('the booking cannot be stored', 'TestPermanentFailure');
        return real.persistRequirementBatch(batch);
      },
    };
    await s.withCase(async (c) => {
      const { drrId, sentenceDate, workflowId } = await sentencedDrr(c);
      const runsBefore = (await runsOf(s.env, workflowId)).length;
      const lost = booking(drrId, addDays(sentenceDate, 1));
      refused = lost.appointmentId;
      await expect(c.requirement(actors.provider, lost)).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
      const kept: string[] = [];
      for (let day = 2; (await runsOf(s.env, workflowId)).length === runsBefore; day += 1) {
        expect(day, 'the requirement never handed over').toBeLessThan(150);
        const next = booking(drrId, addDays(sentenceDate, day));
        await c.requirement(actors.provider, next);
        kept.push(next.appointmentId);
      }
      const runs = await runsOf(s.env, workflowId);
      expect(encodingOf(await startInput(workflowId, runs.at(-1)!.runId))).toBe('json/plain');
      // The next run holds what the last one did (the refused booking too), and goes on.
      const view = imposed(await c.requirementView(drrId));
      expect(view.appointments.map((a) => a.id).sort()).toEqual([lost.appointmentId, ...kept].sort());
      const after = booking(drrId, addDays(sentenceDate, 200));
      expect(imposed(await c.requirement(actors.provider, after)).appointments).toHaveLength(kept.length + 2);
    }, refusing);
  });

  it('the codec folds the events a reference names into the workflow’s state, and refuses a reference the store falls short of', async () => {
    await s.withCase(async (c) => {
      const { drrId, sentenceDate } = await sentencedDrr(c);
      await c.requirement(actors.provider, booking(drrId, addDays(sentenceDate, 1)));
      const version = (await storedEventTypes(s.t.db, c.orderId, drrId)).length;
      const codec = handoverCodec(postgresEvents(s.t.db));
      const reference = (v: number) =>
        payloadConverter.toPayload({
          handover: { requirementId: drrId, version: v, recentIds: ['an-id'], recentSeenAt: [1] },
        } satisfies HandedOver);

      const other = defaultPayloadConverter.toPayload({ unrelated: true });
      const [decoded, untouched] = await codec.decode([reference(version), other]);
      expect(untouched).toBe(other);
      const input = defaultPayloadConverter.fromPayload<RequirementWorkflowInput>(decoded!);
      expect(input.imposition.requirementId).toBe(drrId);
      expect(input.carried).toMatchObject({ version, recentIds: ['an-id'], recentSeenAt: [1] });
      expect(requirementView(input.carried!.state, DEFAULT_CONFIG)).toEqual(await c.requirementView(drrId));

      await expect(codec.decode([reference(version + 1)])).rejects.toThrow(HandoverNotStored);
      // Nor does a workflow read a reference no codec decoded.
      expect(() => payloadConverter.fromPayload(reference(version))).toThrow(/hand-over codec/);
    });
  });

  it('a run started from a reference the store falls short of fails its workflow task and decides nothing', async () => {
    await s.withCase(async (c) => {
      const { drrId } = await sentencedDrr(c);
      const stored = await storedEventTypes(s.t.db, c.orderId, drrId);
      const client = new Client({
        connection: s.env.connection,
        dataConverter: { payloadConverter, failureConverter: defaultFailureConverter, payloadCodecs: [] },
      } as unknown as ConstructorParameters<typeof Client>[0]);
      const workflowId = `${requirementWorkflowId(c.orderId, drrId)}-ahead`;
      const handle = await client.workflow.start('requirementWorkflow', {
        taskQueue: c.taskQueue,
        workflowId,
        args: [
          {
            handover: { requirementId: drrId, version: stored.length + 1, recentIds: [], recentSeenAt: [] },
          } satisfies HandedOver,
        ],
      });
      const failed = await eventually(
        async () => {
          const history = await handle.fetchHistory();
          const failure = history.events?.find((e) => e.workflowTaskFailedEventAttributes)
            ?.workflowTaskFailedEventAttributes?.failure?.message;
          return { failure, types: history.events!.map((e) => e.eventType) };
        },
        (read) => read.failure !== undefined,
      );
      expect(failed.failure).toMatch(/hand-over needs/);
      expect(failed.types).not.toContain(temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
      expect(await storedEventTypes(s.t.db, c.orderId, drrId)).toEqual(stored);
      await handle.terminate('the test is over');
    });
  });
});
