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
  stop(): Promise<void>;
}

/** Statements of a bulk load may run for a while on a busy machine. */
const BULK_STATEMENT_TIMEOUT_MS = 600_000;

/**
 * A throwaway embedded Postgres with fsync on (unsafeFast false, as in production), migrated to the latest
 * schema in a fresh database, deleted when stopped.
 */
export async function startBenchDatabase(name: string): Promise<BenchDatabase> {
  const dataDir = path.join(__dirname, '..', '..', '.data', `bench-${name}-${process.pid}`);
  const server = await startEmbeddedPostgres({ dataDir, persistent: false, unsafeFast: false });
  try {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE bench_${name}`);
    await admin.end();
    const url = server.url.replace(/\/postgres$/, `/bench_${name}`);
    const migrator = new Kysely({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }),
    });
    await migrateToLatest(migrator);
    await migrator.destroy();
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
      stop: async () => {
        await pool.end();
        await server.stop();
        await rm(`${dataDir}.password`, { force: true });
      },
    };
  } catch (error) {
    await server.stop();
    await rm(`${dataDir}.password`, { force: true });
    throw error;
  }
}
