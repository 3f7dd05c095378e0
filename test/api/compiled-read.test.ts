import fc from 'fast-check';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { compiledOnce } from '../../db/compiled-once';
import { isOverdue, listDeadlines, listDeadlinesNamed } from '../../api/reads/queries/deadlines';
import { listRequirements } from '../../api/reads/queries/requirements';
import { useTestDatabase } from '../support/database';

const t = useTestDatabase();

const entry = (org: string, resourceId: string) => ({
  actor_sub: 'officer-1',
  actor_role: 'probation',
  actor_org: org,
  action: 'READ' as const,
  resource_type: 'order',
  resource_id: resourceId,
  purpose: 'supervision',
});

describe('a read compiled once per shape', () => {
  it('answers each call with its own values, not those it was compiled with', async () => {
    await t.db
      .insertInto('access_log')
      .values([entry('PDU-A', 'seen-by-a'), entry('PDU-B', 'seen-by-b'), entry('PDU-B', 'also-b')])
      .execute();
    const read = compiledOnce((db, action: 'READ' | 'WRITE', v: Record<'org', string>) =>
      db
        .selectFrom('access_log')
        .select('resource_id')
        .where('action', '=', action)
        .where('actor_org', '=', v.org)
        .orderBy('resource_id'),
    );
    const ids = async (action: 'READ' | 'WRITE', org: string) =>
      (await read(t.db, action, { org })).map((r) => r.resource_id);
    expect(await ids('READ', 'PDU-A')).toEqual(['seen-by-a']);
    expect(await ids('READ', 'PDU-B')).toEqual(['also-b', 'seen-by-b']);
    expect(await ids('WRITE', 'PDU-B')).toEqual([]);
  });

  it('runs as a prepared statement of its connection, its values still parameters', async () => {
    const read = compiledOnce((db, _shape: 'prepared', v: Record<'org', string>) =>
      db.selectFrom('access_log').select('resource_id').where('actor_org', '=', v.org),
    );
    await t.db.connection().execute(async (conn) => {
      expect(await read(conn, 'prepared', { org: 'PDU-P' })).toEqual([]);
      await conn.insertInto('access_log').values(entry('PDU-P', 'seen-by-p')).execute();
      expect(await read(conn, 'prepared', { org: 'PDU-P' })).toEqual([{ resource_id: 'seen-by-p' }]);
      expect(await read(conn, 'prepared', { org: 'PDU-Q' })).toEqual([]);
      const prepared = await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements`.execute(
        conn,
      );
      expect(prepared.rows.filter((r) => r.statement.includes('"actor_org" = $1'))).toHaveLength(1);
    });
  });

  it('refuses a build that splices a value into its SQL', async () => {
    const read = compiledOnce((db, shape: 'one', v: Record<'org', string>) =>
      db
        .selectFrom('access_log')
        .select('id')
        .where(sql<boolean>`actor_org = '${sql.raw(v.org)}'`),
    );
    await expect(read(t.db, 'one', { org: 'PDU-A' })).rejects.toThrow(/spliced/);
  });
});

describe('the lists compiled once per shape', () => {
  const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  /** The `n`th review deadline of probation at `org`, its aggregate and order numbered from the given bases. */
  const reviewDue = (
    n: number,
    org: string,
    dueAt: Date,
    at: { aggregate: number; order: number; description: string },
  ) => ({
    aggregate_id: uuid(at.aggregate + n),
    kind: 'REVIEW_DUE',
    subject_id: String(n),
    order_id: uuid(at.order + n),
    requirement_id: null,
    role: 'probation',
    org,
    due_at: dueAt,
    description: `${at.description} ${n}`,
  });
  const probation = (org: string) => ({
    role: 'probation' as const,
    org,
    sub: 'officer-1',
    clientId: `${org}/officer-1`,
  });

  it('answers every filter, cursor and caller with its own values', async () => {
    const now = new Date('2027-06-01T12:00:00Z');
    const requirement = (n: number, pdu: string, status: string, type: string) => ({
      id: uuid(n),
      order_id: uuid(100 + n),
      stage: 'SENTENCED' as const,
      version: 1,
      type,
      status,
      provider_org_id: null,
      pdu,
      court_code: 'C1',
      period_start: null,
      period_end: null,
      updated_at: now,
      view: JSON.stringify({}),
    });
    await t.db
      .insertInto('requirements')
      .values([
        requirement(1, 'PDU-A', 'IN_TREATMENT', 'DRR'),
        requirement(2, 'PDU-A', 'IN_TREATMENT', 'ATR'),
        requirement(3, 'PDU-A', 'COMPLETED', 'DRR'),
        requirement(4, 'PDU-B', 'IN_TREATMENT', 'DRR'),
      ])
      .execute();
    const deadline = (n: number, org: string, dueAt: string) =>
      reviewDue(n, org, new Date(dueAt), { aggregate: 200, order: 100, description: 'deadline' });
    await t.db
      .insertInto('deadlines')
      .values([
        deadline(1, 'PDU-A', '2027-05-01T00:00:00Z'),
        deadline(2, 'PDU-A', '2027-06-10T00:00:00Z'),
        deadline(3, 'PDU-A', '2027-07-01T00:00:00Z'),
        deadline(4, 'PDU-B', '2027-05-02T00:00:00Z'),
      ])
      .execute();

    const ids = async (org: string, q: Parameters<typeof listRequirements>[2]) =>
      (await listRequirements(t.db, probation(org), q)).value;
    expect((await ids('PDU-A', { limit: 50 })).items.map((r) => r.id)).toEqual([uuid(1), uuid(2), uuid(3)]);
    expect((await ids('PDU-B', { limit: 50 })).items.map((r) => r.id)).toEqual([uuid(4)]);
    expect((await ids('PDU-A', { limit: 50, status: 'IN_TREATMENT' })).items.map((r) => r.id)).toEqual([
      uuid(1),
      uuid(2),
    ]);
    expect(
      (await ids('PDU-A', { limit: 50, status: 'COMPLETED', type: 'DRR' })).items.map((r) => r.id),
    ).toEqual([uuid(3)]);
    const first = await ids('PDU-A', { limit: 2 });
    expect(first.items.map((r) => r.id)).toEqual([uuid(1), uuid(2)]);
    const rest = await ids('PDU-A', { limit: 2, cursor: first.nextCursor! });
    expect([rest.items.map((r) => r.id), rest.nextCursor]).toEqual([[uuid(3)], null]);

    const due = async (org: string, q: Parameters<typeof listDeadlines>[2]) =>
      (await listDeadlines(t.db, probation(org), q, now)).value.items.map((d) => d.description);
    expect(await due('PDU-A', { limit: 100 })).toEqual(['deadline 1', 'deadline 2', 'deadline 3']);
    expect(await due('PDU-B', { limit: 100 })).toEqual(['deadline 4']);
    expect(await due('PDU-A', { limit: 2 })).toEqual(['deadline 1', 'deadline 2']);
    expect(await due('PDU-A', { limit: 100, overdue: 'true' })).toEqual(['deadline 1']);
    expect(await due('PDU-A', { limit: 100, overdue: 'false' })).toEqual(['deadline 2', 'deadline 3']);
    expect(
      await due('PDU-A', { limit: 100, overdue: 'false', dueBefore: '2027-06-30T23:00:00+01:00' }),
    ).toEqual(['deadline 2']);
  });

  it('shows each deadline due at its instant as toISOString prints it, overdue by the clock, soonest first', async () => {
    const now = new Date('2027-06-01T12:00:00.500Z');
    const instant = fc
      .date({
        min: new Date('2001-01-01T00:00:00Z'),
        max: new Date('2098-12-31T23:59:59.999Z'),
        noInvalidDate: true,
      })
      .map((d) => d.getTime());
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.oneof(instant, fc.constantFrom(now.getTime(), now.getTime() - 1)), {
          minLength: 1,
          maxLength: 12,
        }),
        async (dues) => {
          await t.db.deleteFrom('deadlines').where('org', '=', 'PDU-T').execute();
          await t.db
            .insertInto('deadlines')
            .values(
              dues.map((due, n) =>
                reviewDue(n, 'PDU-T', new Date(due), { aggregate: 300, order: 400, description: 'due' }),
              ),
            )
            .execute();
          const items = (await listDeadlines(t.db, probation('PDU-T'), { limit: 100 }, now)).value.items;
          const expected = [...dues].sort((a, b) => a - b);
          expect(items.map((d) => [d.dueAt, d.overdue])).toEqual(
            expected.map((due) => [new Date(due).toISOString(), due < now.getTime()]),
          );
        },
      ),
      { numRuns: 25 },
    );
  });

  it('a deadline due at the engine’s clock is not overdue at that instant and is overdue a millisecond later, by every read', async () => {
    const dueAt = '2027-06-01T12:00:00.500Z';
    await t.db
      .insertInto('deadlines')
      .values(reviewDue(1, 'PDU-C', new Date(dueAt), { aggregate: 500, order: 600, description: 'due' }))
      .execute();
    const reads = async (now: Date) => {
      const items = async (overdue?: 'true' | 'false') =>
        (await listDeadlines(t.db, probation('PDU-C'), { limit: 10, overdue }, now)).value.items;
      const named = await listDeadlinesNamed(t.db, probation('PDU-C'), { limit: 10, offset: 0 }, now);
      return {
        flag: (await items()).map((d) => d.overdue),
        overdueFilter: (await items('true')).length,
        upcomingFilter: (await items('false')).length,
        counts: named.value.counts,
        pageFlag: named.value.items.map((d) => d.overdue),
        // A requirement view's deadline, in a form other than the one the table's text is shown in.
        viewFlag: isOverdue('2027-06-01T13:00:00.500+01:00', now),
      };
    };
    expect(await reads(new Date(dueAt))).toEqual({
      flag: [false],
      overdueFilter: 0,
      upcomingFilter: 1,
      counts: { overdue: 0, due: 1 },
      pageFlag: [false],
      viewFlag: false,
    });
    expect(await reads(new Date('2027-06-01T12:00:00.501Z'))).toEqual({
      flag: [true],
      overdueFilter: 1,
      upcomingFilter: 0,
      counts: { overdue: 1, due: 0 },
      pageFlag: [true],
      viewFlag: true,
    });
  });
});
