import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { afterEach, describe, expect, it } from 'vitest';

const workflows = path.resolve(__dirname, '../../workflows');
const written: string[] = [];
const noop = (): void => undefined;
const logger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };

afterEach(async () => {
  await Promise.all(written.splice(0).map((f) => rm(f, { force: true })));
});

describe('workflow bundle', () => {
  it('bundles the workflows as the worker does', async () => {
    const { code } = await bundleWorkflowCode({ workflowsPath: path.join(workflows, 'index.ts'), logger });
    expect(code).toContain('orderWorkflow');
    expect(code).toContain('requirementWorkflow');
  });

  it('leaves zod out: the SDK evaluates every module of the bundle again for each workflow it runs', async () => {
    const { code } = await bundleWorkflowCode({ workflowsPath: path.join(workflows, 'index.ts'), logger });
    const modules = [...code.matchAll(/^\/\*{3}\/ "([^"]+)"/gm)].map(([, name]) => name);
    expect(modules).toContain('./domain/order/decide.ts');
    expect(modules.filter((name) => name?.includes('/node_modules/zod/'))).toEqual([]);
    expect(modules.filter((name) => /\/(commands|events)\.ts$/.test(name ?? ''))).toEqual([]);
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
    const recording = { ...logger, error: (message: string) => void errors.push(message) };
    await expect(bundleWorkflowCode({ workflowsPath: probe, logger: recording })).rejects.toThrow(
      /Webpack finished with errors/,
    );
    expect(errors.join('\n')).toContain('node:fs');
  });
});
