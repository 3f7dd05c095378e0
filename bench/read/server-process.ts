import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { stopWhenAsked } from '../../app/api-processes';
import { closeServer, listen } from '../../app/server';
import type { Instant } from '../../domain/calendar';
import { readApi } from './stack';

// One of the read benchmark's API processes (API_PROCESSES), forked by stack.ts: the port is the primary's.
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

async function main() {
  const env = process.env;
  const writeProfile = await profile(env.BENCH_READ_CPU_PROF);
  const { api, db } = await readApi(
    env.BENCH_READ_DB_URL!,
    env.BENCH_READ_ISSUER_DIR!,
    env.BENCH_READ_AT as Instant,
  );
  const { server } = await listen(api.fetch, 0, '127.0.0.1');
  stopWhenAsked(async () => {
    await closeServer(server, 1_000);
    await db.destroy();
    await writeProfile();
    process.exit(0);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
