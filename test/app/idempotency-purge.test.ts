import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/pool';
import { type AppProcess, createChildDatabase, createDataDir, portOpen } from './support/app-process';
import { startApp } from './support/app-process';
import { until } from './support/until';

/** Issue 19: stored Idempotency-Key responses are deleted by the running API once past their window. */

const HOUR = 3_600_000;
let database: Awaited<ReturnType<typeof createChildDatabase>>;
let dataDir: Awaited<ReturnType<typeof createDataDir>>;
let app: AppProcess | undefined;

beforeAll(async () => {
  [database, dataDir] = await Promise.all([createChildDatabase(), createDataDir()]);
});

afterAll(async () => {
  if (app) {
    expect(await app.stop(10_000)).toEqual({ code: 0, signal: null });
    expect(await portOpen(app.port)).toBe(false);
  }
  await database?.drop();
  await dataDir?.remove();
});

describe('purge of expired idempotency keys', () => {
  it('deletes the stored responses older than IDEMPOTENCY_WINDOW_HOURS and keeps the rest', async () => {
    const owner = createDb({ url: database.url, role: null });
    try {
      const stored = (key: string, ageMs: number) => ({
        client_id: 'provider:PROV-DRUGS:keyworker',
        key,
        request_fingerprint: 'f'.repeat(64),
        state: 'DONE' as const,
        response_status: 201,
        response_body: JSON.stringify('{"id":"…"}'),
        created_at: new Date(Date.now() - ageMs),
        completed_at: new Date(Date.now() - ageMs),
      });
      await owner
        .insertInto('idempotency_keys')
        .values([stored('two-hours-old', 2 * HOUR), stored('half-an-hour-old', HOUR / 2)])
        .execute();

      app = await startApp({
        databaseUrl: database.url,
        dataDir: dataDir.dir,
        env: { IDEMPOTENCY_WINDOW_HOURS: '1' },
      });

      const left = await until(
        'the purge of the expired key',
        async () => {
          const rows = await owner.selectFrom('idempotency_keys').select('key').execute();
          return rows.some((r) => r.key === 'two-hours-old') ? undefined : rows;
          // A first pass that a busy machine made fail is tried again a minute later.
        },
        90_000,
      );
      expect(left).toEqual([{ key: 'half-an-hour-old' }]);
    } finally {
      await owner.destroy();
    }
  });
});
