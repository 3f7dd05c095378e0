import { randomUUID } from 'node:crypto';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorkflows } from '../../app/workflow-bundle';

const root = path.resolve(__dirname, '../..');
const workflows = path.join(root, 'workflows');

/**
 * The top-level bindings of our workflow modules that hold state, each shared by every workflow the worker
 * runs (the module is preloaded): caches of pure functions, and a marker set and cleared within one synchronous
 * fold. Nothing a workflow decides may depend on another's.
 */
const SHARED_STATE = [
  'domain/calendar.ts: byYear',
  'domain/calendar.ts: dateOf',
  'domain/calendar.ts: startOfLondonDay',
  'domain/calendar.ts: summerTime',
  'domain/requirement/evolve/items.ts: madeByFold',
];
const written: string[] = [];

afterEach(async () => {
  await Promise.all(written.splice(0).map((f) => rm(f, { force: true })));
});

describe('workflow bundle', () => {
  let code: string;
  beforeAll(async () => {
    code = await bundleWorkflows();
  });

  it('bundles the workflows as the worker does', () => {
    expect(code).toContain('orderWorkflow');
    expect(code).toContain('requirementWorkflow');
  });

  it('leaves zod and the command and event schemas out of the workflow bundle', () => {
    // A module of its own, or one concatenated into another (`;// ./domain/core.ts`).
    const modules = [...code.matchAll(/^\/\*{3}\/ "([^"]+)"$|^;\/\/ (\S+)$/gm)].map(
      ([, own, inner]) => own ?? inner,
    );
    expect(modules).toContain('./domain/order/decide.ts');
    expect(modules.filter((name) => name?.includes('/node_modules/zod/'))).toEqual([]);
    expect(modules.filter((name) => /\/(commands|events)\.ts$/.test(name ?? ''))).toEqual([]);
  });

  it('compiles our modules for ES2022 into one scope: no helpers, exports objects or getters in each', () => {
    const withoutSourceMaps = code.replace(/^\/\/# sourceMappingURL=.*$/gm, '');
    expect(withoutSourceMaps).not.toMatch(
      /function _(object_spread|define_property|object_without_properties)/,
    );
    // Modules webpack kept as functions of their own; the SDK's and other packages' are CommonJS and stay so.
    // The payload converter is loaded by the SDK apart from our module, and stays apart.
    const ownModules = [...code.matchAll(/^\/\*{3}\/ "(\.\/[^"]+)"$/gm)]
      .map(([, name]) => name!)
      .filter((name) => !name.includes('/node_modules/'));
    expect(ownModules.sort()).toEqual(['./workflows/index.ts', './workflows/payload-converter.ts']);
  });

  it('evaluates our module once per worker, shared by its workflows, whose top level holds no workflow’s state', async () => {
    expect(code).toMatch(
      /function preloadModules\(\) \{\s*__webpack_require__\([^)]*"\.\/workflows\/index\.ts"\)/,
    );
    const ours = [
      ...code.matchAll(
        /^\/\*{3}\/ "\.\/((?:domain|workflows)\/[^"]+)"$|^;\/\/ \.\/((?:domain|workflows)\/\S+)$/gm,
      ),
    ].map(([, own, inner]) => (own ?? inner)!);
    expect(ours).toContain('domain/calendar.ts');
    const stateful = await Promise.all(
      ours.map(async (file) => {
        const source = await readFile(path.join(root, file), 'utf8');
        const bindings = source.matchAll(
          /^(?:export )?(?:(?:let|var) (\w+)|const (\w+)(?::[^=]+)? = (?:new (?:Map|WeakMap|WeakSet)\b|memo\())/gm,
        );
        return [...bindings].map(([, mutable, cache]) => `${file}: ${mutable ?? cache}`);
      }),
    );
    expect(stateful.flat().sort()).toEqual(SHARED_STATE);
  });

  it('starts children by their workflow type, not by a function, whose name the one scope may change', async () => {
    const files = (await readdir(workflows)).filter((f) => f.endsWith('.ts'));
    const sources = await Promise.all(files.map((f) => readFile(path.join(workflows, f), 'utf8')));
    const starts = sources.flatMap((source) => [
      ...source.matchAll(/\b(?:startChild|executeChild)(?:<[^>]*>)?\(\s*(\S)/g),
    ]);
    expect(starts.length).toBeGreaterThan(0);
    expect(starts.map(([call, first]) => (first === "'" ? 'by type' : call))).toEqual(
      starts.map(() => 'by type'),
    );
  });

  it('refuses a workflow file that imports a Node built-in', async () => {
    const probe = path.join(workflows, `bundle-probe-${randomUUID()}.ts`);
    written.push(probe);
    await writeFile(
      probe,
      [
        "import { readFileSync } from 'node:fs';",
        "export { orderWorkflow } from './order';",
        'export async function probeWorkflow(): Promise<string> {',
        "  return readFileSync('/etc/hostname', 'utf8');",
        '}',
        '',
      ].join('\n'),
    );
    const errors: string[] = [];
    const report = (level: string, message: string) => void (level === 'error' && errors.push(message));
    await expect(bundleWorkflows({ workflowsPath: probe, report })).rejects.toThrow(
      /Webpack finished with errors/,
    );
    expect(errors.join('\n')).toContain('node:fs');
  });
});
