import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { installQuietRuntime, leaveOutDebugOverheads } from '../support/temporal';
import { handoverCodec } from '../../activities/handover-codec';
import { carriedRequirement } from '../../domain/requirement/evolve';
import { type ImposedRequirement, isImposed } from '../../domain/requirement/state';
import type { RequirementWorkflowInput } from '../../workflows/requirement';
import { type RecordedHistory, recordedEvents, recordedHistories } from './recorded-histories';

// Orders run for years: today's workflow code must replay the histories that earlier code wrote
// (test/fixtures/histories; the README says how to record them and when a change needs patched()).

async function replayFailures(code: string, histories: RecordedHistory[]): Promise<Map<string, unknown>> {
  installQuietRuntime();
  leaveOutDebugOverheads(); // the replay worker runs workflows in this process
  const failures = new Map<string, unknown>();
  // Runs handed over by reference get their state from the events recorded beside them.
  const dataConverter = { payloadCodecs: [handoverCodec(recordedEvents(histories))] };
  for await (const result of Worker.runReplayHistories(
    { workflowBundle: { code }, dataConverter },
    histories,
  ))
    if (result.error) failures.set(result.workflowId, result.error);
  return failures;
}

/**
 * Today's workflow bundle with one deliberate change: every workflow sleeps 1 ms before its body runs, as if
 * bundled with a workflow interceptor doing that (a bundle's interceptors are listed by importInterceptors).
 */
function withTimerBeforeEveryWorkflow(code: string): string {
  const noInterceptors =
    /exports\.importInterceptors = function importInterceptors\(\) \{\s*return \[\s*\];\s*\}/;
  // The SDK's module that defines sleep (its index is concatenated with our modules: it has no id of its own).
  const workflowModule = /"([^"]*@temporalio\/workflow\/lib\/workflow\.js)"/.exec(code)?.[1];
  if (!noInterceptors.test(code) || !workflowModule)
    throw new Error('the workflow bundle no longer has the shape this alteration expects');
  return code.replace(
    noInterceptors,
    `exports.importInterceptors = function importInterceptors() {
  const { sleep } = __webpack_require__(${JSON.stringify(workflowModule)});
  const execute = async (input, next) => { await sleep(1); return next(input); };
  return [{ interceptors: () => ({ inbound: [{ execute }] }) }];
}`,
  );
}

/** The requirement states runs carried across continue-as-new into the next run's input. */
function carriedRequirementStates(histories: RecordedHistory[]): ImposedRequirement[] {
  return histories.flatMap(({ workflowId, history }) => {
    const input = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    if (workflowId.split('/').length !== 4 || !input) return [];
    if (Buffer.from(input.metadata?.encoding ?? []).toString() !== 'json/plain') return [];
    const { carried } = JSON.parse(Buffer.from(input.data ?? []).toString()) as RequirementWorkflowInput;
    return carried && isImposed(carried.state) ? [carried.state] : [];
  });
}

describe('recorded histories', () => {
  it('hold orders and requirements of several scenarios', async () => {
    const histories = await recordedHistories();
    const kinds = new Set(histories.map((h) => h.workflowId.split('/').length));
    expect(kinds).toEqual(new Set([2, 4]));
    expect(new Set(histories.map((h) => path.dirname(h.file))).size).toBeGreaterThan(5);
  });

  it('carry requirement states without the index of scheduled appointments, which load with it and unchanged else', async () => {
    const before = carriedRequirementStates(await recordedHistories()).filter((s) => !('scheduledIds' in s));
    const scheduled = (s: ImposedRequirement) =>
      Object.values(s.appointments)
        .filter((a) => a.status === 'SCHEDULED')
        .map((a) => a.id);
    expect(before.filter((s) => scheduled(s).length > 0).length).toBeGreaterThan(0);
    for (const state of before) {
      const { scheduledIds, ...rest } = carriedRequirement(state) as ImposedRequirement;
      expect(rest).toEqual(state);
      expect(scheduledIds).toEqual(scheduled(state));
    }
  });

  it('replay on the current workflow code without nondeterminism', async () => {
    const code = await readFile(inject('workflowBundleFiles').cstr!, 'utf8');
    const failures = await replayFailures(code, await recordedHistories());
    expect([...failures].map(([id, error]) => `${id}: ${String(error)}`)).toEqual([]);
  });

  it('fail to replay on workflow code that schedules something the histories did not record', async () => {
    const code = withTimerBeforeEveryWorkflow(await readFile(inject('workflowBundleFiles').cstr!, 'utf8'));
    // An order's and a requirement's history from each generation: the alteration fails every one of them.
    const sample = new Map<string, RecordedHistory>();
    for (const h of await recordedHistories())
      sample.set(`${h.file.split(path.sep)[0]} ${h.workflowId.split('/').length}`, h);
    expect(sample.size).toBeGreaterThanOrEqual(8);
    const failures = await replayFailures(code, [...sample.values()]);
    expect(failures.size).toBe(new Set([...sample.values()].map((h) => h.workflowId)).size);
    for (const error of failures.values()) expect(String(error)).toMatch(/TMPRL1100|[Nn]ondeterminism/);
  });
});
