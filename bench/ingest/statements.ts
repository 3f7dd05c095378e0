import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../db/embedded';
import { migrateToLatest } from '../../db/migrate';
import { DESIGN_YEAR } from '../data/design';
import { designYear } from '../data/design-year';
import { designYearFile } from '../data/year-file';
import { parseArgs } from '../support/args';
import { postgresCpu } from '../support/cpu';
import { loadYear } from './load-year';

/**
 * Where the ingest's Postgres time goes: ours' load (as the ingest benchmark runs it) into a throwaway cluster
 * with pg_stat_statements tracking nested statements (the triggers' own) and track_functions timing each
 * trigger function. Prints the load's seconds, each trigger function's total and self time, and the statements
 * by total execution time (a top-level INSERT's time includes the triggers it fires).
 *
 *   npx tsx bench/ingest/statements.ts --scale 0.1
 */
const SETTINGS = {
  shared_preload_libraries: 'pg_stat_statements',
  'pg_stat_statements.track': 'all',
  track_functions: 'all',
};

/**
 * The CPU (ms) a server's processes have used: those running now, and those that have ended (the load threads'
 * backends), which the postmaster has waited for (its children's utime and stime, /proc fields 16 and 17).
 */
function postgresCpuMs(dataDir: string, postmaster: number): number {
  const fields = readFileSync(`/proc/${postmaster}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ended = ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
  return ended + [...postgresCpu(dataDir).values()].reduce((a, b) => a + b, 0);
}

async function main(): Promise<void> {
  const { scale } = parseArgs(process.argv.slice(2));
  const file = await designYearFile({ scale });
  const warmUp = [...designYear({ scale: 50 / DESIGN_YEAR.orders, seed: 1 })].map((l) => JSON.stringify(l));
  const dataDir = path.join(__dirname, '..', '..', '.data', `ingest-statements-${process.pid}`);
  let server = await startEmbeddedPostgres({ dataDir, persistent: true, unsafeFast: false });
  try {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    for (const [name, value] of Object.entries(SETTINGS))
      await admin.query(`ALTER SYSTEM SET ${name} = '${value}'`);
    await admin.query('CREATE DATABASE bench_statements');
    await admin.end();
    await server.stop();
    server = await startEmbeddedPostgres({ dataDir, port: server.port, persistent: false });
    const url = server.url.replace(/\/postgres$/, '/bench_statements');
    const db = new Kysely({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }),
    });
    await migrateToLatest(db);
    await db.destroy();
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    await pool.query('CREATE EXTENSION pg_stat_statements');
    const cpuBefore = postgresCpuMs(dataDir, server.pid);
    const year = await loadYear(url, file, { kind: 'orders', warmUp });
    await new Promise((r) => setTimeout(r, 500)); // the threads' backends reaped
    const cpu = (postgresCpuMs(dataDir, server.pid) - cpuBefore) / 1000;
    // The warm-up's rolled-back work counts too: it is 100 orders beside the year's thousands.
    console.log(
      `ours loaded ${year.events} events in ${year.seconds.toFixed(1)} s (${year.buildSeconds.toFixed(1)} s building rows), Postgres CPU ${cpu.toFixed(1)} s`,
    );
    const functions = await pool.query<{ funcname: string; calls: string; total: number; self: number }>(
      `SELECT funcname, calls, total_time AS total, self_time AS self FROM pg_stat_user_functions ORDER BY self_time DESC`,
    );
    console.log('\nfunction: calls, total s, self s');
    for (const f of functions.rows)
      console.log(`${f.funcname}: ${f.calls}, ${(f.total / 1000).toFixed(2)}, ${(f.self / 1000).toFixed(2)}`);
    const statements = await pool.query<{
      toplevel: boolean;
      query: string;
      calls: string;
      total: number;
      rows: string;
    }>(
      `SELECT toplevel, query, calls, total_exec_time AS total, rows FROM pg_stat_statements
       WHERE query NOT LIKE '%pg_stat%' ORDER BY total_exec_time DESC LIMIT 40`,
    );
    console.log('\nstatement: top level, calls, total s, rows');
    for (const s of statements.rows)
      console.log(
        `${s.toplevel ? 'top' : 'nested'} ${s.calls} ${(s.total / 1000).toFixed(2)} s ${s.rows} rows: ${s.query.replace(/\s+/g, ' ').slice(0, 300)}`,
      );
    await pool.end();
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
    await rm(`${dataDir}.password`, { force: true });
  }
}

void main();
