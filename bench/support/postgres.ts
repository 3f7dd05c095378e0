import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../../db/embedded';
import { migrateToLatest } from '../../db/migrate';
import { createPool } from '../../db/pool';

export interface BenchDatabase {
  server: EmbeddedPostgres;
  /** Connected as the owner, with statement timeouts long enough for bulk statements. */
  pool: pg.Pool;
  url: string;
  /** Whether the database was created (and migrated) by this start; false when a kept one was found. */
  created: boolean;
  /** Its data directory (`postmaster.pid` names its server process). */
  dataDir: string;
  stop(): Promise<void>;
}

/** Statements of a bulk load may run for a while on a busy machine. */
const BULK_STATEMENT_TIMEOUT_MS = 600_000;

/**
 * A throwaway embedded Postgres with fsync on (unsafeFast false, as in production), migrated to the latest
 * schema in a fresh database, deleted when stopped; or, given `keptAs`, one kept in `.data/<keptAs>` across
 * runs, its database created and migrated only the first time.
 */
export async function startBenchDatabase(name: string, keptAs?: string): Promise<BenchDatabase> {
  const dataDir = path.join(__dirname, '..', '..', '.data', keptAs ?? `bench-${name}-${process.pid}`);
  const server = await startEmbeddedPostgres({
    dataDir,
    persistent: keptAs !== undefined,
    unsafeFast: false,
  });
  try {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [`bench_${name}`]);
    const created = exists.rowCount === 0;
    if (created) await admin.query(`CREATE DATABASE bench_${name}`);
    await admin.end();
    const url = server.url.replace(/\/postgres$/, `/bench_${name}`);
    if (created) {
      const migrator = new Kysely({
        dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }),
      });
      await migrateToLatest(migrator);
      await migrator.destroy();
    }
    const pool = createPool({
      url,
      role: null,
      maxConnections: 4,
      statementTimeoutMs: BULK_STATEMENT_TIMEOUT_MS,
    });
    return {
      server,
      pool,
      url,
      created,
      dataDir,
      stop: async () => {
        await pool.end();
        await server.stop();
        if (!keptAs) await rm(`${dataDir}.password`, { force: true });
      },
    };
  } catch (error) {
    await server.stop();
    if (!keptAs) await rm(`${dataDir}.password`, { force: true });
    throw error;
  }
}

/**
 * After a bulk load, before anything is timed: the tables vacuumed and analysed (or autovacuum would work
 * through the load on the same two cores while the phases run), then a checkpoint, which writes the load's
 * dirty pages and syncs them. Otherwise the kernel writes them back in the first minute of the phases, and
 * every commit's WAL flush waits behind that writeback (ext4 orders data before its journal commits): a
 * read that logs its access (and so commits) would be measured against the load's disk traffic.
 */
export async function settleAfterLoad(pool: pg.Pool): Promise<void> {
  await pool.query('VACUUM ANALYZE');
  await pool.query('CHECKPOINT');
}
