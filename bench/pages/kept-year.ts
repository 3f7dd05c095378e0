import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { designYearFile } from '../data/year-file';
import { loadOpenYear } from '../read/data';
import { type BenchDatabase, startBenchDatabase } from '../support/postgres';

const ROOT = path.join(__dirname, '..', '..');

/** What the kept data depends on beyond the year file: the schema, the loader and what it loads. */
async function schemaHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const dir of ['db', 'bench/ingest', 'bench/read']) {
    const files = (await readdir(path.join(ROOT, dir), { recursive: true })).filter((f) => f.endsWith('.ts'));
    for (const file of files.sort()) hash.update(file).update(await readFile(path.join(ROOT, dir, file)));
  }
  return hash.digest('hex').slice(0, 12);
}

/**
 * The pages benchmark's data (the design year at `scale` as it stood at SNAPSHOT_AT) in a Postgres data
 * directory kept under `.data/pages-<year>-<schema>`: loaded and analysed the first time (about 5 minutes at
 * scale 1), then started as it was left. A change to the year, the schema or the loader makes a new one.
 */
export async function keptYear(scale: number, log: (m: string) => void): Promise<BenchDatabase> {
  const year = await designYearFile({ scale });
  const key = `pages-${path.basename(path.dirname(year.parts[0]!))}-${await schemaHash()}`;
  const loaded = path.join(ROOT, '.data', `${key}.loaded`);
  if (existsSync(loaded)) return startBenchDatabase('pages', key);
  await rm(path.join(ROOT, '.data', key), { recursive: true, force: true });
  const db = await startBenchDatabase('pages', key);
  try {
    const load = await loadOpenYear(db.url, year, log);
    await db.pool.query('ANALYZE');
    log(
      `pages: ${year.orders} orders (${load.events} events) loaded in ${load.seconds.toFixed(0)} s, kept as ${key}`,
    );
    await writeFile(loaded, '');
    return db;
  } catch (error) {
    await db.stop();
    throw error;
  }
}
