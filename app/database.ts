import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../db/embedded';

export interface DatabaseLocation {
  url: string;
  /** What the URL points at, for the start banner (never the password). */
  description: string;
  stop(): Promise<void>;
}

const EMBEDDED_DATABASE = 'cstr';

/** `DATABASE_URL` when set; otherwise the embedded Postgres kept in `<dataDir>/postgres` between runs. */
export async function locateDatabase(env: { DATABASE_URL?: string | undefined }, dataDir: string) {
  if (env.DATABASE_URL) {
    return { url: env.DATABASE_URL, description: 'Postgres at DATABASE_URL', stop: async () => {} };
  }
  const server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres') });
  await createDatabaseIfMissing(server.url, EMBEDDED_DATABASE);
  const url = new URL(server.url);
  url.pathname = `/${EMBEDDED_DATABASE}`;
  return {
    url: url.toString(),
    description: `embedded Postgres in ${server.dataDir} on port ${server.port}`,
    stop: () => server.stop(),
  } satisfies DatabaseLocation;
}

async function createDatabaseIfMissing(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}
