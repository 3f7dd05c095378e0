import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

type Measure = typeof import('./measure');

const ENTRY = path.join(__dirname, 'measure.ts');

/**
 * `measure.ts` and the domain it runs bundled by esbuild into one scope and loaded once from `dist/bench/`, the
 * way the workflow bundle concatenates our modules: under tsx each module is CommonJS of its own, and every
 * call into another module goes through an export getter, which no workflow pays. Ours and the baselines
 * are loaded the same way, so the ratio compares like with like.
 */
export async function bundledMeasure(): Promise<Measure> {
  const outfile = path.join(__dirname, '..', '..', 'dist', 'bench', `domain-measure-${process.pid}.cjs`);
  await mkdir(path.dirname(outfile), { recursive: true });
  await build({
    entryPoints: [ENTRY],
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    target: 'es2022',
    format: 'cjs',
    logLevel: 'warning',
  });
  const measure = require(outfile) as Measure;
  await rm(outfile);
  return measure;
}
