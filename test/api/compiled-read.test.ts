import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { compiledOnce } from '../../api/reads/queries/compiled';
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
