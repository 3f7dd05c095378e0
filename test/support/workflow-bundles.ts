import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOWS_PATH, bundleWorkflows } from '../../app/workflow-bundle';

const root = path.resolve(__dirname, '../..');

/** Every workflows entry that tests run on a worker; each is bundled once per test run. */
export const workflowEntries = {
  conformance: path.join(root, 'test/local-temporal/workflows/index.ts'),
  cstr: WORKFLOWS_PATH,
  probes: path.join(root, 'test/workflows/probes/index.ts'),
} as const;

export type WorkflowEntry = keyof typeof workflowEntries;

/**
 * Bundles each entry and writes the code under `dir`; returns the files. Ours (and the probes on our
 * machinery) as the worker bundles them; the stand-in's conformance workflows as the SDK does by default,
 * since they hold the stand-in to the SDK as any application uses it (one starts its child by the function,
 * whose name is the workflow's type only in the SDK's bundle).
 */
export async function buildWorkflowBundles(dir: string): Promise<Record<string, string>> {
  await mkdir(dir, { recursive: true });
  const files: Record<string, string> = {};
  for (const [name, workflowsPath] of Object.entries(workflowEntries)) {
    const code =
      name === 'conformance'
        ? (await bundleWorkflowCode({ workflowsPath, logger: quietLogger })).code
        : await bundleWorkflows({
            workflowsPath,
            report: (level, m) => level === 'error' && console.error(m),
          });
    const file = path.join(dir, `${name}.js`);
    await writeFile(file, code);
    files[name] = file;
  }
  return files;
}

const noop = (): void => undefined;
const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: console.error };
