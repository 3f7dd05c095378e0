import { randomUUID } from 'node:crypto';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorkflows } from '../../app/workflow-bundle';

const workflows = path.resolve(__dirname, '../../workflows');
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

  it('leaves zod out: the SDK evaluates every module of the bundle again for each workflow it runs', () => {
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
    const ownModules = [...code.matchAll(/^\/\*{3}\/ "(\.\/[^"]+)"$/gm)]
      .map(([, name]) => name!)
      .filter((name) => !name.includes('/node_modules/'));
    expect(ownModules).toEqual(['./workflows/index.ts']);
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
