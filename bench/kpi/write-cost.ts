// What the KPI triggers add to writes (no target; run on its own, under the bench lock):
//   npx tsx bench/kpi/write-cost.ts --scale 0.01
// 1. A bulk load of the design year (the ingest loader: events and every projection) into fresh copies of the
//    migrated database, with no KPI trigger (`none`), with `kpi_events`' only, with it and the monthly sums
//    (`sums`), with the group sums too (`kept`, 2026_12_06_0070_kpi_kept_sums) and with every one (`milestones`:
//    the milestones and kept days too, 2026_12_07_0010_kpi_milestones) and with the reviews' sums too
//    (`reviews`, 2026_12_08_0010_kpi_review_sums) and with the month spans too (`spans`, 2026_12_09_0010 and
//    0011, their triggers as 2026_12_10_0010 narrowed them), in rotating order, KPI_WRITE_ROUNDS rounds (3); then the time
//    Postgres spent in each trigger function during the last load of the last variant (pg_stat_user_functions:
//    where the triggers' cost goes).
// 2. The requirement projection's write as each event makes it (every appointment of a requirement upserted,
//    one outcome changed), on a database loaded with every trigger, with the kept group sums', the
//    milestones', the reviews' sums' and the spans' triggers on and off in turn (the monthly sums' on).
import pg from 'pg';
import { designYearFile } from '../data/year-file';
import { loadYear } from '../ingest/load-year';
import { startBenchDatabase } from '../support/postgres';

const scale = Number(process.argv[process.argv.indexOf('--scale') + 1] ?? 0.01);
const SUMS_TRIGGERS = {
  appointments: ['appointments_kpi_sums', 'appointments_kpi_sums_deleted', 'appointments_kpi_sums_update'],
  drug_tests: ['drug_tests_kpi_sums', 'drug_tests_kpi_sums_deleted', 'drug_tests_kpi_sums_update'],
};
const KEPT_TRIGGERS = {
  kpi_events: ['kpi_events_units'],
  kpi_monthly_sums: ['kpi_monthly_sums_group', 'kpi_monthly_sums_deltas'],
  kpi_event_units: ['kpi_event_units_group', 'kpi_event_units_deltas'],
  requirements: ['requirements_kpi_group', 'requirements_kpi_group_update'],
  orders: ['orders_kpi_group', 'orders_kpi_group_update'],
};
const MILESTONE_TRIGGERS = {
  kpi_events: ['kpi_events_milestones'],
  appointments: ['appointments_kpi_milestones', 'appointments_kpi_milestones_update'],
  reviews: ['reviews_kpi_milestones', 'reviews_kpi_milestones_update'],
  requirements: ['requirements_kpi_milestones', 'requirements_kpi_milestones_update'],
  orders: ['orders_kpi_milestones', 'orders_kpi_milestones_update'],
};
const REVIEW_TRIGGERS = { kpi_milestones: ['kpi_milestones_review_deltas'] };
const SPAN_TRIGGERS = {
  kpi_milestones: [
    'kpi_milestones_span_deltas',
    'kpi_milestones_span_deltas_deleted',
    'kpi_milestones_span_deltas_updated',
    'kpi_milestones_first_month_deltas',
    'kpi_milestones_first_month_deltas_deleted',
    'kpi_milestones_first_month_deltas_updated',
  ],
  kpi_events: ['kpi_events_warning_spans'],
};
const ALL_VARIANTS = ['none', 'kpi_events', 'sums', 'kept', 'milestones', 'reviews', 'spans'] as const;
type Variant = (typeof ALL_VARIANTS)[number];
const ROUNDS = Number(process.env.KPI_WRITE_ROUNDS ?? 3);
/** KPI_WRITE_VARIANTS=kept,milestones: those loads alone (at a scale where every variant takes too long). */
const VARIANTS = ALL_VARIANTS.filter((v) => (process.env.KPI_WRITE_VARIANTS ?? v).split(',').includes(v));

async function setTriggers(client: pg.Client, variant: Variant): Promise<void> {
  const on = (yes: boolean) => (yes ? 'ENABLE' : 'DISABLE');
  await client.query(`ALTER TABLE events ${on(variant !== 'none')} TRIGGER events_kpi_copy`);
  for (const [table, triggers] of Object.entries(SUMS_TRIGGERS))
    for (const trigger of triggers)
      await client.query(
        `ALTER TABLE ${table} ${on(variant !== 'none' && variant !== 'kpi_events')} TRIGGER ${trigger}`,
      );
  for (const [table, triggers] of Object.entries(KEPT_TRIGGERS))
    for (const trigger of triggers)
      await client.query(
        `ALTER TABLE ${table} ${on(['kept', 'milestones', 'reviews', 'spans'].includes(variant))} TRIGGER ${trigger}`,
      );
  for (const [table, triggers] of Object.entries(MILESTONE_TRIGGERS))
    for (const trigger of triggers)
      await client.query(
        `ALTER TABLE ${table} ${on(['milestones', 'reviews', 'spans'].includes(variant))} TRIGGER ${trigger}`,
      );
  for (const [table, triggers] of Object.entries(REVIEW_TRIGGERS))
    for (const trigger of triggers)
      await client.query(
        `ALTER TABLE ${table} ${on(variant === 'reviews' || variant === 'spans')} TRIGGER ${trigger}`,
      );
  for (const [table, triggers] of Object.entries(SPAN_TRIGGERS))
    for (const trigger of triggers)
      await client.query(`ALTER TABLE ${table} ${on(variant === 'spans')} TRIGGER ${trigger}`);
}

