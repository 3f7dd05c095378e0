import { DESIGN_YEAR } from '../data/design';
import { designYear } from '../data/design-year';
import { designYearFile, generatedNote, readYear } from '../data/year-file';
import type { OrderLife } from '../data/records';
import type { Benchmark } from '../support/benchmark';
import { startBenchDatabase } from '../support/postgres';
import { BASELINE_TABLE } from './load';
import { LOAD_THREADS, ORDERS_PER_BATCH, loadYear } from './load-year';
import { matchesRealProjections, storedCounts } from './verify';

/** Orders whose rows are compared with what db/projections itself writes for them. */
const ORDERS_CHECKED = 3;

/** Orders (from another seed) each loading thread loads and rolls back before the timed load. */
const WARM_UP_ORDERS = 50;

async function firstOrders(
  file: Awaited<ReturnType<typeof designYearFile>>,
  n: number,
): Promise<OrderLife[]> {
  const lives: OrderLife[] = [];
  for await (const life of readYear(file)) {
    lives.push(life);
    if (lives.length === n) break;
  }
  return lives;
}

/** Loads the design year into the events table and the projections, against a bare insert of its events. */
export const ingestBenchmark: Benchmark = {
  name: 'ingest',
  describe: `load a design year into events and projections: ${LOAD_THREADS} threads, each with its own connection, ${ORDERS_PER_BATCH} orders per transaction, multi-row inserts (unnest)`,
  run: async ({ scale, log }) => {
    const file = await designYearFile({ scale });
    const warmUp = [...designYear({ scale: WARM_UP_ORDERS / DESIGN_YEAR.orders, seed: 1 })].map((l) =>
      JSON.stringify(l),
    );
    const db = await startBenchDatabase('ingest');
    try {
      await db.pool.query(`CREATE TABLE ${BASELINE_TABLE} (LIKE events INCLUDING ALL)`);
      const ours = await loadYear(db.url, file, { kind: 'orders', warmUp, log });
      log(`ingest: ours loaded in ${ours.seconds.toFixed(1)} s; now the baseline`);
      const baseline = await loadYear(db.url, file, { kind: 'events-only', warmUp, log });
      const stored = await storedCounts(db.pool);
      const mismatched = Object.keys(ours.expected).filter((t) => ours.expected[t] !== stored[t]);
      if (mismatched.length > 0 || baseline.events !== ours.events)
        throw new Error(
          `ingest stored other row counts: ${mismatched.map((t) => `${t} ${stored[t]} ≠ ${ours.expected[t]}`).join(', ')}; baseline ${baseline.events} events`,
        );
      const checked = await firstOrders(file, ORDERS_CHECKED);
      const same = await matchesRealProjections(db.pool, checked);
      if (!same.ok)
        throw new Error(`ingest rows differ from db/projections for order ${same.orderId}: ${same.table}`);
      const size = await db.pool.query<{ size: string }>(
        'SELECT pg_size_pretty(pg_database_size(current_database())) AS size',
      );
      return {
        measures: [
          { name: 'load: total', unit: 's', ours: ours.seconds, baseline: baseline.seconds, better: 'lower' },
          {
            name: 'load: events per second',
            unit: 'events/s',
            ours: ours.events / ours.seconds,
            baseline: baseline.events / baseline.seconds,
            better: 'higher',
          },
          {
            name: 'load, projected to the full year',
            unit: 's',
            ours: ours.seconds / scale,
            baseline: baseline.seconds / scale,
            better: 'lower',
            target: 900,
          },
        ],
        notes: [
          `${ours.events} events of ${stored.orders} orders in ${ours.batches} transactions over ${LOAD_THREADS} threads; row counts match the events, and ${checked.length} orders match db/projections row for row; database ${size.rows[0]?.size ?? '?'} (events loaded twice: ours and the baseline's copy)`,
          `ours parses each order, folds it, builds its views and deadlines, and writes events and all projections (${ours.buildSeconds.toFixed(1)} s of thread time parsing, folding and building rows, the rest in Postgres); the baseline parses the same orders and writes their event rows only, the same way, after ours`,
          generatedNote(file.generatedSeconds),
          ...(scale < 1
            ? [`scale ${scale}: the full-year projection divides by the scale and is indicative only`]
            : []),
        ],
      };
    } finally {
      await db.stop();
    }
  },
};
