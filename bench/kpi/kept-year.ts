// The design year loaded once into a kept Postgres data directory, for iterating on the KPI statement at a scale
// without reloading (a full-scale load takes minutes):
//   npx tsx bench/kpi/kept-year.ts load --scale 1     generate (if needed) and load into .data/kpi-year-<scale>
//   npx tsx bench/kpi/kept-year.ts time --scale 1     migrate it to the latest schema, then time a year of reports
//   npx tsx bench/kpi/kept-year.ts explain --scale 1 [2027-Q2]   EXPLAIN (ANALYZE, BUFFERS) of a quarter's statements
//   npx tsx bench/kpi/kept-year.ts reports --scale 1 > a.json      every report of 2027-Q1 … 2028-Q1 and two months,
//     each breakdown and a filtered one, as JSON: run before and after a change to the statement and compare
//   npx tsx bench/kpi/kept-year.ts compaction --scale 1 [100000]   with that many deltas pending (of each kind,
//     netting to nothing), a year's reports read them unfolded (the compactor held off), then the compaction a
//     report runs folds them, then the year again
// `time` times KPI_ROUNDS (20) years, each the 24 national reports of 2027-Q1 … Q4 by no breakdown and each
// dimension, asked one after another from no cached facts, and gives their p95 by nearest rank (of 20 rounds,
// the second slowest): the "a year of national KPIs for every dimension answers in ≤ 1 s (p95)". Beside
// it, KPI_BASELINE_ROUNDS (3) rounds of the baseline: 24 counts of a quarter's events, the same quarters.
// Under the bench lock: `flock /tmp/bench.lock npx tsx bench/kpi/kept-year.ts time --scale 1`.
//   npx tsx bench/kpi/kept-year.ts versus --scale 1 /work/main   KPI_ROUNDS years by another tree's report code
//     and this tree's in turn, in one process on this tree's kept (migrated) year, each round's order swapped
// KPI_CODE=<tree> makes `time` and `reports` ask that tree's report code, on the kept year as it is (not
// migrated): the reports before a change, to compare with this tree's after it.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Dimension } from '../../api/kpis/figures';
import * as periodFacts from '../../api/kpis/period-facts';
import * as report from '../../api/kpis/report';
import { DEFAULT_CONFIG } from '../../domain/config';
import { migrateToLatest } from '../../db/migrate';
import { createDb } from '../../db/pool';
import type { Database } from '../../db/schema';
import type { KpiQuery } from '../../api/schemas/kpi';
import { designYearFile } from '../data/year-file';
import { loadYear } from '../ingest/load-year';
import { startBenchDatabase } from '../support/postgres';
import {
  BREAKDOWNS,
  NATIONAL,
  QUARTERS,
  baselineQuarter,
  foldLoadedDeltas,
  mapRegions,
  p95,
} from './benchmark';

const command = process.argv[2];
const scale = Number(process.argv[process.argv.indexOf('--scale') + 1] ?? 1);
const rounds = Number(process.env.KPI_ROUNDS ?? 20);
const baselineRounds = Number(process.env.KPI_BASELINE_ROUNDS ?? 3);
const DATA = path.join(__dirname, '..', '..', '.data');
const KEPT_AS = `kpi-year-${scale}`;

/** What a year of reports is asked with: a tree's report code. */
interface ReportCode {
  kpiReport: typeof report.kpiReport;
  forgetPeriodFacts: typeof periodFacts.forgetPeriodFacts;
}
const OURS: ReportCode = { ...report, ...periodFacts };

/** Another tree's report code (its modules, with their own caches of period facts). */
async function codeOf(tree: string): Promise<ReportCode> {
  const theirs = (await import(path.join(path.resolve(tree), 'api/kpis/report.ts'))) as typeof report;
  const facts = (await import(
    path.join(path.resolve(tree), 'api/kpis/period-facts.ts')
  )) as typeof periodFacts;
  return { kpiReport: theirs.kpiReport, forgetPeriodFacts: facts.forgetPeriodFacts };
}

