import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { endSession, resumeSession, startSession } from '../../web/session/store';
import { useTestDatabase } from '../support/database';

const t = useTestDatabase();
const IDLE_MS = 30 * 60_000;
const officer = { sub: 'officer-1', role: 'probation', org: 'N07LDN' };

describe('page sessions', () => {
  it('keeps only a hash of the cookie’s id, and resumes the session it names with who signed in', async () => {
    const { sessionId } = await startSession(t.db, officer, IDLE_MS);
    const rows = await t.db.selectFrom('web_sessions').select(['id_hash', 'csrf_token']).execute();
    expect(rows.map((r) => r.id_hash)).not.toContain(sessionId);
    const session = await resumeSession(t.db, sessionId, IDLE_MS);
    expect(session?.principal).toEqual({ ...officer, clientId: 'N07LDN/officer-1' });
    expect(rows.map((r) => r.csrf_token)).toEqual([session?.csrfToken]);
    expect(await resumeSession(t.db, `${sessionId}x`, IDLE_MS)).toBeNull();
  });

  it('ends a session left idle past the timeout, and one signed out of', async () => {
    const idle = await startSession(t.db, officer, IDLE_MS);
    await t.ownerDb
      .updateTable('web_sessions')
      .set({ last_seen_at: sql<Date>`now() - interval '31 minutes'` })
      .execute();
    expect(await resumeSession(t.db, idle.sessionId, IDLE_MS)).toBeNull();

    const active = await startSession(t.db, officer, IDLE_MS);
    // Starting a session cleared the idle one away.
    expect(await t.db.selectFrom('web_sessions').select('id_hash').execute()).toHaveLength(1);
    expect(await resumeSession(t.db, active.sessionId, IDLE_MS)).not.toBeNull();
    await endSession(t.db, active.sessionId);
    expect(await resumeSession(t.db, active.sessionId, IDLE_MS)).toBeNull();
  });

  it('keeps a session in use alive, writing when it was last seen at most once a minute', async () => {
    const { sessionId } = await startSession(t.db, { ...officer, sub: 'officer-2' }, IDLE_MS);
    const lastSeen = async () =>
      (
        await t.ownerDb
          .selectFrom('web_sessions')
          .select(sql<string>`last_seen_at::text`.as('at'))
          .where('sub', '=', 'officer-2')
          .executeTakeFirstOrThrow()
      ).at;
    const started = await lastSeen();
    expect(await resumeSession(t.db, sessionId, IDLE_MS)).not.toBeNull();
    expect(await lastSeen()).toBe(started);
    await t.ownerDb
      .updateTable('web_sessions')
      .set({ last_seen_at: sql<Date>`now() - interval '29 minutes'` })
      .where('sub', '=', 'officer-2')
      .execute();
    const before = await lastSeen();
    expect(await resumeSession(t.db, sessionId, IDLE_MS)).not.toBeNull();
    expect(await lastSeen()).not.toBe(before);
    // Seen again just now, it outlives the 30 minutes it would have ended at a minute from now.
    expect(await resumeSession(t.db, sessionId, 28 * 60_000)).not.toBeNull();
  });
});
