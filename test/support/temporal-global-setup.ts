import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureLocalTemporalBuilt } from '../../local-temporal/build';
import { buildWorkflowBundles } from './workflow-bundles';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The compiled stand-in Temporal server, spawnable as `<path> <port>`. */
    localTemporalPath: string;
    /** Workflow bundle code files by entry name (see workflow-bundles.ts). */
    workflowBundleFiles: Record<string, string>;
  }
}

/** Builds the stand-in server and the workflow bundles once for the whole test run. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cstr-bundles-'));
  const [serverPath, bundles] = await Promise.all([ensureLocalTemporalBuilt(), buildWorkflowBundles(dir)]);
  project.provide('localTemporalPath', serverPath);
  project.provide('workflowBundleFiles', bundles);
  return () => rm(dir, { recursive: true, force: true });
}
