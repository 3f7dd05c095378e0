import { describe, expect, it } from 'vitest';
import { createPool } from '../../db/pool';
import { useTestDatabase } from '../support/database';

const t = useTestDatabase();

/** pg-pool closes a connection idle this long unless told to keep it. */
const PG_POOL_IDLE_TIMEOUT_MS = 10_000;

describe('the connection pool', () => {
  it('keeps the connections a burst opened through an idle spell, so the next burst waits for none', async () => {
    const pool = createPool({ url: t.url, maxConnections: 3 });
    try {
      const burst = async () =>
        new Set(
          (
            await Promise.all(
              Array.from({ length: 3 }, () =>
                pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)'),
              ),
            )
          ).map((r) => r.rows[0]!.pid),
        );
      const first = await burst();
      expect(first.size).toBe(3);
      await new Promise((resolve) => setTimeout(resolve, PG_POOL_IDLE_TIMEOUT_MS + 1_500));
      expect(pool.totalCount).toBe(3);
      expect(await burst()).toEqual(first);
    } finally {
      await pool.end();
    }
  }, 30_000);
});
