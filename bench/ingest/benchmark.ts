import type pg from 'pg';
import { DESIGN_YEAR } from '../data/design';
import { designYear } from '../data/design-year';
import type { OrderLife } from '../data/records';
import type { Benchmark } from '../support/benchmark';
import { startBenchDatabase } from '../support/postgres';
import { Stopwatch } from '../support/stopwatch';
import { countExpected, matchesRealProjections, storedCounts } from './verify';
import { BASELINE_TABLE, loadEventsOnly, loadOrders } from './load';

/** Orders per transaction. */
const ORDERS_PER_BATCH = 100;
/** Orders whose rows are compared with what db/projections itself writes for them. */
const ORDERS_CHECKED = 3;

/** Orders loaded and rolled back first, from another seed, so that the timed load runs on warm code. */
const WARM_UP_ORDERS = 50;

async function warmUp(client: pg.ClientBase): Promise<void> {
  const lives = [...designYear({ scale: WARM_UP_ORDERS / DESIGN_YEAR.orders, seed: 1 })];
  await loadOrders(client, lives, false);
  await loadEventsOnly(client, lives, false);
}

/** Loads the design year into the events table and the projections, against a bare insert of its events. */
export const ingestBenchmark: Benchmark = {
  name: 'ingest',
  describe:
    'load a design year into events and projections with multi-row inserts (unnest), one transaction per 100 orders',
  run: async ({ scale, log }) => {
    const db = await startBenchDatabase('ingest');
    const client = await db.pool.connect();
    try {
      await client.query(`CREATE TABLE ${BASELINE_TABLE} (LIKE events INCLUDING ALL)`);
      const ours = new Stopwatch();
      const baseline = new Stopwatch();
      const generation = new Stopwatch();
      const year = designYear({ scale });
      const checked: OrderLife[] = [];
      const expected: Record<string, number> = {};
      let events = 0;
      let building = 0;
      await warmUp(client);
      log('ingest: warmed up');
      let batches = 0;
      for (;;) {
        const batch = generation.time(() => {
          const lives: OrderLife[] = [];
          while (lives.length < ORDERS_PER_BATCH) {
            const next = year.next();
            if (next.done) break;
            lives.push(next.value);
          }
          return lives;
        });
        if (batch.length === 0) break;
        for (const life of batch) countExpected(life, expected);
        if (checked.length < ORDERS_CHECKED) checked.push(...batch.slice(0, ORDERS_CHECKED - checked.length));
        // Alternate which goes first, so that neither always meets a warmer cache.
        const first = batches % 2 === 0;
        if (first) await baseline.timeAsync(() => loadEventsOnly(client, batch));
        const loaded = await ours.timeAsync(() => loadOrders(client, batch));
        events += loaded.events;
        building += loaded.buildSeconds;
        if (!first) await baseline.timeAsync(() => loadEventsOnly(client, batch));
        if (++batches % 20 === 0) log(`ingest: ${batches * ORDERS_PER_BATCH} orders`);
        if (batch.length < ORDERS_PER_BATCH) break;
      }
      const stored = await storedCounts(client);
      const mismatched = Object.keys(expected).filter((t) => expected[t] !== stored[t]);
      if (mismatched.length > 0)
        throw new Error(
          `ingest stored other row counts: ${mismatched.map((t) => `${t} ${stored[t]} ≠ ${expected[t]}`).join(', ')}`,
        );
      const same = await matchesRealProjections(db.pool, checked);
      if (!same.ok)
        throw new Error(`ingest rows differ from db/projections for order ${same.orderId}: ${same.table}`);
      const size = await client.query<{ size: string }>(
        'SELECT pg_size_pretty(pg_database_size(current_database())) AS size',
      );
      return {
        measures: [
          { name: 'load: total', unit: 's', ours: ours.seconds, baseline: baseline.seconds, better: 'lower' },
          {
            name: 'load: events per second',
            unit: 'events/s',
            ours: events / ours.seconds,
            baseline: events / baseline.seconds,
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
          `of ours, ${building.toFixed(2)} s went on folding and building rows and views in Node, the rest in Postgres`,
          `${events} events of ${stored.orders} orders in ${batches} transaction${batches === 1 ? '' : 's'}; row counts match the events, and ${checked.length} orders match db/projections row for row; database ${size.rows[0]?.size ?? '?'} (events loaded twice: ours and the baseline's copy)`,
          `ours folds each order, builds its views and deadlines, and writes events and all projections; the baseline writes the same event rows only; generating the year took ${generation.seconds.toFixed(1)} s, not counted`,
          ...(scale < 1
            ? [`scale ${scale}: the full-year projection divides by the scale and is indicative only`]
            : []),
        ],
      };
    } finally {
      client.release();
      await db.stop();
    }
  },
};
