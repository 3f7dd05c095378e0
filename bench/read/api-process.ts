import { stopWhenAsked } from '../../app/api-processes';
import { closeServer, listen } from '../../app/server';
import type { Instant } from '../../domain/calendar';
import { readApi } from './stack';

// One of the read benchmark's API processes (API_PROCESSES), forked by stack.ts: the port is the primary's.
async function main() {
  const env = process.env;
  const { api, db } = await readApi(
    env.BENCH_READ_DB_URL!,
    env.BENCH_READ_ISSUER_DIR!,
    env.BENCH_READ_AT as Instant,
  );
  const { server } = await listen(api.fetch, 0, '127.0.0.1');
  stopWhenAsked(async () => {
    await closeServer(server, 1_000);
    await db.destroy();
    process.exit(0);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
