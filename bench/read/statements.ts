import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Principal } from '../../api/env';
import { readOrder } from '../../api/reads/queries/orders';
import { createPool } from '../../db/pool';
import type { Database } from '../../db/schema';
import { localIssuer } from '../../api/auth/local-issuer';
import { SNAPSHOT_AT } from '../data/snapshot';
import { keptOpenYear } from './kept-year';
import { BASELINE_DEADLINES, BASELINE_ORDER, BASELINE_REQUIREMENTS } from './baseline';
import { parseArgs } from '../support/args';
import { cpuMs, postgresCpu, postgresCpuBetween } from '../support/cpu';
import { readTargets } from './data';
import { readApi } from './stack';

/**
 * What each of the read benchmark's reads costs Postgres, and what its access-log INSERT costs. No HTTP: the API
 * called in this process with 16 requests in flight over the design year kept as `keptOpenYear` keeps it (its own copy)
 * (pg_stat_statements loaded into it the first time); per read, Postgres's own CPU (all its processes), this
 * process's, the access-log rows and each statement run (calls, execution time, rows, buffers); the same for
 * the baseline's statements; the order read's plan beside the baseline's (EXPLAIN (ANALYZE, BUFFERS)). Then
 * the INSERT alone, batches of the rows those reads logged on one connection, its backend's CPU and WAL per
 * row, into copies of accesses (holding the logged rows) with and without each index.
 *
 *   npx tsx bench/read/statements.ts --scale 0.01     # READS=3000 per read by default
 */
const READS = Number(process.env.READS ?? 3_000);
const IN_FLIGHT = 16;

/** One process's CPU time so far (user + system, ms), from /proc. */
function procMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}

interface Statement {
  query: string;
  calls: string;
  mean_exec_time: number;
  rows: string;
  shared_blks_hit: string;
}

