import { readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../../db/embedded';
import { createDb, isDatabaseUnavailable } from '../../db/pool';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'cstr-outage-'));
  await chmod(root, 0o755);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function timeFailure(run: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  try {
    await run();
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
  throw new Error('expected the query to fail');
}

/** The postmaster and every backend it forked, so that a whole server can be frozen like a hung host. */
function serverProcesses(postmaster: number): number[] {
  const children = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1] === String(postmaster);
      } catch {
        return false;
      }
    })
    .map(Number);
  return [postmaster, ...children];
}

/** Sends a signal to a process of the server, unless it has exited since it was listed (a backend may end). */
function signal(pid: number, name: 'SIGSTOP' | 'SIGCONT'): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

describe('a Postgres outage', () => {
  it('fails a query within 2 seconds with a recognisable error when the server is stopped', async () => {
    const server = await startEmbeddedPostgres({
      dataDir: path.join(root, 'stopped'),
      persistent: false,
      unsafeFast: true,
    });
    const db = createDb({ url: server.url, role: null });
    try {
      await sql`SELECT 1`.execute(db);
      await server.stop();
      const { error, ms } = await timeFailure(() => sql`SELECT 1`.execute(db));
      expect(isDatabaseUnavailable(error)).toBe(true);
      expect(ms).toBeLessThan(2_000);
    } finally {
      await db.destroy();
    }
  });

  it('fails within 2 seconds when the server hangs, for new and for pooled connections', async () => {
    const server: EmbeddedPostgres = await startEmbeddedPostgres({
      dataDir: path.join(root, 'frozen'),
      persistent: false,
      unsafeFast: true,
    });
    const pooled = createDb({ url: server.url, role: null, maxConnections: 1 });
    const fresh = createDb({ url: server.url, role: null });
    let frozen: number[] = [];
    try {
      await sql`SELECT 1`.execute(pooled);
      frozen = serverProcesses(server.pid);
      for (const pid of frozen) signal(pid, 'SIGSTOP');

      const [onPooled, onFresh] = await Promise.all([
        timeFailure(() => sql`SELECT 1`.execute(pooled)),
        timeFailure(() => sql`SELECT 1`.execute(fresh)),
      ]);
      for (const { error, ms } of [onPooled, onFresh]) {
        expect(isDatabaseUnavailable(error)).toBe(true);
        expect(ms).toBeLessThan(2_000);
      }
    } finally {
      for (const pid of frozen) signal(pid, 'SIGCONT');
      await Promise.all([pooled.destroy(), fresh.destroy()]);
      await server.stop();
    }
  });

  it('does not call a bad query an outage, but does a statement that waited out its timeout behind a lock', async () => {
    const server = await startEmbeddedPostgres({
      dataDir: path.join(root, 'up'),
      persistent: false,
      unsafeFast: true,
    });
    const holder = createDb({ url: server.url, role: null });
    const db = createDb({ url: server.url, role: null, statementTimeoutMs: 200 });
    try {
      const bad = await timeFailure(() => sql`SELECT * FROM no_such_table`.execute(db));
      expect(isDatabaseUnavailable(bad.error)).toBe(false);

      await sql`CREATE TABLE counter (n int)`.execute(holder);
      await sql`INSERT INTO counter VALUES (0)`.execute(holder);
      let release = () => undefined as void;
      const released = new Promise<void>((r) => (release = r));
      let locked = () => undefined as void;
      const isLocked = new Promise<void>((r) => (locked = r));
      const holding = holder.transaction().execute(async (tx) => {
        await sql`SELECT n FROM counter FOR UPDATE`.execute(tx);
        locked();
        await released;
      });
      await isLocked;
      const { error } = await timeFailure(() => sql`UPDATE counter SET n = n + 1`.execute(db));
      release();
      await holding;
      expect((error as { code?: string }).code).toBe('57014');
      expect(isDatabaseUnavailable(error)).toBe(true);
    } finally {
      await Promise.all([holder.destroy(), db.destroy()]);
      await server.stop();
    }
  });
});
