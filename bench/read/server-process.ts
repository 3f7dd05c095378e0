import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { stopWhenAsked } from '../../app/api-processes';
import { createLogger } from '../../app/logger';
import { logRequests } from '../../app/request-log';
import { type FetchHandler, closeServer, listen, stoppable } from '../../app/server';
import { createPool } from '../../db/pool';
import type { Instant } from '../../domain/calendar';
import { readBaseline } from './baseline';
import { readApi } from './stack';
import { traceServer } from './trace';

// One of the read benchmark's server processes, forked by stack.ts (node:cluster, as the app's
// API_PROCESSES): the API as an API process of the app serves it (its request log on stdout, which the
// benchmark discards), or with BENCH_READ_SERVE=baseline the bare baseline. The port is the primary's.

/** With BENCH_READ_CPU_PROF=<dir>: profiles this process until it stops, then writes the profile there. */
async function profile(dir: string | undefined): Promise<() => Promise<void>> {
  if (!dir) return () => Promise.resolve();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    await writeFile(path.join(dir, `api-${process.pid}.cpuprofile`), JSON.stringify(profile));
  };
}

/** With BENCH_READ_TRACE=<dir>: records this process's requests, statements, GC and stalls (`trace.ts`). */
function traced(serve: string, dir: string | undefined) {
  if (!dir) return { handler: (fetch: FetchHandler) => fetch, write: () => Promise.resolve() };
  return traceServer(serve, dir);
}

async function ours(env: NodeJS.ProcessEnv) {
  const trace = traced('api', env.BENCH_READ_TRACE);
  const writeProfile = await profile(env.BENCH_READ_CPU_PROF);
  const { api, db } = await readApi(
    env.BENCH_READ_DB_URL!,
    env.BENCH_READ_ISSUER_DIR!,
    env.BENCH_READ_AT as Instant,
  );
  let stopping = false;
  const log = createLogger('info');
  const { server } = await listen(
    stoppable(trace.handler(logRequests(api.fetch, api.routes, log)), () => stopping),
    Number(env.BENCH_READ_PORT),
    '127.0.0.1',
  );
  return async () => {
    stopping = true;
    await closeServer(server, 1_000);
    await db.destroy();
    await writeProfile();
    await trace.write();
  };
}

async function baseline(env: NodeJS.ProcessEnv) {
  const trace = traced('baseline', env.BENCH_READ_TRACE);
  const pool = createPool({ url: env.BENCH_READ_DB_URL! });
  const { server } = await listen(
    trace.handler(readBaseline(pool, env.BENCH_READ_PDU!).fetch),
    Number(env.BENCH_READ_PORT),
    '127.0.0.1',
  );
  return async () => {
    await closeServer(server, 1_000);
    await pool.end();
    await trace.write();
  };
}

async function main() {
  const stop = await (process.env.BENCH_READ_SERVE === 'baseline' ? baseline : ours)(process.env);
  stopWhenAsked(async () => {
    await stop();
    process.exit(0);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
