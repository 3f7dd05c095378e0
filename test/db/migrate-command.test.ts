import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { migrations } from '../../db/migrations';
import { databaseUrl, withAdminClient } from '../support/postgres-admin';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');

async function migrate(url: string): Promise<string> {
  const { stdout } = await run('npm', ['run', '--silent', 'db:migrate'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url },
  });
  return stdout;
}

describe('npm run db:migrate', () => {
  it('applies every migration once to DATABASE_URL, and a second run is a no-op', async () => {
    const adminUrl = inject('postgresAdminUrl');
    const name = `migrate_${randomUUID().replaceAll('-', '')}`;
    await withAdminClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
    const url = databaseUrl(adminUrl, name);

    const names = Object.keys(migrations);
    expect(names.slice(0, 4)).toEqual([
      '2026_11_23_0001_foundation',
      '2026_11_24_0002_projections',
      '2026_11_24_0003_subscribers',
      '2026_11_25_0004_security_log',
    ]);
    expect(await migrate(url)).toContain(
      `Applied ${names.length} migration(s) to Postgres at DATABASE_URL: ${names.join(', ')}`,
    );
    expect(await migrate(url)).toMatch(/Nothing to apply/);

    const tables = await withAdminClient(url, async (c) => {
      const { rows } = await c.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
      );
      const migrations = await c.query('SELECT name FROM kysely_migration');
      return { names: rows.map((r) => r.table_name), migrations: migrations.rowCount };
    });
    expect(tables.names).toEqual(
      expect.arrayContaining([
        'access_log',
        'accesses',
        'deadlines',
        'events',
        'idempotency_keys',
        'notifications',
        'orders',
        'requirements',
        'security_log',
      ]),
    );
    expect(tables.migrations).toBe(names.length);
  });
});
