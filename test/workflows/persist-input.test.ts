import { fc } from '@fast-check/vitest';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { type OrderBatch, createActivities } from '../../activities';
import { type RequirementBatch, eventIdAt } from '../../activities/persist';
import { addDays } from '../../domain/calendar';
import { orderWorkflowId, requirementWorkflowId } from '../../workflows/messages';
import { sentencedCase } from './cases';
import { type CaseDriver, actors } from './driver';
import { useScenarioEnv } from './environment';
import { recordedHistories } from './recorded-histories';
import { orderRow, requirementRow } from './rows';

const s = useScenarioEnv();

const at10 = (date: string) => `${date}T10:00:00.000Z`;

/** A requirement's appointments with their row versions (xmin): a row written again gets a new one. */
const appointmentVersions = async (requirementId: string) =>
  (
    await sql<{ id: string; xmin: string }>`
      SELECT id, xmin::text AS xmin FROM appointments WHERE requirement_id = ${requirementId}`.execute(s.t.db)
  ).rows;

/** An aggregate's stored events, as stored: their ids, and their payloads. */
async function storedEvents(orderId: string, requirementId: string | null) {
  let query = s.t.db.selectFrom('events').select(['id', 'payload']).where('order_id', '=', orderId);
  query =
    requirementId === null
      ? query.where('requirement_id', 'is', null)
      : query.where('requirement_id', '=', requirementId);
  return query.orderBy('seq').execute();
}

/** The ids of the messages a workflow received from the other workflow (its signals other than acknowledgements). */
async function receivedMessageIds(workflowId: string): Promise<string[]> {
  const history = await s.env.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).flatMap((e) => {
    const signal = e.workflowExecutionSignaledEventAttributes;
    if (!signal || signal.signalName === 'messageAcknowledged') return [];
    const data = signal.input?.payloads?.[0]?.data;
    return data ? [(JSON.parse(Buffer.from(data).toString('utf8')) as { id: string }).id] : [];
  });
}

/** The batches the workflows sent to be persisted, in the order they were sent. */
interface Sent {
  order: OrderBatch[];
  requirement: RequirementBatch[];
}

/** A sentenced DRR with two sessions. */
async function drrWithSessions(c: CaseDriver, sent: Sent) {
  await c.start();
  const { ids, sentenceDate } = await sentencedCase(c, {
    months: 12,
    requirements: [{ type: 'DRR', months: 6 }],
    refer: true,
  });
  for (let n = 0; n < 2; n += 1)
    await c.session(actors.provider, ids[0]!, at10(addDays(sentenceDate, 2 + 7 * n)));
  expect(sent.order.length).toBeGreaterThan(3);
  expect(sent.requirement.length).toBeGreaterThan(3);
  return { drrId: ids[0]!, sentenceDate };
}

/** The activities, recording each batch they are given (in `sent`) before persisting it. */
function recordingActivities(sent: Sent) {
  const real = createActivities({ db: s.t.db });
  return {
    persistOrderBatch: (batch: OrderBatch) => (sent.order.push(batch), real.persistOrderBatch(batch)),
    persistRequirementBatch: (batch: RequirementBatch) => (
      sent.requirement.push(batch),
      real.persistRequirementBatch(batch)
    ),
  };
}

describe('events named by their position (issue 15, positional ids)', () => {
  it('are sent without ids or their requirement, and stored with ids named from their aggregate and position', async () => {
    const sent: Sent = { order: [], requirement: [] };
    await s.withCase(async (c) => {
      const { drrId, sentenceDate } = await drrWithSessions(c, sent);
      // A missed session: the requirement tells the order of the incident, the order the requirement of its decision.
      await c.session(actors.provider, drrId, at10(addDays(sentenceDate, 16)), 'NO');
      const incident = (await c.orderViewWhen((v) => v.compliance.incidents.length === 1)).compliance
        .incidents[0]!;
      await c.order(actors.probation, {
        type: 'DecideIncident',
        incidentId: incident.incidentId,
        decision: 'UNACCEPTABLE',
      });
      for (const batch of [...sent.order, ...sent.requirement])
        for (const record of batch.records) expect(Object.keys(record)).not.toContain('id');
      for (const batch of sent.requirement)
        for (const record of batch.records) expect(Object.keys(record.event)).not.toContain('requirementId');

      const order = await storedEvents(c.orderId, null);
      const drr = await storedEvents(c.orderId, drrId);
      expect(order.map((e) => e.id)).toEqual(
        order.map((_, n) => eventIdAt({ orderId: c.orderId, requirementId: null }, n + 1)),
      );
      expect(drr.map((e) => e.id)).toEqual(
        drr.map((_, n) => eventIdAt({ orderId: c.orderId, requirementId: drrId }, n + 1)),
      );
      // The activity gives each of the requirement's events back the requirement it names.
      for (const { payload } of drr) expect(payload).toMatchObject({ requirementId: drrId });

      // The messages each event set off are named after its aggregate and position.
      const toOrder = await receivedMessageIds(orderWorkflowId(c.orderId));
      const toDrr = await receivedMessageIds(requirementWorkflowId(c.orderId, drrId));
      expect(toOrder.length).toBeGreaterThan(0);
      expect(toDrr.length).toBeGreaterThan(0);
      for (const id of toOrder) expect(id).toMatch(new RegExp(`^${drrId}/\\d+/\\d+$`));
      for (const id of toDrr) expect(id).toMatch(new RegExp(`^order/\\d+/${drrId}$`));
    }, recordingActivities(sent));
  });

  it('retried, a batch names its events the same: none is stored twice', async () => {
    const sent: Sent = { order: [], requirement: [] };
    await s.withCase(async (c) => {
      const { drrId } = await drrWithSessions(c, sent);
      const order = await storedEvents(c.orderId, null);
      const drr = await storedEvents(c.orderId, drrId);
      const { persistOrderBatch, persistRequirementBatch } = createActivities({ db: s.t.db });
      // The last batch of each (a retry comes before the next batch: they are persisted one at a time), sent
      // again as a retry of its activity would send it, naming its workflow's order and requirement.
      await persistOrderBatch({ ...sent.order.at(-1)!, orderId: c.orderId });
      await persistRequirementBatch({
        ...sent.requirement.at(-1)!,
        orderId: c.orderId,
        requirementId: drrId,
      });
      expect(await storedEvents(c.orderId, null)).toEqual(order);
      expect(await storedEvents(c.orderId, drrId)).toEqual(drr);
    }, recordingActivities(sent));
  });

  it('are unique: two positions, or one position of two aggregates, never share an id', () => {
    // A requirement's id names it alone; an order's events are its own aggregate.
    const aggregate = fc.record({
      orderId: fc.uuid(),
      requirementId: fc.option(fc.uuid(), { nil: null }),
    });
    const key = (a: { orderId: string; requirementId: string | null }) =>
      a.requirementId === null ? `order ${a.orderId}` : `requirement ${a.requirementId}`;
    const position = fc.integer({ min: 1, max: 1_000_000 });
    fc.assert(
      fc.property(aggregate, aggregate, position, position, (a, b, p, q) => {
        expect(eventIdAt(a, p) === eventIdAt(b, q)).toBe(key(a) === key(b) && p === q);
        expect(eventIdAt(a, p)).toMatch(
          /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        );
      }),
    );
    // An order and a requirement of the same id, at the same position: two events.
    const id = '8b0d2f4e-4f0a-4a38-9d1e-2f8f3c1f6a10';
    expect(eventIdAt({ orderId: id, requirementId: null }, 1)).not.toBe(
      eventIdAt({ orderId: id, requirementId: id }, 1),
    );
  });
});

