import cluster from 'node:cluster';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { type LocalIssuer, localIssuer } from '../../api/auth/local-issuer';
import { createAuthenticator } from '../../api/auth/verify';
import { createApi } from '../../api/app';
import { forkApiProcesses } from '../../app/api-processes';
import { DEFAULT_CONFIG } from '../../domain/config';
import { freePort } from '../../db/embedded';
import { createDb } from '../../db/pool';
import type { Instant } from '../../domain/calendar';

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

const SERVER_PROCESS = path.join(__dirname, 'server-process.ts');

export interface ReadServer {
  base: string;
  /** The processes serving it; this process (the primary) hands them the connections. */
  pids: number[];
  close(): Promise<void>;
}

/** `processes` processes serving `serve` on one port (`app/api-processes.ts`, as the app's API_PROCESSES). */
async function fork(
  serve: 'api' | 'baseline',
  processes: number,
  env: Record<string, string | undefined>,
): Promise<ReadServer> {
  // Their stdout (the API's request log) is discarded: this process's stdout is the results table.
  cluster.setupPrimary({ stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  // A port chosen now: one server's processes must not share node:cluster's handle for port 0 with another's.
  const port = await freePort();
  const forked = await forkApiProcesses({
    count: processes,
    exec: SERVER_PROCESS,
    env: { ...env, BENCH_READ_SERVE: serve, BENCH_READ_PORT: String(port) },
    onExit: (code) => console.error(`read: a ${serve} process exited with ${String(code)}`),
  });
  return { base: `http://127.0.0.1:${forked.port}`, pids: forked.pids, close: () => forked.stop() };
}

/**
 * The API in `processes` processes sharing a port, as the app's API_PROCESSES runs it (with its request log),
 * over the bench database, its clock standing at `at`, its tokens from `issuer`.
 */
export async function startReadApi(
  dbUrl: string,
  at: Instant,
  processes: number,
): Promise<ReadServer & { issuer: LocalIssuer }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cstr-bench-read-'));
  const issuer = await localIssuer(dir);
  const server = await fork('api', processes, {
    BENCH_READ_DB_URL: dbUrl,
    BENCH_READ_ISSUER_DIR: dir,
    BENCH_READ_AT: at,
    // BENCH_READ_CPU_PROF=<dir>: each API process writes a V8 CPU profile there as it stops.
    BENCH_READ_CPU_PROF: process.env.BENCH_READ_CPU_PROF,
    BENCH_READ_TRACE: process.env.BENCH_READ_TRACE,
  });
  return {
    ...server,
    issuer,
    close: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The bare baseline (`baseline.ts`) in `processes` processes sharing a port, as the API is run. */
export function startReadBaseline(dbUrl: string, pdu: string, processes: number): Promise<ReadServer> {
  return fork('baseline', processes, {
    BENCH_READ_DB_URL: dbUrl,
    BENCH_READ_PDU: pdu,
    BENCH_READ_TRACE: process.env.BENCH_READ_TRACE,
  });
}
