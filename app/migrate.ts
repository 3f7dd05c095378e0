import path from 'node:path';
import { createDb } from '../db/pool';
import { migrateToLatest } from '../db/migrate';
import { locateDatabase } from './database';

/** `npm run db:migrate`: applies every pending migration to DATABASE_URL (or the embedded Postgres). */
async function main(): Promise<void> {
  const location = await locateDatabase(process.env, path.resolve(process.env.CSTR_DATA_DIR ?? '.data'));
  const db = createDb({ url: location.url, role: null, statementTimeoutMs: 600_000 });
  try {
    const { applied } = await migrateToLatest(db);
    console.log(
      applied.length
        ? `Applied ${applied.length} migration(s) to ${location.description}: ${applied.join(', ')}`
        : `Nothing to apply: ${location.description} is up to date.`,
    );
  } finally {
    await db.destroy();
    await location.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