async function main(): Promise<void> {
  if (!['load', 'time', 'explain', 'reports', 'compaction', 'versus'].includes(command ?? ''))
    throw new Error(
      'usage: kept-year.ts load|time|explain|reports|compaction|versus --scale N [quarter|deltas|tree]',
    );
  const other = process.env.KPI_CODE;
  const code = other ? await codeOf(other) : OURS;
  const file = command === 'load' ? await designYearFile({ scale }) : null;
  if (file) await rm(path.join(DATA, KEPT_AS), { recursive: true, force: true });
  const db = await startBenchDatabase('kpi', KEPT_AS);
  try {
    const migrator = new Kysely({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: db.url, max: 1 }) }),
    });
    const { applied } = other
      ? { applied: [] }
      : await migrateToLatest(migrator).finally(() => migrator.destroy());
    if (applied.length > 0) console.error(`migrated: ${applied.join(', ')}`);
    if (file) {
      const loaded = await loadYear(db.url, file, { kind: 'orders', log: (m) => console.error(m) });
      console.error(
        `${file.orders} orders, ${loaded.events} events loaded in ${loaded.seconds.toFixed(0)} s`,
      );
      await mapRegions(db.pool);
      await foldLoadedDeltas(db.pool);
    }
    if (file || applied.length > 0) await db.pool.query('VACUUM ANALYZE');
    if (command === 'time') await timeYears(db.url, db.pool, code);
    if (command === 'reports') await printReports(db.url, code);
    if (command === 'versus') await versus(db.url, await codeOf(process.argv[5]!));
    if (command === 'explain') await explain(db.url, db.pool, process.argv[5] ?? '2027-Q2');
    if (command === 'compaction') await timeCompaction(db.url, db.pool, Number(process.argv[5] ?? 100_000));
  } finally {
    await db.stop();
  }
}

async function timeYears(
  url: string,
  pool: pg.Pool,
  { kpiReport, forgetPeriodFacts }: ReportCode,
): Promise<void> {
  const app = createDb({ url, statementTimeoutMs: 120_000 });
  const settings = { config: DEFAULT_CONFIG, threshold: 5 };
  const report = (period: string, by: Dimension | null) =>
    kpiReport(app, NATIONAL, { period, ...(by ? { by } : {}) }, settings);
  const years: number[] = [];
  const baselines: number[] = [];
  try {
    for (const q of QUARTERS) await report(q, 'region');
    for (let round = 0; round < Math.max(rounds, baselineRounds); round++) {
      const line = [`round ${round + 1}:`];
      if (round < rounds) {
        forgetPeriodFacts(app);
        const first: string[] = [];
        let year = 0;
        for (const q of QUARTERS)
          for (const by of BREAKDOWNS) {
            const started = performance.now();
            await report(q, by);
            const ms = performance.now() - started;
            if (by === BREAKDOWNS[0]) first.push(`${q} ${ms.toFixed(0)}`);
            year += ms;
          }
        years.push(year);
        line.push(`year ${year.toFixed(0)} ms (first report of each quarter: ${first.join(', ')} ms)`);
      }
      if (round < baselineRounds) {
        let baseline = 0;
        for (const q of QUARTERS)
          for (let b = 0; b < BREAKDOWNS.length; b++) {
            const started = performance.now();
            await baselineQuarter(pool, q);
            baseline += performance.now() - started;
          }
        baselines.push(baseline);
        line.push(`baseline ${baseline.toFixed(0)} ms`);
      }
      console.log(line.join(' '));
    }
    const summary = (name: string, ms: number[]) =>
      `${name}, ${ms.length} rounds: p95 ${p95(ms).toFixed(0)} ms, median ${median(ms).toFixed(0)} ms`;
    const parts = [];
    if (years.length) parts.push(summary(`a year of ${QUARTERS.length * BREAKDOWNS.length} reports`, years));
    if (baselines.length) parts.push(summary('baseline', baselines));
    if (years.length && baselines.length) parts.push(`p95 ${(p95(years) / p95(baselines)).toFixed(3)}×`);
    console.log(parts.join('; '));
  } finally {
    await app.destroy();
  }
}

const median = (ms: number[]) => [...ms].sort((a, b) => a - b)[Math.floor((ms.length - 1) / 2)]!;

/** Years by another tree's code and this tree's in turn (the first of each untimed), each round's order swapped. */
async function versus(url: string, theirs: ReportCode): Promise<void> {
  const app = createDb({ url, statementTimeoutMs: 120_000 });
  const codes = { theirs, ours: OURS };
  const years: Record<keyof typeof codes, number[]> = { theirs: [], ours: [] };
  try {
    for (const name of ['theirs', 'ours'] as const) await year(app, codes[name]);
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? (['theirs', 'ours'] as const) : (['ours', 'theirs'] as const);
      for (const name of order) years[name].push(await year(app, codes[name]));
      console.log(
        `round ${round + 1}: theirs ${years.theirs.at(-1)!.toFixed(0)} ms, ours ${years.ours.at(-1)!.toFixed(0)} ms`,
      );
    }
    for (const name of ['theirs', 'ours'] as const)
      console.log(
        `${name}: ${rounds} years, p95 ${p95(years[name]).toFixed(0)} ms, median ${median(years[name]).toFixed(0)} ms`,
      );
    console.log(
      `ours / theirs: p95 ${(p95(years.ours) / p95(years.theirs)).toFixed(3)}×, median ${(median(years.ours) / median(years.theirs)).toFixed(3)}×`,
    );
  } finally {
    await app.destroy();
  }
}