describe('the persist activity', () => {
  it('is given the batch’s events only, and projects the view, deadlines and scope its stored events make', async () => {
    const real = createActivities({ db: s.t.db });
    const sent: (OrderBatch | RequirementBatch)[] = [];
    const recording = {
      persistOrderBatch: (batch: OrderBatch) => (sent.push(batch), real.persistOrderBatch(batch)),
      persistRequirementBatch: (batch: RequirementBatch) => (
        sent.push(batch),
        real.persistRequirementBatch(batch)
      ),
    };
    await s.withCase(async (c) => {
      await c.start();
      const { ids, sentenceDate } = await sentencedCase(c, {
        months: 12,
        requirements: [{ type: 'DRR', months: 6 }],
        refer: true,
      });
      const drrId = ids[0]!;
      for (let n = 0; n < 2; n += 1)
        await c.session(actors.provider, drrId, at10(addDays(sentenceDate, 2 + 7 * n)));
      const earlier = await appointmentVersions(drrId);
      await c.session(actors.provider, drrId, at10(addDays(sentenceDate, 16)));
      // The appointments the last session left as they were are not written again (issue 15).
      const later = await appointmentVersions(drrId);
      expect(later).toHaveLength(earlier.length + 1);
      for (const a of earlier) expect(later.find((b) => b.id === a.id)).toEqual(a);

      expect(sent.length).toBeGreaterThan(10);
      for (const batch of sent) {
        expect(Object.keys(batch)).not.toContain('view');
        expect(Object.keys(batch)).not.toContain('deadlines');
        // Whose batch it is and where the requirement sits: the activity finds them (issue 15).
        for (const key of ['orderId', 'requirementId', 'scope'])
          expect(Object.keys(batch)).not.toContain(key);
      }
      const order = await orderRow(s.t.db, c.orderId);
      expect(order.view).toEqual(JSON.parse(JSON.stringify(await c.orderView())));
      const drr = await requirementRow(s.t.db, drrId);
      expect(drr.view).toEqual(JSON.parse(JSON.stringify(await c.requirementView(drrId))));
      const deadlines = await s.t.db
        .selectFrom('deadlines')
        .select('kind')
        .where('aggregate_id', '=', drrId)
        .execute();
      expect(deadlines.length).toBeGreaterThan(0);
    }, recording);
  });

  it('still projects the view and deadlines a batch of a run from before the change carries', async () => {
    // A DRR recorded before the change: its batches carry the view.
    const batches = (await recordedHistories())
      .filter((f) => f.file.includes('drr-fifteen-months') && f.file.endsWith('drr-1.json'))
      .map((f) =>
        (f.history.events ?? [])
          .map((e) => e.activityTaskScheduledEventAttributes?.input?.payloads?.[0]?.data)
          .filter((data) => data !== undefined && data !== null)
          .map((data) => JSON.parse(Buffer.from(data).toString('utf8')) as RequirementBatch)
          .slice(0, 5),
      )
      .find((recorded) => recorded.at(-1)?.view !== undefined);
    expect(batches).toBeDefined();
    const last = batches!.at(-1)!;
    // The first batch is left out: its view and deadlines cannot have been rebuilt from the stored events.
    // They name their order and requirement: the activity needs no workflow to run for.
    const { persistRequirementBatch } = createActivities({ db: s.t.db });
    for (const batch of batches!.slice(1)) await persistRequirementBatch(batch);

    const row = await requirementRow(s.t.db, last.requirementId!);
    expect(row.version).toBe(last.version);
    expect(row.view).toEqual(last.view);
    const deadlines = await s.t.db
      .selectFrom('deadlines')
      .select('kind')
      .where('aggregate_id', '=', last.requirementId!)
      .execute();
    expect(deadlines.map((d) => d.kind).sort()).toEqual(last.deadlines!.map((d) => d.kind).sort());
  });
});
