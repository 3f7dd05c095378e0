import { Kysely, PostgresDialect } from 'kysely';
import { rebuildRequirement } from '../../activities/rebuild';
import { KEPT_SETS } from '../../db/projections/disclosures';
import { upsertRequirement } from '../../db/projections/requirement';
import { REQUIREMENT_COLUMNS, requirementRows } from '../../db/projections/rows';
import { createPool } from '../../db/pool';
import type { Database } from '../../db/schema';
import type { RequirementView } from '../../domain/requirement';
import { parseArgs } from '../support/args';
import { cpuMs, postgresCpu, postgresCpuBetween } from '../support/cpu';
import { startBenchDatabase } from '../support/postgres';
import { DESIGN_YEAR, ordersAt } from '../data/design';
import { generateOrderLife } from '../data/order-life';

// What the kept disclosed texts cost the requirement's upsert, by way of writing them: every sentenced view of
// the design year's first orders, each version in turn on one connection, written by ours (`upsertRequirement`,
// the requirement's statement alone) and by other ways of writing the same rows, in interleaved rounds, each
// round on emptied tables. Per statement: its time, the CPU of Postgres and of this process, and the kept table's size after.
//
//   npx tsx bench/write/kept-cost.ts --scale 0.0001          (the year's first orders at that scale: 3)
//   KEPT_COLUMN='STORAGE EXTERNAL' npx tsx bench/write/kept-cost.ts --scale 0.0001   (the text stored uncompressed)

const AT = '2026-12-07T10:00:00.000Z';
const SCOPE = { pdu: 'PDU-K', courtCode: 'C001' };

/** The requirement row as the twelfth session wrote it, `$1` the row as JSON with its view as JSON text in it. */
const written = (returning: string) => `WITH written AS (
INSERT INTO requirements AS r (${REQUIREMENT_COLUMNS.join(', ')})
SELECT ${REQUIREMENT_COLUMNS.map((c) => (c === 'view' ? `($1::jsonb->>'view')::jsonb` : `p.${c}`)).join(', ')}
FROM jsonb_populate_record(NULL::requirements, $1::jsonb) AS p
ON CONFLICT (id) DO UPDATE SET ${REQUIREMENT_COLUMNS.filter((c) => c !== 'id' && c !== 'provider_org_id')
  .map((c) => `${c} = excluded.${c}`)
  .join(', ')},
  provider_org_id = coalesce(excluded.provider_org_id, CASE WHEN NOT EXISTS (
    SELECT 1 FROM events WHERE events.requirement_id = excluded.id AND events.type = 'ReferredToProvider'
  ) THEN r.provider_org_id END)
WHERE r.stage = 'PRE_SENTENCE' OR r.version < excluded.version
RETURNING ${returning}
)`;

/** The twelfth session's: the texts as one JSON array of rows, `$2`, parsed as jsonb. */
const AS_JSON = `${written('id')}, kept AS (
INSERT INTO requirement_disclosures (requirement_id, order_id, shown, version, rules, text, deadlines_at)
SELECT k.requirement_id, k.order_id, k.shown, k.version, k.rules, k.text, k.deadlines_at
FROM written CROSS JOIN jsonb_populate_recordset(NULL::requirement_disclosures, $2::jsonb) AS k
ON CONFLICT (requirement_id, shown) DO UPDATE SET
  version = excluded.version, rules = excluded.rules, text = excluded.text, deadlines_at = excluded.deadlines_at
)
SELECT id FROM written`;

/** Each distinct text once (the sets that share one keep the first set's row only): what sharing would store. */
const DISTINCT = `${written('id, order_id, version')}, kept AS (
INSERT INTO requirement_disclosures (requirement_id, order_id, shown, version, rules, text, deadlines_at)
SELECT written.id, written.order_id, k.shown, written.version, $2, k.text, k.deadlines_at
FROM written CROSS JOIN unnest($3::text[], $4::text[], $5::integer[]) AS k(shown, text, deadlines_at)
ON CONFLICT (requirement_id, shown) DO UPDATE SET
  version = excluded.version, rules = excluded.rules, text = excluded.text, deadlines_at = excluded.deadlines_at
)
SELECT id FROM written`;

/** No kept texts at all. */
const NONE = `${written('id')} SELECT id FROM written`;

