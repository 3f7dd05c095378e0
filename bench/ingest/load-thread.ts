import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import type { OrderLife } from '../data/records';
import { cutAt } from '../data/snapshot';
import { loadEventsOnly, loadOrders } from './load';
import type { BatchDone, BatchJob } from './parallel-load';
import { countExpected } from './verify';

const { url } = workerData as { url: string };
const client = new pg.Client({ connectionString: url, statement_timeout: 600_000 });
const connected = client.connect();

async function run(job: BatchJob): Promise<BatchDone> {
  await connected;
  const parsed = job.lines.map((line) => JSON.parse(line) as OrderLife);
  const lives = job.cutAt === null ? parsed : parsed.map((life) => cutAt(life, job.cutAt!));
  const expected: Record<string, number> = {};
  for (const life of lives) countExpected(life, expected);
  if (job.kind === 'events-only') {
    const events = await loadEventsOnly(client, lives, job.commit);
    return { events, buildSeconds: 0, expected };
  }
  const loaded = await loadOrders(client, lives, job.commit);
  return { ...loaded, expected };
}

parentPort!.on('message', (job: BatchJob) => {
  run(job).then(
    (done) => parentPort!.postMessage({ ok: true, done }),
    (error: unknown) =>
      parentPort!.postMessage({
        ok: false,
        error: error instanceof Error ? (error.stack ?? String(error)) : String(error),
      }),
  );
});
