import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { promiseHooks } from 'node:v8';
import { parseArgs } from 'node:util';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { BaseVMWorkflow } from '@temporalio/worker/lib/workflow/vm-shared';
import type { coresdk } from '@temporalio/proto';
import { handoverCodec } from '../../activities/handover-codec';
import { WORKFLOWS_PATH, bundleWorkflows } from '../../app/workflow-bundle';
import { historiesFolder, recordedEvents, recordedHistories } from '../../test/workflows/recorded-histories';

// How many promises our workflows make, and how many they leave pending: the SDK's stack-trace promise hook
// builds and formats an Error for each one a workflow makes and keeps it while the promise is pending (unless
// the SDK untracks it). Replays recorded histories (test/fixtures/histories; the newest generation unless
// named) in this process, counting each workflow-context promise made during each activation, by the kinds of
// its jobs, and the stack traces the SDK's hook holds after a run's last activation (what it holds while idle).
//   npx tsx bench/worker/promise-count.ts [--generation 2026-12-07-3747577] [--only drr-fifteen-months]

const { values } = parseArgs({
  options: {
    generation: { type: 'string' },
    only: { type: 'string' },
    /** Also count the promises by where they are made: the innermost `depth` frames' function names. */
    sites: { type: 'string' },
  },
});

interface Activator {
  info: { workflowId: string; runId: string };
  promiseStackStore: { promiseToStack: Map<Promise<unknown>, { formatted: string }> };
}

/** The activator of the workflow whose context made the promise (as the SDK's hook finds it), or none. */
function activatorOf(promise: Promise<unknown>): Activator | undefined {
  if (promise.constructor === Promise) return undefined;
  const fn = promise.constructor.constructor as (code: string) => () => unknown;
  return fn('return globalThis.__TEMPORAL_ACTIVATOR__')() as Activator | undefined;
}

let made = 0;
const depth = values.sites === undefined ? 0 : Number(values.sites);
const bySite = new Map<string, number>();
const heldBySite = new Map<string, number>();
promiseHooks.onInit((promise) => {
  if (!activatorOf(promise)) return;
  made += 1;
  if (depth === 0) return;
  const frames = (new Error().stack ?? '').split('\n').slice(2);
  const names = frames
    .map((f) => /at (?:async )?([^\s(]+)/.exec(f)?.[1] ?? '?')
    .filter((name) => name !== 'activatorOf' && !name.startsWith('node:'))
    .slice(0, depth);
  const site = names.join(' < ');
  bySite.set(site, (bySite.get(site) ?? 0) + 1);
});

interface Tally {
  activations: number;
  made: number;
}
const byJobs = new Map<string, Tally>();
/** The stack traces the SDK holds after each activation that leaves its run open, by kind of workflow. */
const held = { order: [] as number[], requirement: [] as number[] };

const jobKinds = (activation: coresdk.workflow_activation.IWorkflowActivation) =>
  [
    ...new Set(
      (activation.jobs ?? []).flatMap((job) =>
        Object.keys(job).filter((k) => k !== 'notifyHasPatch' && (job as Record<string, unknown>)[k] != null),
      ),
    ),
  ]
    .sort()
    .join('+');

// eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the workflow as `this`
const activate = BaseVMWorkflow.prototype.activate;
BaseVMWorkflow.prototype.activate = async function (
  this: BaseVMWorkflow & { activator: Activator },
  activation: coresdk.workflow_activation.IWorkflowActivation,
) {
  const before = made;
  const result = await activate.call(this, activation);
  const kinds = jobKinds(activation);
  if (kinds === 'removeFromCache') return result;
  const tally = byJobs.get(kinds) ?? { activations: 0, made: 0 };
  tally.activations += 1;
  tally.made += made - before;
  byJobs.set(kinds, tally);
  // A run that has ended holds none: its activations are left out.
  const { promiseToStack } = this.activator.promiseStackStore;
  const size = promiseToStack.size;
  if (depth > 0 && size > 0)
    for (const { formatted } of promiseToStack.values()) {
      const site = formatted
        .split('\n')
        .map((f) => /at (?:async )?([^\s(]+)/.exec(f)?.[1] ?? '?')
        .slice(0, depth)
        .join(' < ');
      heldBySite.set(site, (heldBySite.get(site) ?? 0) + 1);
    }
  if (size > 0)
    held[this.activator.info.workflowId.split('/').length === 2 ? 'order' : 'requirement'].push(size);
  return result;
};

/** The generation whose folder was added last. */
function newestGeneration(): string {
  const added = (folder: string) =>
    Number(execFileSync('git', ['log', '--diff-filter=A', '-1', '--format=%ct', '--', folder]).toString());
  const folders = readdirSync(historiesFolder);
  return folders.reduce((a, b) =>
    added(path.join(historiesFolder, b)) > added(path.join(historiesFolder, a)) ? b : a,
  );
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const all = await recordedHistories();
  const generation = values.generation ?? newestGeneration();
  const histories = all.filter(
    (h) => h.file.startsWith(`${generation}/`) && (!values.only || h.file.includes(values.only)),
  );
  const code = await bundleWorkflows({ workflowsPath: WORKFLOWS_PATH, report: () => undefined });
  const dataConverter = { payloadCodecs: [handoverCodec(recordedEvents(all))] };
  for await (const result of Worker.runReplayHistories(
    { workflowBundle: { code }, dataConverter },
    histories,
  ))
    if (result.error) throw result.error;

  console.log(`${histories.length} runs of ${generation}${values.only ? ` (${values.only})` : ''}`);
  console.log('| jobs of the activation | activations | promises made | a activation |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const [kinds, t] of [...byJobs].sort((a, b) => b[1].made - a[1].made))
    console.log(`| ${kinds} | ${t.activations} | ${t.made} | ${(t.made / t.activations).toFixed(1)} |`);
  const total = [...byJobs.values()].reduce((s, t) => s + t.made, 0);
  const updates = [...byJobs].reduce((s, [k, t]) => s + (k.includes('doUpdate') ? t.activations : 0), 0);
  console.log(`all: ${total} promises, ${updates} activations with an Update`);
  for (const [site, n] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`${n}\t${site}`);
  if (depth > 0) console.log('held after an activation that leaves its run open, by where made:');
  for (const [site, n] of [...heldBySite].sort((a, b) => b[1] - a[1]).slice(0, 30))
    console.log(`${n}\t${site}`);
  for (const [kind, sizes] of Object.entries(held)) {
    if (sizes.length === 0) continue;
    const mean = sizes.reduce((s, n) => s + n, 0) / sizes.length;
    console.log(
      `${kind}: stack traces held after an activation that leaves the run open: mean ${mean.toFixed(1)}, min ${Math.min(...sizes)}, max ${Math.max(...sizes)} (${sizes.length} activations)`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
