import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { recordAccess } from '../../api/middleware/access-log';
import type { AccessRecord, Principal } from '../../api/env';
import { useTestDatabase } from '../support/database';

const t = useTestDatabase();

const officer: Principal = {
  sub: 'officer-1',
  role: 'probation',
  org: 'N07LDN',
  clientId: 'N07LDN/officer-1',
};

function readOfAnOrder(): AccessRecord {
  const id = randomUUID();
  return { action: 'READ', resourceType: 'order', resourceId: id, orderId: id };
}

const record = (requestId: string, accessed: AccessRecord[]) =>
  recordAccess(t.db, officer, accessed, { purpose: undefined, requestId, status: 200 });

/** The access-log rows of these requests, with the transaction that wrote each. */
async function rowsOf(requestIds: string[]) {
  const { rows } = await sql<{ request_id: string; writer: string }>`
    SELECT request_id, xmin::text AS writer FROM accesses WHERE request_id = ANY(${requestIds})`.execute(
    t.ownerDb,
  );
  return rows;
}

describe('the access log', () => {
  it('commits the rows of requests that arrive while an insert is in flight together, in one transaction', async () => {
    const ids = Array.from({ length: 10 }, () => randomUUID());
    // The first starts an insert at once; the nine others wait for it and then share the next one.
    await Promise.all(ids.map((id) => record(id, [readOfAnOrder(), readOfAnOrder()])));
    const rows = await rowsOf(ids);
    expect(rows).toHaveLength(10);
    expect(new Set(rows.map((r) => r.request_id))).toEqual(new Set(ids));
    expect(new Set(rows.map((r) => r.writer)).size).toBe(2);
  });

  it('fails every request whose rows shared a failed insert, and writes none of them', async () => {
    const [first, bad, other] = [randomUUID(), randomUUID(), randomUUID()];
    const broken = { ...readOfAnOrder(), action: 'DELETE' } as unknown as AccessRecord;
    const outcomes = await Promise.allSettled([
      record(first, [readOfAnOrder()]),
      record(bad, [broken]),
      record(other, [readOfAnOrder()]),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect((await rowsOf([first, bad, other])).map((r) => r.request_id)).toEqual([first]);
    // The log goes on: the next request's rows are written.
    const after = randomUUID();
    await record(after, [readOfAnOrder()]);
    expect(await rowsOf([after])).toHaveLength(1);
  });

  it('logs what a request read once, however many times over it read it, and each thing it read', async () => {
    const id = randomUUID();
    const [order, other] = [readOfAnOrder(), readOfAnOrder()];
    const requirement: AccessRecord = { ...order, resourceType: 'requirement', resourceId: randomUUID() };
    const written: AccessRecord = { ...order, action: 'WRITE' };
    await record(id, [order, requirement, order, other, requirement, written, order]);
    const { rows } = await sql<{ action: string; resource_type: string; resource_id: string }>`
      SELECT action, resource_type, resource_id FROM access_log_entries WHERE request_id = ${id}`.execute(
      t.ownerDb,
    );
    const key = (a: { action: string; resource_type: string; resource_id: string }) =>
      `${a.action} ${a.resource_type} ${a.resource_id}`;
    expect(rows.map(key).sort()).toEqual(
      [order, requirement, other, written]
        .map((a) => key({ action: a.action, resource_type: a.resourceType, resource_id: a.resourceId }))
        .sort(),
    );
  });

  it('writes one row for each action and type of thing a request touched, each thing beside its order', async () => {
    const id = randomUUID();
    const orders = Array.from({ length: 3 }, readOfAnOrder);
    const requirements: AccessRecord[] = Array.from({ length: 97 }, (_, n) => ({
      action: 'READ',
      resourceType: 'requirement',
      resourceId: randomUUID(),
      orderId: orders[n % 3]!.orderId,
    }));
    await record(id, [...orders, ...requirements, { ...orders[0]!, action: 'WRITE' }]);
    const { rows } = await sql<{
      action: string;
      resource_type: string;
      resource_ids: string[];
      order_ids: string[];
    }>`
      SELECT action, resource_type, resource_ids, order_ids FROM accesses WHERE request_id = ${id}
      ORDER BY action, resource_type`.execute(t.ownerDb);
    expect(rows.map((r) => [r.action, r.resource_type, r.resource_ids.length])).toEqual([
      ['READ', 'order', 3],
      ['READ', 'requirement', 97],
      ['WRITE', 'order', 1],
    ]);
    expect(rows[1]!.resource_ids).toEqual(requirements.map((r) => r.resourceId));
    expect(rows[1]!.order_ids).toEqual(requirements.map((r) => r.orderId));
  });

  it('shows the rows written before one row a request and those after as one log, a row for each thing', async () => {
    const before = randomUUID();
    const earlier = readOfAnOrder();
    await t.db
      .insertInto('access_log')
      .values({
        actor_sub: officer.sub,
        actor_role: officer.role,
        actor_org: officer.org,
        action: 'READ',
        resource_type: 'order',
        resource_id: earlier.resourceId,
        order_id: earlier.orderId,
        purpose: 'supervision of the order',
        request_id: before,
        status: 200,
      })
      .execute();
    const after = randomUUID();
    const [later, another] = [readOfAnOrder(), readOfAnOrder()].sort((a, b) =>
      a.resourceId < b.resourceId ? -1 : 1,
    ) as [AccessRecord, AccessRecord];
    await record(after, [another, later]);
    const entries = await t.db
      .selectFrom('access_log_entries')
      .select(['request_id', 'resource_id', 'order_id'])
      .where('request_id', 'in', [before, after])
      .orderBy('id')
      .orderBy('resource_id')
      .execute();
    expect(entries).toEqual(
      [
        [before, earlier],
        [after, later],
        [after, another],
      ].map(([request_id, a]) => ({
        request_id,
        resource_id: (a as AccessRecord).resourceId,
        order_id: (a as AccessRecord).orderId,
      })),
    );
  });

  it('refuses a row whose orders do not match its resources one for one', async () => {
    const ids = [randomUUID(), randomUUID()];
    await expect(
      t.db
        .insertInto('accesses')
        .values({
          actor_sub: officer.sub,
          actor_role: officer.role,
          actor_org: officer.org,
          action: 'READ',
          resource_type: 'requirement',
          resource_ids: ids,
          order_ids: [randomUUID()],
          purpose: 'supervision of the order',
        })
        .execute(),
    ).rejects.toThrow(/check constraint/);
  });
});
