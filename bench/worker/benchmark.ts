import type { Client } from '@temporalio/client';
import type { WorkflowTaskFailureRecord } from '../../local-temporal';
import { SNAPSHOT_AT } from '../data/snapshot';
import type { Benchmark } from '../support/benchmark';
import { startBenchDatabase } from '../support/postgres';
import { cacheMissReplay } from './replay';
import { FULL_OPEN_ORDERS, workerMeasures, workerNotes } from './report';
import { measureOpenOrders } from './rss';
import { spreadSample } from './sample';
import { startBenchTemporal } from './temporal';

/** At scale s: 1,000·s then 10,000·s open orders (at least 20 and 100). */
function plan(scale: number) {
  return {
    first: Math.max(20, Math.round(1_000 * scale)),
    total: Math.max(100, Math.round(FULL_OPEN_ORDERS * scale)),
  };
}

/** On a real server the workflows outlive the benchmark unless terminated. */
async function terminateAll(client: Client, workflowIds: readonly string[]): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < workflowIds.length)
      await client.workflow
        .getHandle(workflowIds[next++]!)
        .terminate('benchmark over')
        .catch(() => undefined);
  };
  await Promise.all(Array.from({ length: 16 }, lane));
}

/** Workflow tasks that failed (on the stand-in), e.g. timed out while the workflow thread ran out of heap. */
function failureNote(failures: readonly WorkflowTaskFailureRecord[]): string[] {
  if (failures.length === 0) return [];
  const first = failures[0]!;
  return [
    `${failures.length} workflow tasks failed (their workflows are not cached, so not in the RSS); the first: ${first.workflowType} ${first.workflowId}: ${first.message}`,
  ];
}

/** Worker RSS with 1k and 10k open orders against an idle worker's; a 1,500-event replay on a cache miss. */
export const workerBenchmark: Benchmark = {
  name: 'worker',
  describe:
    'worker RSS with 1k and 10k open orders (carried states at the snapshot) against an idle worker; a 1,500-event history replayed on a cache miss',
  run: async ({ scale, log }) => {
    const p = plan(scale);
    const sample = spreadSample(p.first, p.total);
    const db = await startBenchDatabase('worker');
    const temporal = await startBenchTemporal(SNAPSHOT_AT, log).catch(async (error: unknown) => {
      await db.stop();
      throw error;
    });
    const started: string[] = [];
    try {
      const rss = await measureOpenOrders({
        temporal,
        databaseUrl: db.url,
        stages: [sample.first, sample.rest],
        log,
      });
      started.push(...rss.opened.workflowIds);
      const replay = await cacheMissReplay({
        temporal,
        databaseUrl: db.url,
        exclude: new Set([...sample.first, ...sample.rest]),
        log,
      });
      started.push(...replay.workflowIds);
      return {
        measures: workerMeasures(rss, replay),
        notes: [
          ...temporal.notes,
          ...workerNotes(rss, replay, scale),
          ...failureNote(temporal.local?.workflowTaskFailures() ?? []),
        ],
      };
    } finally {
      if (!temporal.local) await terminateAll(temporal.client, started);
      await temporal.close();
      await db.stop();
    }
  },
};
