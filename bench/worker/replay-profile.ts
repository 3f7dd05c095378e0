// Replays a fetched history six times in this thread (a replay worker runs its sandbox in its own thread, where
// a profiler sees it): `node --import tsx --cpu-prof bench/worker/replay-profile.ts
// bench/results/worker-history.bin`, the history the worker benchmark grew. Its run began from a hand-over
// reference, decoded with the stored events the benchmark kept beside it. With `--thread`, in a workflow thread
// as a worker runs them (`--cpu-prof` writes that thread's profile beside the main thread's). With `--count`,
// once, counting what a replay does: activations, entries into the sandbox's context and promises made. Not one
// of the benchmarks.
import vm from 'node:vm';
import v8 from 'node:v8';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { ReusableVMWorkflow } from '@temporalio/worker/lib/workflow/reusable-vm';
import { bundleWorkflows } from '../../app/workflow-bundle';
import { handoverCodec } from '../../activities/handover-codec';
import { STORED_EVENTS_FILE, type StoredEventsFile } from './replay';

/** The worker's codec, reading the stored events the benchmark kept beside the history. */
async function dataConverter(historyPath: string) {
  const file = path.join(path.dirname(historyPath), STORED_EVENTS_FILE);
  const stored = JSON.parse(await readFile(file, 'utf8')) as StoredEventsFile;
  const read = (requirementId: string, version: number) =>
    Promise.resolve(requirementId === stored.requirementId ? stored.events.slice(0, version) : []);
  return { payloadCodecs: [handoverCodec(read)] };
}

/** Counts activations, context entries and promises from here on. */
function counting() {
  const counts = { activations: 0, contextEntries: 0, promises: 0, promisesInWorkflows: 0 };
  const { runInContext } = vm.Script.prototype; // eslint-disable-line @typescript-eslint/unbound-method
  vm.Script.prototype.runInContext = function (this: vm.Script, ...args: Parameters<typeof runInContext>) {
    counts.contextEntries += 1;
    return runInContext.apply(this, args) as unknown;
  };
  const { activate } = ReusableVMWorkflow.prototype; // eslint-disable-line @typescript-eslint/unbound-method
  ReusableVMWorkflow.prototype.activate = function (this: ReusableVMWorkflow, ...args) {
    counts.activations += 1;
    return activate.apply(this, args);
  };
  v8.promiseHooks.onInit((promise) => {
    counts.promises += 1;
    // The sandbox has its own Promise.
    if (promise.constructor !== Promise) counts.promisesInWorkflows += 1;
  });
  return counts;
}

async function main(historyPath: string, count: boolean, thread: boolean): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const code = await bundleWorkflows();
  const history = temporal.api.history.v1.History.decode(await readFile(historyPath));
  const replays = count ? 1 : 6;
  const counts = count ? counting() : null;
  function* histories() {
    for (let n = 0; n < replays; n++) yield { workflowId: 'replayed', history };
  }
  // A replay worker runs workflows in the calling thread unless told otherwise (its options' type leaves it out).
  const options = {
    workflowBundle: { code },
    dataConverter: await dataConverter(historyPath),
    ...(thread ? { debugMode: false } : {}),
  };
  const results = Worker.runReplayHistories(options, histories());
  for (;;) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const next = await results.next();
    if (next.done) break;
    if (next.value.error) throw next.value.error;
    const { user, system } = process.cpuUsage(cpu);
    // CPU of the whole process, workflow threads included: under load it says more than the wall time.
    console.log(
      `replay ${Math.round(performance.now() - started)} ms, CPU ${Math.round((user + system) / 1000)} ms`,
    );
  }
  if (counts) console.log(`${history.events.length} history events:`, counts);
}

void main(process.argv[2]!, process.argv.includes('--count'), process.argv.includes('--thread'));
