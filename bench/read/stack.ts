import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { type LocalIssuer, localIssuer } from '../../api/auth/local-issuer';
import { createAuthenticator } from '../../api/auth/verify';
import { createApi } from '../../api/app';
import { forkApiProcesses } from '../../app/api-processes';
import { listen } from '../../app/server';
import { DEFAULT_CONFIG } from '../../domain/config';
import { createDb } from '../../db/pool';
import type { Instant } from '../../domain/calendar';
import { closeHttp } from '../support/http';

/**
 * The API over the bench database, tokens from the local issuer in `issuerDir` verified as in production, its
 * clock standing at `at`. Reads never reach Temporal, so its client is given a lazy connection never opened.
 */
export async function readApi(dbUrl: string, issuerDir: string, at: Instant) {
  const issuer = await localIssuer(issuerDir);
  const db = createDb({ url: dbUrl });
  const api = createApi({
    db,
    reportsDb: db,
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
  return { api, db };
}

const API_PROCESS = path.join(__dirname, 'api-process.ts');

/**
 * The API listening on a local port: in this process, or with `processes` set in that many processes sharing
 * the port (`app/api-processes.ts`, as the app's API_PROCESSES runs them; `pids` are theirs).
 */
export async function startReadApi(
  dbUrl: string,
  at: Instant,
  processes?: number,
): Promise<{ base: string; issuer: LocalIssuer; pids: number[]; close(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cstr-bench-read-'));
  const issuer = await localIssuer(dir);
  const removeDir = () => rm(dir, { recursive: true, force: true });
  if (processes) {
    const forked = await forkApiProcesses({
      count: processes,
      exec: API_PROCESS,
      env: {
        BENCH_READ_DB_URL: dbUrl,
        BENCH_READ_ISSUER_DIR: dir,
        BENCH_READ_AT: at,
        // BENCH_READ_CPU_PROF=<dir>: each API process writes a V8 CPU profile there as it stops.
        BENCH_READ_CPU_PROF: process.env.BENCH_READ_CPU_PROF,
      },
      onExit: (code) => console.error(`read: an API process exited with ${String(code)}`),
    });
    return {
      base: `http://127.0.0.1:${forked.port}`,
      issuer,
      pids: forked.pids,
      close: async () => {
        await forked.stop();
        await removeDir();
      },
    };
  }
  const { api, db } = await readApi(dbUrl, dir, at);
  const { server, port } = await listen(api.fetch, 0, '127.0.0.1');
  return {
    base: `http://127.0.0.1:${port}`,
    issuer,
    pids: [],
    close: async () => {
      await closeHttp(server);
      await db.destroy();
      await removeDir();
    },
  };
}
