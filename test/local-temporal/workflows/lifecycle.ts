import { continueAsNew, patched, sleep, workflowInfo } from '@temporalio/workflow';

/** Sums `remaining` down to zero, one second and one run per step, carrying the total forward. */
export async function countdown(
  remaining: number,
  total = 0,
): Promise<{ total: number; continued: boolean }> {
  if (remaining === 0) return { total, continued: workflowInfo().continuedFromExecutionRunId !== undefined };
  await sleep('1 second');
  return continueAsNew<typeof countdown>(remaining - 1, total + remaining);
}

export async function patchedWorkflow(): Promise<string> {
  if (patched('new-behaviour')) {
    await sleep('1 second');
    return 'new';
  }
  return 'old';
}

/** Throws a plain Error: a workflow task failure (a real worker would retry it forever). */
export async function buggy(): Promise<void> {
  await sleep('1 second');
  throw new Error('bug in workflow code');
}

/** Fails its first workflow task only: the retried task sees the failure in its longer history. */
export async function failsFirstTask(): Promise<string> {
  if (workflowInfo().historyLength <= 3) throw new Error('first task fails');
  await sleep('1 second');
  return 'recovered';
}
