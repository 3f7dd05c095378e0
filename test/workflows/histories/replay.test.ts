import { readFile } from 'node:fs/promises';
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { installQuietRuntime } from '../../support/temporal';
import { recordedHistories } from './files';

// Orders run for years: today's workflow code must replay the histories that earlier code wrote.

describe('recorded histories', () => {
  it('replay on the current workflow code without nondeterminism', async () => {
    installQuietRuntime();
    const code = await readFile(inject('workflowBundleFiles').cstr!, 'utf8');
    const histories = await recordedHistories();
    expect(histories.map((h) => h.workflowId.split('/').length)).toEqual(expect.arrayContaining([2, 4]));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: { code } }, histories))
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    expect(failures).toEqual([]);
  });
});
