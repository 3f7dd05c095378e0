import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../db/embedded';
import { migrateToLatest } from '../../db/migrate';
import { createDb } from '../../db/pool';
import { TEMPLATE_DATABASE, withAdminClient } from './postgres-admin';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the test cluster's `postgres` database. */
    postgresAdminUrl: string;
  }
}

/** One embedded Postgres for the whole run, with a migrated template that each test file copies. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'cstr-test-'));
  await chmod(root, 0o755); // as root, Postgres runs as the `postgres` user, which must reach its data directory
  const server = await startEmbeddedPostgres({
    dataDir: path.join(root, 'pg'),
    persistent: false,
    unsafeFast: true,
  });
  try {
    await withAdminClient(server.url, (c) => c.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`));
    const templateUrl = new URL(server.url);
    templateUrl.pathname = `/${TEMPLATE_DATABASE}`;
    const db = createDb({ url: templateUrl.toString(), role: null, statementTimeoutMs: 60_000 });
    try {
      await migrateToLatest(db);
    } finally {
      await db.destroy();
    }
  } catch (error) {
    await server.stop();
    throw error;
  }
  project.provide('postgresAdminUrl', server.url);
  return async () => {
    await server.stop();
    await rm(root, { recursive: true, force: true });
  };
}
