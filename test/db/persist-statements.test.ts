import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { replaceDeadlines } from '../../db/projections/deadlines';
import { appendAndReadEvents } from '../../db/projections/events';
import type { ScopedDeadline } from '../../db/projections/rows';
import type { EventRecord } from '../../domain/records';
import { useTestDatabase } from '../support/database';

// The persist activity's statements that do in one round trip what took two (issue 15, the write's tail).

const t = useTestDatabase();

const actor = { sub: 'officer-1', role: 'probation' as const, org: 'N07LDN' };

function records(n: number, type = 'SessionRecorded'): EventRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    id: randomUUID(),
    occurredAt: `2026-12-0${1 + (i % 9)}T10:00:00.000Z`,
    actor,
    event: { type, n: i },
  }));
}

describe('appendAndReadEvents', () => {
  it('appends a batch in its order and answers every stored event of the aggregate, the batch last', async () => {
    const orderId = randomUUID();
    const requirementId = randomUUID();
    const first = records(3);
    const second = records(4);
    expect(await appendAndReadEvents(t.db, { orderId, requirementId }, first)).toEqual(
      first.map((r) => r.event),
    );
    // The order's own events are another aggregate's: not read with the requirement's, nor it with them.
    const orderOwn = records(2, 'OrderMade');
    expect(await appendAndReadEvents(t.db, { orderId, requirementId: null }, orderOwn)).toEqual(
      orderOwn.map((r) => r.event),
    );
    const both = [...first, ...second].map((r) => r.event);
    expect(await appendAndReadEvents(t.db, { orderId, requirementId }, second)).toEqual(both);

    const stored = await t.db
      .selectFrom('events')
      .select(['id', 'type', 'actor_sub', 'occurred_at'])
      .where('requirement_id', '=', requirementId)
      .orderBy('seq')
      .execute();
    expect(stored.map((r) => r.id)).toEqual([...first, ...second].map((r) => r.id));
    expect(stored[0]!.actor_sub).toBe('officer-1');
    expect(new Date(stored[1]!.occurred_at).toISOString()).toBe(first[1]!.occurredAt);
  });

  it('answers a retried batch with the same events, storing none twice', async () => {
    const ids = { orderId: randomUUID(), requirementId: randomUUID() };
    const batch = records(3);
    const once = await appendAndReadEvents(t.db, ids, batch);
    const again = await appendAndReadEvents(t.db, ids, batch);
    expect(again).toEqual(once);
    // A retry of a batch that was half written (its first event stored) completes it, in order.
    const half = records(2);
    await appendAndReadEvents(t.db, ids, half.slice(0, 1));
    expect(await appendAndReadEvents(t.db, ids, half)).toEqual([...batch, ...half].map((r) => r.event));
    const { count } = await t.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('requirement_id', '=', ids.requirementId)
      .executeTakeFirstOrThrow();
    expect(Number(count)).toBe(5);
  });
});

describe('replaceDeadlines', () => {
  const deadline = (orderId: string, kind: ScopedDeadline['kind'], subjectId: string, dueAt: string) => ({
    kind,
    subjectId,
    dueAt,
    orderId,
    role: 'provider' as const,
    org: 'PROV1',
    description: `${kind} ${subjectId}`,
  });

  /** Each row's key with its row version (xmin): a row written again gets a new one. */
  const versions = async (aggregateId: string) =>
    (
      await sql<{ key: string; xmin: string; due_at: Date }>`
        SELECT kind || '/' || subject_id AS key, xmin::text AS xmin, due_at FROM deadlines
        WHERE aggregate_id = ${aggregateId} ORDER BY 1`.execute(t.ownerDb)
    ).rows;

  it('leaves the aggregate with exactly the listed deadlines, rewriting only those that changed', async () => {
    const orderId = randomUUID();
    const aggregateId = randomUUID();
    const a = deadline(orderId, 'OUTCOME_DUE', 'a', '2026-12-01T10:00:00.000Z');
    const b = deadline(orderId, 'OUTCOME_DUE', 'b', '2026-12-02T10:00:00.000Z');
    const c = deadline(orderId, 'OUTCOME_DUE', 'c', '2026-12-03T10:00:00.000Z');
    await replaceDeadlines(t.db, aggregateId, [a, b, c]);
    const before = await versions(aggregateId);
    expect(before.map((r) => r.key)).toEqual(['OUTCOME_DUE/a', 'OUTCOME_DUE/b', 'OUTCOME_DUE/c']);

    const movedB = { ...b, dueAt: '2026-12-09T10:00:00.000Z' };
    const d = deadline(orderId, 'REVIEW_DATE', 'd', '2026-12-04T10:00:00.000Z');
    await replaceDeadlines(t.db, aggregateId, [movedB, c, d]);
    const after = await versions(aggregateId);
    expect(after.map((r) => r.key)).toEqual(['OUTCOME_DUE/b', 'OUTCOME_DUE/c', 'REVIEW_DATE/d']);
    const row = (key: string) => after.find((r) => r.key === key)!;
    expect(row('OUTCOME_DUE/b').due_at.toISOString()).toBe(movedB.dueAt);
    expect(row('OUTCOME_DUE/b').xmin).not.toBe(before[1]!.xmin);
    expect(row('OUTCOME_DUE/c').xmin).toBe(before[2]!.xmin);

    // Another aggregate's deadlines are not touched; an empty list clears this one's.
    const other = randomUUID();
    await replaceDeadlines(t.db, other, [a]);
    await replaceDeadlines(t.db, aggregateId, []);
    expect(await versions(aggregateId)).toEqual([]);
    expect((await versions(other)).map((r) => r.key)).toEqual(['OUTCOME_DUE/a']);
  });
});