async function withClient<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The projection's upsert of a requirement's appointments, one outcome flipped, `times` times per requirement. */
async function projectionWrites(client: pg.Client, requirements: string[], times: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < times; i++)
    for (const id of requirements)
      await client.query(
        `INSERT INTO appointments (id, requirement_id, order_id, status, start_at, kind, enforceable, outcome, data)
         SELECT id, requirement_id, order_id, status, start_at, kind, enforceable,
           CASE WHEN n = 1 THEN CASE WHEN outcome = 'FAILED_TO_ATTEND' THEN 'ATTENDED_COMPLIED' ELSE 'FAILED_TO_ATTEND' END
             ELSE outcome END, data
         FROM (SELECT *, row_number() OVER (ORDER BY start_at) AS n FROM appointments WHERE requirement_id = $1) a
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, data = excluded.data,
           start_at = excluded.start_at, outcome = excluded.outcome`,
        [id],
      );
  return performance.now() - started;
}

async function main(): Promise<void> {
  const file = await designYearFile({ scale });
  const db = await startBenchDatabase('kpiwrite');
  const admin = db.server.url;
  const loads: Record<Variant, number[]> = {
    none: [],
    kpi_events: [],
    sums: [],
    kept: [],
    milestones: [],
    reviews: [],
    spans: [],
  };
  const last = VARIANTS[VARIANTS.length - 1]!;
  try {
    let keptLoaded = '';
    for (let round = 0; round < ROUNDS; round++)
      for (let v = 0; v < VARIANTS.length; v++) {
        const variant = VARIANTS[(v + round) % VARIANTS.length]!;
        const name = `kpiwrite_${round}_${variant}`;
        await withClient(admin, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE bench_kpiwrite`));
        const url = admin.replace(/\/postgres$/, `/${name}`);
        await withClient(url, (c) => setTriggers(c, variant));
        await withClient(admin, (c) => c.query(`ALTER DATABASE ${name} SET track_functions = 'pl'`));
        const loaded = await loadYear(url, file, { kind: 'orders' });
        loads[variant].push(loaded.seconds);
        console.error(
          `round ${round + 1}, ${variant}: ${loaded.events} events in ${loaded.seconds.toFixed(1)} s`,
        );
        if (variant !== last) await withClient(admin, (c) => c.query(`DROP DATABASE ${name}`));
        else {
          if (keptLoaded) await withClient(admin, (c) => c.query(`DROP DATABASE ${keptLoaded}`));
          keptLoaded = name;
        }
      }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    for (const variant of VARIANTS)
      console.log(
        `load, ${variant}: median ${median(loads[variant]).toFixed(1)} s (${loads[variant].map((s) => s.toFixed(1)).join(', ')})`,
      );
    console.log(
      `load ratio: ${VARIANTS.slice(1)
        .map((v, i) => `${v} / ${VARIANTS[i]} ${(median(loads[v]) / median(loads[VARIANTS[i]!])).toFixed(3)}`)
        .join(', ')}`,
    );

    const url = admin.replace(/\/postgres$/, `/${keptLoaded}`);
    await withClient(url, async (c) => {
      const { rows } = await c.query<{ funcname: string; calls: string; total: number; self: number }>(
        `SELECT funcname, calls, total_time AS total, self_time AS self FROM pg_stat_user_functions
         ORDER BY self_time DESC`,
      );
      console.log(
        `time in each trigger function during the last ${last} load (${median(loads[last]).toFixed(1)} s median load):`,
      );
      for (const r of rows)
        console.log(
          `  ${r.funcname}: ${r.calls} calls, ${(r.total / 1000).toFixed(1)} s in all, ${(r.self / 1000).toFixed(1)} s its own`,
        );

      const { rows: most } = await c.query<{ requirement_id: string; n: number }>(
        `SELECT requirement_id, count(*)::int AS n FROM appointments GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 50`,
      );
      const requirements = most.map((r) => r.requirement_id);
      const appointments = most.reduce((a, r) => a + r.n, 0);
      const times: Record<'on' | 'off', number[]> = { on: [], off: [] };
      await projectionWrites(c, requirements, 2);
      for (let round = 0; round < 6; round++) {
        const on = round % 2 === 0;
        await setTriggers(c, on ? 'spans' : 'sums');
        times[on ? 'on' : 'off'].push(await projectionWrites(c, requirements, 10));
      }
      const writes = requirements.length * 10;
      const per = (ms: number[]) => median(ms) / writes;
      console.log(
        `projection write (${requirements.length} requirements, ${appointments} appointments, ${writes} writes a round): kept group sums', milestones', reviews' sums' and spans' triggers on ${per(times.on).toFixed(2)} ms, off ${per(times.off).toFixed(2)} ms a write, ratio ${(median(times.on) / median(times.off)).toFixed(3)}`,
      );
    });
  } finally {
    await db.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