async function main(): Promise<void> {
  const { scale } = parseArgs(process.argv.slice(2));
  let db = await keptOpenYear('statements', scale, (m) => console.error(m));
  const preload = await db.pool.query<{ l: string }>(
    "SELECT current_setting('shared_preload_libraries') AS l",
  );
  if (!preload.rows[0]!.l.includes('pg_stat_statements')) {
    await db.pool.query("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
    await db.stop();
    db = await keptOpenYear('statements', scale, (m) => console.error(m));
  }
  await db.pool.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cstr-read-statements-'));
  try {
    const targets = await readTargets(db.pool);
    const issuer = await localIssuer(dir);
    const { api, db: apiDb } = await readApi(db.url, dir, SNAPSHOT_AT);
    const token = await issuer.mint({ role: 'probation', org: targets.pdu, sub: 'probation-officer-1' });
    const headers = { Authorization: `Bearer ${token}` };
    const reads: Record<string, (k: number) => Promise<void>> = {};
    const get = async (url: string) => {
      const res = await api.fetch(new Request(`http://x${url}`, { headers }));
      if (res.status !== 200) throw new Error(`${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    };
    const order = (k: number) => targets.orderIds[k % targets.orderIds.length]!;
    reads.order = (k) => get(`/v1/orders/${order(k)}`);
    reads.requirements = () => get(`/v1/requirements?status=${encodeURIComponent(targets.status)}`);
    reads.deadlines = () => get('/v1/deadlines');
    const bare = {
      ORDER: BASELINE_ORDER,
      REQUIREMENTS: BASELINE_REQUIREMENTS,
      DEADLINES: BASELINE_DEADLINES,
    };
    reads['baseline order'] = async (k) => void (await db.pool.query(bare.ORDER, [order(k)]));
    reads['baseline requirements'] = async () =>
      void (await db.pool.query(bare.REQUIREMENTS, [targets.pdu, targets.status]));
    reads['baseline deadlines'] = async () => void (await db.pool.query(bare.DEADLINES, [targets.pdu]));
    const run = async (read: (k: number) => Promise<void>, n: number) => {
      let next = 0;
      const worker = async () => {
        while (next < n) await read(next++);
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    };
    const logged = async () => {
      const { rows } = await db.pool.query<{ n: string; entries: string }>(
        'SELECT count(*) AS n, coalesce(sum(cardinality(resource_ids)), 0) AS entries FROM accesses',
      );
      return { rows: Number(rows[0]!.n), entries: Number(rows[0]!.entries) };
    };
    console.log(
      `scale ${scale}: ${targets.orderIds.length} orders of ${targets.pdu}; ${READS} reads each, ${IN_FLIGHT} in flight`,
    );
    const statements: string[] = [];
    console.log(
      '| read | Postgres CPU a read | this process CPU a read | access-log rows a read | things named a read |',
    );
    console.log('| --- | ---: | ---: | ---: | ---: |');
    for (const [name, read] of Object.entries(reads)) {
      await run(read, 300);
      await db.pool.query('SELECT pg_stat_statements_reset()');
      const loggedBefore = await logged();
      const pgBefore = postgresCpu(db.dataDir);
      const ownBefore = cpuMs();
      await run(read, READS);
      const own = (cpuMs() - ownBefore) / READS;
      const pgMs = postgresCpuBetween(pgBefore, postgresCpu(db.dataDir)) / READS;
      const loggedAfter = await logged();
      const [rows, entries] = [
        (loggedAfter.rows - loggedBefore.rows) / READS,
        (loggedAfter.entries - loggedBefore.entries) / READS,
      ];
      console.log(
        `| ${name} | ${pgMs.toFixed(3)} ms | ${own.toFixed(3)} ms | ${rows.toFixed(1)} | ${entries.toFixed(1)} |`,
      );
      const top = await db.pool.query<Statement>(
        `SELECT query, calls, mean_exec_time, rows, shared_blks_hit FROM pg_stat_statements
         WHERE query NOT LIKE '%pg_stat_statements%' AND query NOT LIKE 'SELECT count(*) AS n, coalesce%'
         ORDER BY total_exec_time DESC LIMIT 6`,
      );
      for (const s of top.rows)
        statements.push(
          `${name}: ${(Number(s.calls) / READS).toFixed(2)} a read, ${(s.mean_exec_time * 1000).toFixed(0)} µs executing, ${(Number(s.rows) / Number(s.calls)).toFixed(1)} rows, ${(Number(s.shared_blks_hit) / Number(s.calls)).toFixed(0)} buffers: ${s.query.replace(/\s+/g, ' ').slice(0, 400)}`,
        );
    }
    console.log(`\n${statements.join('\n')}`);
    // The order read's plan as the API runs it (its SQL and parameters as Kysely sends them), beside the baseline's.
    const sent: { sql: string; parameters: readonly unknown[] }[] = [];
    const spy = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: createPool({ url: db.url }) }),
      log: (e) =>
        void (e.level === 'query' && sent.push({ sql: e.query.sql, parameters: e.query.parameters })),
    });
    const p: Principal = { role: 'probation', org: targets.pdu, sub: 'probation-officer-1', clientId: 'x' };
    await readOrder(spy, p, order(0), new Date(SNAPSHOT_AT));
    await spy.destroy();
    for (const [name, text, parameters] of [
      ['ours', sent[0]!.sql, sent[0]!.parameters],
      ['baseline', bare.ORDER, [order(0)]],
    ] as const) {
      const plan = await db.pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, [
        ...parameters,
      ]);
      console.log(`\n${name} order read:\n${text}\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
    }
    await apiDb.destroy();

    // The INSERT alone: the logged rows replayed in batches as the group commit makes them.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    const sample = (
      await client.query<{ rows: unknown }>(
        `SELECT json_agg(a) AS rows FROM (SELECT actor_sub, actor_role, actor_org, action, resource_type,
           resource_ids, order_ids, purpose, request_id, status FROM accesses ORDER BY id DESC LIMIT 400) a`,
      )
    ).rows[0]!.rows as unknown[];
    const variants: Record<string, string[]> = {
      'as now (pkey, GIN order_ids, actor_sub+at)': [],
      'GIN without fastupdate': ['ALTER INDEX bench_log_orders SET (fastupdate = off)'],
      'without GIN order_ids': ['DROP INDEX bench_log_orders'],
      'without actor_sub+at': ['DROP INDEX bench_log_actor'],
      'pkey only': ['DROP INDEX bench_log_actor', 'DROP INDEX bench_log_orders'],
    };
    const COLUMNS =
      'actor_sub, actor_role, actor_org, action, resource_type, resource_ids, order_ids, purpose, request_id, status';
    console.log('\n| accesses variant | rows a batch | backend CPU a batch | a row | WAL bytes a row |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    for (const batchRows of [1, 5, 20]) {
      for (const [name, ddl] of Object.entries(variants)) {
        await client.query('DROP TABLE IF EXISTS bench_log');
        await client.query(`CREATE TABLE bench_log (LIKE accesses INCLUDING ALL)`);
        // LIKE … INCLUDING ALL names indexes after the new table; rename them to the names dropped above.
        const indexes = await client.query<{ indexname: string; indexdef: string }>(
          "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'bench_log'",
        );
        for (const i of indexes.rows) {
          const to = i.indexdef.includes('(actor_sub')
            ? 'bench_log_actor'
            : i.indexdef.includes('gin')
              ? 'bench_log_orders'
              : 'bench_log_pkey';
          if (i.indexname !== to) await client.query(`ALTER INDEX ${i.indexname} RENAME TO ${to}`);
        }
        for (const statement of ddl) await client.query(statement);
        // Existing rows, as a log a year old has them: the indexes are not empty.
        await client.query(`INSERT INTO bench_log (${COLUMNS}) SELECT ${COLUMNS} FROM accesses`);
        const batch = JSON.stringify(Array.from({ length: batchRows }, (_, i) => sample[i % sample.length]));
        const insert = `INSERT INTO bench_log (${COLUMNS}) SELECT ${COLUMNS} FROM json_populate_recordset(NULL::bench_log, $1)`;
        const times = batchRows === 1 ? 2_000 : batchRows === 5 ? 500 : 200;
        for (let i = 0; i < 50; i++) await client.query(insert, [batch]);
        const lsn = async () =>
          (await client.query<{ l: string }>('SELECT pg_current_wal_lsn() AS l')).rows[0]!.l;
        const lsnBefore = await lsn();
        const before = procMs(pid);
        for (let i = 0; i < times; i++) await client.query(insert, [batch]);
        const ms = (procMs(pid) - before) / times;
        const wal = Number(
          (
            await client.query<{ b: string }>('SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1) AS b', [
              lsnBefore,
            ])
          ).rows[0]!.b,
        );
        console.log(
          `| ${name} | ${batchRows} | ${ms.toFixed(3)} ms | ${((ms / batchRows) * 1000).toFixed(1)} µs | ${(wal / times / batchRows).toFixed(0)} |`,
        );
      }
    }
    await client.end();
  } finally {
    await rm(dir, { recursive: true, force: true });
    await db.pool.query('DROP TABLE IF EXISTS bench_log');
    await db.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