type Sentenced = Exclude<RequirementView, { status: 'NOT_IMPOSED' }>;
type Write = (
  pool: ReturnType<typeof createPool>,
  db: Kysely<Database>,
  view: Sentenced,
  version: number,
) => Promise<unknown>;

const WAYS: Record<string, Write> = {
  ours: (_, db, view, version) =>
    db.executeQuery(upsertRequirement(requirementRows(view, SCOPE, version, AT))),
  'as-json': (pool, _, view, version) => {
    const rows = requirementRows(view, SCOPE, version, AT);
    return pool.query({
      name: 'as-json',
      text: AS_JSON,
      values: [JSON.stringify(rows.requirement), JSON.stringify(rows.disclosures)],
    });
  },
  distinct: (pool, _, view, version) => {
    const rows = requirementRows(view, SCOPE, version, AT);
    const seen = new Set<string>();
    const kept = rows.disclosures.filter((k) => !seen.has(k.text) && seen.add(k.text));
    return pool.query({
      name: 'distinct',
      text: DISTINCT,
      values: [
        JSON.stringify(rows.requirement),
        rows.disclosures[0]?.rules,
        kept.map((k) => k.shown),
        kept.map((k) => k.text),
        kept.map((k) => k.deadlines_at),
      ],
    });
  },
  none: (pool, _, view, version) => {
    const rows = requirementRows(view, SCOPE, version, AT);
    return pool.query({ name: 'none', text: NONE, values: [JSON.stringify(rows.requirement)] });
  },
};

/** Every sentenced requirement view of the year's first orders, after each of its events (as JSON gives it). */
function views(orders: number): { view: Sentenced; version: number }[] {
  const out: { view: Sentenced; version: number }[] = [];
  for (let index = 0; index < orders; index++) {
    const life = generateOrderLife(DESIGN_YEAR.seed, index, DESIGN_YEAR.orders);
    const events = new Map<string, unknown[]>();
    for (const e of life.events) {
      if (!e.requirementId) continue;
      const stored = [...(events.get(e.requirementId) ?? []), e.record.event];
      events.set(e.requirementId, stored);
      const { view } = rebuildRequirement(stored, undefined);
      if (view.status !== 'NOT_IMPOSED')
        out.push({ view: JSON.parse(JSON.stringify(view)) as Sentenced, version: stored.length });
    }
  }
  return out;
}

async function main() {
  const { scale } = parseArgs(process.argv.slice(2));
  const all = views(ordersAt(scale));
  const database = await startBenchDatabase('kept_cost');
  const pool = createPool({ url: database.url, maxConnections: 1 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    const column = process.env.KEPT_COLUMN;
    if (column)
      await database.pool.query(`ALTER TABLE requirement_disclosures ALTER COLUMN text SET ${column}`);
    process.stdout.write(
      `${all.length} statements a way (${KEPT_SETS} sets), ${column ?? 'the column as migrated'}\n`,
    );
    for (let round = 1; round <= 3; round++) {
      for (const [name, write] of Object.entries(WAYS)) {
        await database.pool.query('TRUNCATE requirements, requirement_disclosures');
        await database.pool.query('CHECKPOINT');
        const times: number[] = [];
        const pgBefore = postgresCpu(database.dataDir);
        const cpuBefore = cpuMs();
        for (const { view, version } of all) {
          const t = performance.now();
          await write(pool, db, view, version);
          times.push(performance.now() - t);
        }
        const pg = postgresCpuBetween(pgBefore, postgresCpu(database.dataDir)) / all.length;
        const cpu = (cpuMs() - cpuBefore) / all.length;
        times.sort((a, b) => a - b);
        const { rows } = await database.pool.query<{ bytes: string }>(
          `SELECT pg_total_relation_size('requirement_disclosures') AS bytes`,
        );
        const mean = times.reduce((s, x) => s + x, 0) / times.length;
        const f = (n: number) => n.toFixed(2);
        process.stdout.write(
          `round ${round} ${name.padEnd(8)} ms a statement: p50 ${f(times[times.length >> 1]!)}, mean ${f(mean)}; ` +
            `CPU: Postgres ${f(pg)}, this process ${f(cpu)} ms; kept table ${(Number(rows[0]!.bytes) / 2 ** 20).toFixed(1)} MiB\n`,
        );
      }
    }
  } finally {
    await db.destroy();
    await database.stop();
  }
}

void main();
