import { chmod, mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(__dirname, '..');
const sourceDir = path.join(root, 'local-temporal');
export const executablePath = path.join(root, 'dist', 'local-temporal', 'main.js');

async function newestSource(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, await newestSource(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, (await stat(full)).mtimeMs);
  }
  return newest;
}

async function isFresh(): Promise<boolean> {
  try {
    return (await stat(executablePath)).mtimeMs >= (await newestSource(sourceDir));
  } catch {
    return false;
  }
}

/** Compiles local-temporal/main.ts to an executable JavaScript file, unless it is already up to date. */
export async function ensureLocalTemporalBuilt(): Promise<string> {
  if (await isFresh()) return executablePath;
  await mkdir(path.dirname(executablePath), { recursive: true });
  await build({
    entryPoints: [path.join(sourceDir, 'main.ts')],
    outfile: executablePath,
    bundle: true,
    packages: 'external',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  await chmod(executablePath, 0o755);
  return executablePath;
}

if (require.main === module) {
  ensureLocalTemporalBuilt().then(
    (file) => process.stdout.write(`${file}\n`),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    },
  );
}
