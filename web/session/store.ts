import { createHash, randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Principal } from '../../api/env';
import { principalOf } from '../../api/auth/verify';
import { compiledOnce } from '../../db/compiled-once';
import type { Database } from '../../db/schema';

const hash = (sessionId: string) => createHash('sha256').update(sessionId).digest('hex');
const idleCutoff = (idleMs: number) => sql<Date>`now() - ${`${Math.round(idleMs / 1000)} seconds`}::interval`;

export interface Session {
  principal: Principal;
  csrfToken: string;
}

/**
 * Starts a session for who signed in: a random id for the cookie (only its hash is stored) and a CSRF token.
 * Sessions idle past the timeout are deleted on the way.
 */
export async function startSession(
  db: Kysely<Database>,
  who: { sub: string; role: string; org: string },
  idleMs: number,
): Promise<{ sessionId: string }> {
  const sessionId = randomBytes(32).toString('base64url');
  await db.deleteFrom('web_sessions').where('last_seen_at', '<', idleCutoff(idleMs)).execute();
  await db
    .insertInto('web_sessions')
    .values({
      id_hash: hash(sessionId),
      sub: who.sub,
      role: who.role,
      org: who.org,
      csrf_token: randomBytes(24).toString('base64url'),
    })
    .execute();
  return { sessionId };
}

/** How stale `last_seen_at` may get before a request writes it again: one commit a minute, not one a page. */
const TOUCH_AFTER_SECONDS = 60;

/** A live session by its id's hash: read on every page, so compiled once. */
const sessionRead = compiledOnce((db, _shape: 'session', v: Record<'idHash' | 'idle', string>) =>
  db
    .selectFrom('web_sessions')
    .select(['sub', 'role', 'org', 'csrf_token'])
    .select(sql<boolean>`last_seen_at < now() - ${`${TOUCH_AFTER_SECONDS} seconds`}::interval`.as('stale'))
    .where('id_hash', '=', v.idHash)
    .where('last_seen_at', '>=', sql<Date>`now() - ${v.idle}::interval`),
);

/**
 * The session a cookie names, if it has not been idle past the timeout; using it keeps it alive. The time it
 * was last used is written at most once a minute, so a session may end up to a minute early, never late.
 */
export async function resumeSession(
  db: Kysely<Database>,
  sessionId: string,
  idleMs: number,
): Promise<Session | null> {
  const [row] = await sessionRead(db, 'session', {
    idHash: hash(sessionId),
    idle: `${Math.round(idleMs / 1000)} seconds`,
  });
  const principal = row && principalOf(row);
  if (!principal) return null;
  if (row.stale)
    await db
      .updateTable('web_sessions')
      .set({ last_seen_at: sql<Date>`now()` })
      .where('id_hash', '=', hash(sessionId))
      .execute();
  return { principal, csrfToken: row.csrf_token };
}

export async function endSession(db: Kysely<Database>, sessionId: string): Promise<void> {
  await db.deleteFrom('web_sessions').where('id_hash', '=', hash(sessionId)).execute();
}