/** Pending deltas of both kinds, in pairs that net to nothing, under the groups and months of the year's rows. */
async function addPendingDeltas(pool: pg.Pool, deltas: number): Promise<void> {
  await pool.query(
    `INSERT INTO kpi_group_deltas (month, fact, category, type, provider, court, pdu, num, den)
     SELECT month, fact, category, p_type, p_provider, p_court, p_pdu, sign * num, sign * den
     FROM (SELECT * FROM kpi_monthly_sums WHERE posted ORDER BY random() LIMIT $1 / 2) s,
       (VALUES (1), (-1)) AS v(sign)`,
    [deltas],
  );
  await pool.query(
    `INSERT INTO kpi_group_day_deltas (month, fact, days, type, provider, court, pdu, n)
     SELECT date_trunc('month', sentenced)::date, 'treatment-days', g % 60, p_type, p_provider, p_court, p_pdu, sign
     FROM (SELECT * FROM kpi_milestones WHERE posted AND sentenced IS NOT NULL ORDER BY random() LIMIT 1000) m,
       generate_series(1, $1 / 2000) AS g, (VALUES (1), (-1)) AS v(sign)`,
    [deltas],
  );
  await pool.query('ANALYZE kpi_group_deltas, kpi_group_day_deltas');
}

/** A year of national reports (24, from no cached facts), in ms. */
async function year(
  app: Kysely<Database>,
  { kpiReport, forgetPeriodFacts }: ReportCode = OURS,
): Promise<number> {
  const settings = { config: DEFAULT_CONFIG, threshold: 5 };
  forgetPeriodFacts(app);
  const started = performance.now();
  for (const q of QUARTERS)
    for (const by of BREAKDOWNS)
      await kpiReport(app, NATIONAL, { period: q, ...(by ? { by } : {}) }, settings);
  return performance.now() - started;
}

async function timeCompaction(url: string, pool: pg.Pool, deltas: number): Promise<void> {
  const app = createDb({ url, statementTimeoutMs: 120_000 });
  const holder = await pool.connect();
  try {
    await year(app);
    console.log(`no deltas pending: year ${(await year(app)).toFixed(0)} ms`);
    await addPendingDeltas(pool, deltas);
    // The compactor held off: a report's call returns at once and the report reads every delta unfolded.
    await holder.query('BEGIN');
    await holder.query(
      `SELECT pg_advisory_xact_lock(hashtext('kpi_compact_group_deltas')),
         pg_advisory_xact_lock(hashtext('kpi_compact_group_day_deltas')),
         pg_advisory_xact_lock(hashtext('kpi_compact_span_deltas'))`,
    );
    const pending = await year(app);
    await holder.query('COMMIT');
    const started = performance.now();
    const { rows } = await pool.query<{ folded: number }>(
      'SELECT kpi_compact_group_deltas() + kpi_compact_group_day_deltas() + kpi_compact_span_deltas() AS folded',
    );
    const folding = performance.now() - started;
    console.log(
      `${deltas} deltas of each kind pending: year read unfolded ${pending.toFixed(0)} ms; one compaction (as a report runs it) folded ${rows[0]!.folded} in ${folding.toFixed(0)} ms; then the year ${(await year(app)).toFixed(0)} ms`,
    );
  } finally {
    holder.release();
    await app.destroy();
  }
}

async function printReports(url: string, { kpiReport }: ReportCode): Promise<void> {
  const app = createDb({ url, statementTimeoutMs: 120_000 });
  const settings = { config: DEFAULT_CONFIG, threshold: 5 };
  try {
    for (const period of ['2027-Q1', '2027-Q2', '2027-Q3', '2027-Q4', '2028-Q1', '2027-03', '2027-11'])
      for (const query of [...BREAKDOWNS.map((by) => (by ? { by } : {})), { by: 'court', region: 'Y58' }]) {
        const { value } = await kpiReport(app, NATIONAL, { period, ...query } as KpiQuery, settings);
        console.log(JSON.stringify({ period, query, figures: value.figures }));
      }
  } finally {
    await app.destroy();
  }
}

/** The statements a quarter's unfiltered report runs, each explained with its parameters. */
async function explain(url: string, pool: pg.Pool, quarter: string): Promise<void> {
  const statements: { sql: string; parameters: readonly unknown[] }[] = [];
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }),
    log: (event) => {
      if (event.level === 'query') statements.push(event.query);
    },
  });
  try {
    const settings = { config: DEFAULT_CONFIG, threshold: 5 };
    await report.kpiReport(db, NATIONAL, { period: quarter, by: 'pdu' }, settings);
  } finally {
    await db.destroy();
  }
  for (const s of statements) {
    const { rows } = await pool.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS) ${s.sql}`,
      s.parameters as unknown[],
    );
    console.log(rows.map((r) => r['QUERY PLAN']).join('\n'), '\n');
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
