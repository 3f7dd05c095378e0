import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { type OrderBatch, createActivities } from '../../activities';
import type { RequirementBatch } from '../../activities/persist';
import { addDays } from '../../domain/calendar';
import { sentencedCase } from './cases';
import { actors } from './driver';
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
