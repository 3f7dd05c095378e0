import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { type LocalIssuer, localIssuer } from '../../api/auth/local-issuer';
import { createAuthenticator } from '../../api/auth/verify';
import { createApi } from '../../api/app';
import { listen } from '../../app/server';
import { DEFAULT_CONFIG } from '../../domain/config';
import { createDb } from '../../db/pool';
import type { Instant } from '../../domain/calendar';
import { closeHttp } from '../support/http';
import type { BenchDatabase } from '../support/postgres';

/**
 * The API listening on a local port over the bench database, tokens verified as in production, its clock
 * standing at `at` (the instant the loaded data stands for). Reads never
 * reach Temporal, so its client is given a lazy connection that is never opened.
 */
export async function startReadApi(
  db: BenchDatabase,
  at: Instant,
): Promise<{ base: string; issuer: LocalIssuer; close(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cstr-bench-read-'));
  const issuer = await localIssuer(dir);
  const apiDb = createDb({ url: db.url });
  const api = createApi({
    db: apiDb,
    temporal: {
      client: new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }),
      taskQueue: 'bench-read',
    },
    auth: createAuthenticator({ keys: issuer.keys, issuer: issuer.issuer, audience: issuer.audience }),
    config: DEFAULT_CONFIG,
    rateLimitPerMinute: 10_000_000,
    commandTimeoutMs: 10_000,
    clock: () => new Date(at),
  });
  const { server, port } = await listen(api.fetch, 0, '127.0.0.1');
  return {
    base: `http://127.0.0.1:${port}`,
    issuer,
    close: async () => {
      await closeHttp(server);
      await apiDb.destroy();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
