import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { WORKFLOWS_PATH, bundleWorkflows } from '../../app/workflow-bundle';

const root = path.resolve(__dirname, '../..');

/** Every workflows entry that tests run on a worker; each is bundled once per test run. */
export const workflowEntries = {
  conformance: path.join(root, 'test/local-temporal/workflows/index.ts'),
  cstr: WORKFLOWS_PATH,
  probes: path.join(root, 'test/workflows/probes/index.ts'),
} as const;

export type WorkflowEntry = keyof typeof workflowEntries;

/** Bundles each entry (as the worker does) and writes the code under `dir`; returns the files. */
export async function buildWorkflowBundles(dir: string): Promise<Record<string, string>> {
  await mkdir(dir, { recursive: true });
  const files: Record<string, string> = {};
  for (const [name, workflowsPath] of Object.entries(workflowEntries)) {
    const code = await bundleWorkflows({ workflowsPath, logger: quietLogger });
    const file = path.join(dir, `${name}.js`);
    await writeFile(file, code);
    files[name] = file;
  }
  return files;
}

const noop = (): void => undefined;
const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: console.error };
