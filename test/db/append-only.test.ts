import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database';

const t = useTestDatabase();

function anEvent() {
  return {
    id: randomUUID(),
    order_id: randomUUID(),
    requirement_id: null,
    type: 'CaseOpened',
    payload: JSON.stringify({ court: 'B01LY00' }),
    actor_sub: 'assessor-1',
    actor_role: 'court-assessor',
    actor_org: 'B01LY00',
    occurred_at: new Date('2026-11-23T10:00:00Z'),
  };
}

function anAccessLogEntry() {
  return {
    actor_sub: 'officer-1',
    actor_role: 'probation',
    actor_org: 'N07LDN',
    action: 'READ' as const,
    resource_type: 'order',
    resource_id: randomUUID(),
    order_id: randomUUID(),
    purpose: 'supervision',
    request_id: 'req-1',
    status: 200,
  };
}

function anAccess() {
  const orderId = randomUUID();
  return {
    actor_sub: 'officer-1',
    actor_role: 'probation',
    actor_org: 'N07LDN',
    action: 'READ' as const,
    resource_type: 'requirement',
    resource_ids: [randomUUID(), randomUUID()],
    order_ids: [orderId, orderId],
    purpose: 'supervision',
    request_id: 'req-1',
    status: 200,
  };
}

function aSecurityLogEntry() {
  return {
    reason: 'out-of-scope' as const,
    status: 404,
    actor_sub: 'keyworker-9',
    actor_role: 'provider',
    actor_org: 'PROV-ELSEWHERE',
    method: 'GET',
    route: '/v1/requirements/:requirementId',
    resource_type: 'requirement',
    resource_id: randomUUID(),
    order_id: randomUUID(),
    request_id: 'req-2',
  };
}

const APPEND_ONLY = ['events', 'access_log', 'accesses', 'security_log'] as const;

async function insertInto(table: (typeof APPEND_ONLY)[number]) {
  if (table === 'events') await t.db.insertInto('events').values(anEvent()).execute();
  else if (table === 'access_log') await t.db.insertInto('access_log').values(anAccessLogEntry()).execute();
  else if (table === 'accesses') await t.db.insertInto('accesses').values(anAccess()).execute();
  else await t.db.insertInto('security_log').values(aSecurityLogEntry()).execute();
}

describe('append-only tables under the app role', () => {
  it('lets the app role insert and read events', async () => {
    const event = anEvent();
    await t.db.insertInto('events').values(event).execute();
    const row = await t.db
      .selectFrom('events')
      .selectAll()
      .where('id', '=', event.id)
      .executeTakeFirstOrThrow();
    expect(row.type).toBe('CaseOpened');
    expect(row.payload).toEqual({ court: 'B01LY00' });
    expect(row.recorded_at).toBeInstanceOf(Date);
  });

  it.each(APPEND_ONLY)('refuses UPDATE, DELETE and TRUNCATE on %s', async (table) => {
    await insertInto(table);
    const before = await t.ownerDb
      .selectFrom(table)
      .select(sql<string>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();

    await expect(
      sql`UPDATE ${sql.table(table)} SET actor_sub = 'someone-else'`.execute(t.db),
    ).rejects.toThrow(/permission denied/);
    await expect(sql`DELETE FROM ${sql.table(table)}`.execute(t.db)).rejects.toThrow(/permission denied/);
    await expect(sql`TRUNCATE ${sql.table(table)}`.execute(t.db)).rejects.toThrow(/permission denied/);

    const after = await t.ownerDb
      .selectFrom(table)
      .select(sql<string>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it.each(APPEND_ONLY)('refuses changes to %s even for the owner', async (table) => {
    await expect(sql`UPDATE ${sql.table(table)} SET actor_sub = 'x'`.execute(t.ownerDb)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM ${sql.table(table)}`.execute(t.ownerDb)).rejects.toThrow(/append-only/);
  });

  it('lets the monitoring role read the security log and nothing else, and write nothing', async () => {
    await insertInto('security_log');
    const asMonitoring = (query: string) =>
      t.ownerDb.transaction().execute(async (trx) => {
        await sql`SET LOCAL ROLE cstr_monitoring`.execute(trx);
        return sql.raw(query).execute(trx);
      });
    expect((await asMonitoring('SELECT reason, resource_type FROM security_log')).rows).toContainEqual({
      reason: 'out-of-scope',
      resource_type: 'requirement',
    });
    for (const log of ['access_log', 'accesses', 'access_log_entries'])
      await expect(asMonitoring(`SELECT 1 FROM ${log}`)).rejects.toThrow(/permission denied/);
    await expect(asMonitoring('SELECT 1 FROM orders')).rejects.toThrow(/permission denied/);
    await expect(
      asMonitoring(
        "INSERT INTO security_log (reason, status, method, route, request_id) VALUES ('out-of-scope', 404, 'GET', '/', 'r')",
      ),
    ).rejects.toThrow(/permission denied/);
  });

  it('refuses a second event with the same id', async () => {
    const event = anEvent();
    await t.db.insertInto('events').values(event).execute();
    await expect(t.db.insertInto('events').values(event).execute()).rejects.toThrow(/duplicate key/);
    const ignored = await t.db
      .insertInto('events')
      .values(event)
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    expect(ignored.numInsertedOrUpdatedRows).toBe(0n);
  });

  it('lets the app role update idempotency keys and notifications', async () => {
    await t.db
      .insertInto('idempotency_keys')
      .values({
        client_id: 'c1',
        key: 'k1',
        request_fingerprint: 'f',
        state: 'IN_FLIGHT',
        response_status: null,
        response_body: null,
        completed_at: null,
      })
      .execute();
    const updated = await t.db
      .updateTable('idempotency_keys')
      .set({
        state: 'DONE',
        response_status: 201,
        response_body: JSON.stringify({ ok: true }),
        completed_at: new Date(),
      })
      .where('client_id', '=', 'c1')
      .where('key', '=', 'k1')
      .executeTakeFirst();
    expect(updated.numUpdatedRows).toBe(1n);

    const id = randomUUID();
    await t.db
      .insertInto('notifications')
      .values({
        id,
        kind: 'MISSED_APPOINTMENT',
        recipient_role: 'probation',
        recipient_org: 'N07LDN',
        order_id: null,
        requirement_id: null,
        payload: JSON.stringify({}),
        delivered_at: null,
        last_error: null,
      })
      .execute();
    const delivered = await t.db
      .updateTable('notifications')
      .set({ delivered_at: new Date() })
      .where('id', '=', id)
      .executeTakeFirst();
    expect(delivered.numUpdatedRows).toBe(1n);
  });
});
