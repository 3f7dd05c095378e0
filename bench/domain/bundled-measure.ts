import { mkdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';
import type * as Measure from './measure';

const ENTRY = path.join(__dirname, 'measure.ts');
const THIS_TREE = path.join(__dirname, '..', '..');
let bundles = 0;

/**
 * `measure.ts` and the domain it runs bundled by esbuild into one scope and loaded once, the way the workflow
 * bundle concatenates our modules: under tsx each module is CommonJS of its own, and every call into another
 * module goes through an export getter, which no workflow pays. Ours and the baselines are loaded the same
 * way, so the ratio compares like with like. `tree` is the checkout whose domain and bench modules it
 * imports (another worktree, to compare two trees in one process); this one by default.
 */
export async function bundledMeasure(tree = THIS_TREE): Promise<typeof Measure> {
  // A file of its own for each bundle: require keeps a module by its file name, so a second tree's bundle
  // written to the first's name would load as the first.
  const outfile = path.join(THIS_TREE, 'dist', 'bench', `domain-measure-${process.pid}-${++bundles}.cjs`);
  await mkdir(path.dirname(outfile), { recursive: true });
  await build({
    stdin: {
      contents: await readFile(ENTRY, 'utf8'),
      resolveDir: path.join(tree, 'bench', 'domain'),
      sourcefile: path.join(tree, 'bench', 'domain', 'measure.ts'),
      loader: 'ts',
    },
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    target: 'es2022',
    format: 'cjs',
    logLevel: 'warning',
  });
  const measure = createRequire(__filename)(outfile) as typeof Measure;
  await rm(outfile);
  return measure;
}
