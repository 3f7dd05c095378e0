import type pg from 'pg';
import { DIMENSIONS, type Dimension } from '../../api/kpis/figures';
import { forgetPeriodFacts } from '../../api/kpis/period-facts';
import { kpiReport, periodOf } from '../../api/kpis/report';
import type { Principal } from '../../api/env';
import { startOfLondonDay } from '../../domain/calendar';
import { DEFAULT_CONFIG } from '../../domain/config';
import { createDb } from '../../db/pool';
import { designYearFile, generatedNote } from '../data/year-file';
import { loadYear } from '../ingest/load-year';
import type { Benchmark } from '../support/benchmark';
import { startBenchDatabase } from '../support/postgres';

/**
 * Folds the group deltas a bulk load appended (as a running system's reports fold them as they go) and vacuums
 * their table, so that the timed reports read the year's sums rather than the load's dead deltas.
 */
export async function foldLoadedDeltas(pool: pg.Pool): Promise<void> {
  for (;;) {
    const { rows } = await pool.query<{ folded: number }>(
      'SELECT kpi_compact_group_deltas() + kpi_compact_group_day_deltas() + kpi_compact_span_deltas() AS folded',
    );
    if (rows[0]!.folded === 0) break;
  }
  await pool.query('VACUUM kpi_group_deltas, kpi_group_day_deltas, kpi_span_deltas');
}

export const QUARTERS = ['2027-Q1', '2027-Q2', '2027-Q3', '2027-Q4'] as const;
export const BREAKDOWNS: readonly (Dimension | null)[] = [null, ...DIMENSIONS];
const REGIONS = ['Y56', 'Y58', 'Y59', 'Y60', 'Y61', 'Y62', 'Y63', 'WALES'];
export const NATIONAL: Principal = {
  sub: 'analyst-1',
  role: 'commissioner',
  org: 'NATIONAL',
  clientId: 'NATIONAL/analyst-1',
};

/** Nearest rank: the smallest of the values with at least 95% of them at or below it (of 20, the 19th). */
export const p95 = (ms: number[]) =>
  [...ms].sort((a, b) => a - b)[Math.max(1, Math.ceil(0.95 * ms.length)) - 1]!;

/** The design year's PDUs (PDU-0 … PDU-99) spread over the regions, as a migration would map real ones. */
export async function mapRegions(pool: pg.Pool): Promise<void> {
  const { rows } = await pool.query<{ pdu: string }>('SELECT DISTINCT pdu FROM orders ORDER BY pdu');
  for (const [i, { pdu }] of rows.entries())
    await pool.query(`INSERT INTO unit_regions VALUES ('PDU', $1, $1, $2)`, [
      pdu,
      REGIONS[i % REGIONS.length],
    ]);
}

/**
 * The baseline: the least any answer costs, one plain `pg` statement that reads the quarter's events once and
 * counts them by type and PDU (no facts, no breakdowns, no suppression).
 */
export async function baselineQuarter(pool: pg.Pool, quarter: string): Promise<number> {
  const { from, to } = periodOf(quarter);
  const { rowCount } = await pool.query(
    `SELECT e.type, o.pdu, count(*) FROM events e JOIN orders o ON o.id = e.order_id
     WHERE e.occurred_at >= $1 AND e.occurred_at < $2 GROUP BY 1, 2`,
    [startOfLondonDay(from), startOfLondonDay(to)],
  );
  return rowCount ?? 0;
}

async function timed<T>(work: () => Promise<T>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** A year of national KPIs (four quarters) for every breakdown, over the whole loaded design year. */
export const kpiBenchmark: Benchmark = {
  name: 'kpi',
  describe: 'GET /v1/kpis’ report for each quarter of the design year and each breakdown, nationally',
  run: async ({ scale, log }) => {
    const file = await designYearFile({ scale });
    const db = await startBenchDatabase('kpi');
    // The API's pool as production has it, but for its 1.5 s statement timeout: at scale 0.1 and up on a loaded
    // machine a quarter's facts statement takes longer, and the benchmark measures it rather than failing.
    const app = createDb({ url: db.url, statementTimeoutMs: 60_000 });
    try {
      const loaded = await loadYear(db.url, file, { kind: 'orders', log });
      log(`kpi: ${file.orders} orders (${loaded.events} events) loaded in ${loaded.seconds.toFixed(1)} s`);
      await mapRegions(db.pool);
      await foldLoadedDeltas(db.pool);
      await db.pool.query('ANALYZE');
      const settings = { config: DEFAULT_CONFIG, threshold: 5 };
      const report = (period: string, by: Dimension | null) =>
        kpiReport(app, NATIONAL, { period, ...(by ? { by } : {}) }, settings);
      const rounds = 5;
      const calls: number[] = [];
      const years: number[] = [];
      const baseCalls: number[] = [];
      const baseYears: number[] = [];
      // Warm-up: one round of each, untimed.
      for (const q of QUARTERS) {
        await report(q, 'region');
        await baselineQuarter(db.pool, q);
      }
      for (let round = 0; round < rounds; round++) {
        // Each round from no facts: the first report of a quarter computes them, its other breakdowns reuse them.
        forgetPeriodFacts(app);
        let year = 0;
        for (const q of QUARTERS)
          for (const by of BREAKDOWNS) {
            const ms = await timed(() => report(q, by));
            calls.push(ms);
            year += ms;
          }
        years.push(year);
        let baseYear = 0;
        for (const q of QUARTERS)
          for (let b = 0; b < BREAKDOWNS.length; b++) {
            const ms = await timed(() => baselineQuarter(db.pool, q));
            baseCalls.push(ms);
            baseYear += ms;
          }
        baseYears.push(baseYear);
        log(
          `kpi: round ${round + 1}: ours ${year.toFixed(0)} ms, baseline ${baseYear.toFixed(0)} ms for the year`,
        );
      }
      const figures = (await report('2027-Q2', 'region')).value.figures.length;
      return {
        measures: [
          {
            name: 'one quarter, one breakdown (p95)',
            unit: 'ms',
            ours: p95(calls),
            baseline: p95(baseCalls),
            better: 'lower',
          },
          {
            name: `a year for every breakdown (${QUARTERS.length * BREAKDOWNS.length} reports, p95)`,
            unit: 'ms',
            ours: p95(years),
            baseline: p95(baseYears),
            better: 'lower',
            target: 1_000,
          },
        ],
        notes: [
          `${file.orders} orders, ${loaded.events} events (whole lives) loaded by the ingest loader in ${loaded.seconds.toFixed(1)} s; PDUs spread over ${REGIONS.length} regions; a NATIONAL commissioner; kpiReport (the facts statement, the breakdown and suppression) for 2027-Q1…Q4 × no breakdown and ${DIMENSIONS.join(', ')}, ${rounds} rounds after a warm-up, each round from no cached facts (a quarter's facts computed by its first report, reused by its other five); ${figures} figures for 2027-Q2 by region`,
          'baseline: one plain pg statement per report counting the quarter’s events by type and PDU (reading the period’s events once)',
          generatedNote(file.generatedSeconds),
        ],
      };
    } finally {
      await app.destroy();
      await db.stop();
    }
  },
};
