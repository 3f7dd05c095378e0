import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { designYearFile } from '../data/year-file';
import { type BenchDatabase, settleAfterLoad, startBenchDatabase } from '../support/postgres';
import { loadOpenYear } from './data';

const ROOT = path.join(__dirname, '..', '..');
const DATA = path.join(ROOT, '.data');

/** What the kept data depends on beyond the year file: the schema and projections, the domain, the loader. */
async function codeHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const dir of ['db/migrations', 'db/projections', 'domain', 'bench/ingest']) {
    const files = (await readdir(path.join(ROOT, dir), { recursive: true })).filter((f) => f.endsWith('.ts'));
    for (const file of files.sort()) hash.update(file).update(await readFile(path.join(ROOT, dir, file)));
  }
  hash.update(await readFile(path.join(__dirname, 'data.ts')));
  return hash.digest('hex').slice(0, 12);
}

/**
 * The design year at `scale` as it stood at SNAPSHOT_AT (the read and pages benchmarks' data) in a Postgres
 * data directory kept under `.data/<name>-year-<year>-<code>` for one user (`name`: what runs on it leaves
 * its rows and settings there): loaded and settled the first time (minutes at scale 1), then started as it was
 * left. A change to the year, the schema, the domain or the loader makes a new one and deletes the stale ones.
 */
export async function keptOpenYear(
  name: 'read' | 'pages' | 'statements',
  scale: number,
  log: (m: string) => void,
): Promise<BenchDatabase> {
  const year = await designYearFile({ scale });
  const prefix = `${name}-year-`;
  const key = `${prefix}${path.basename(path.dirname(year.parts[0]!))}-${await codeHash()}`;
  const loaded = path.join(DATA, `${key}.loaded`);
  if (existsSync(loaded)) return startBenchDatabase(name, key);
  for (const stale of (await readdir(DATA)).filter((f) => f.startsWith(prefix)))
    await rm(path.join(DATA, stale), { recursive: true, force: true });
  const db = await startBenchDatabase(name, key);
  try {
    const load = await loadOpenYear(db.url, year, log);
    await settleAfterLoad(db.pool);
    log(
      `${year.orders} orders (${load.events} events) loaded in ${load.seconds.toFixed(0)} s, kept as ${key}`,
    );
    await writeFile(loaded, '');
    return db;
  } catch (error) {
    await db.stop();
    throw error;
  }
}
