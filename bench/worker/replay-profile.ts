// Replays a fetched history six times in this thread (a replay worker runs its sandbox in its own thread, where
// a profiler sees it): `node --import tsx --cpu-prof bench/worker/replay-profile.ts
// bench/results/worker-history.bin`, the history the worker benchmark grew. Not one of the benchmarks.
import { readFile } from 'node:fs/promises';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { bundleWorkflows } from '../../app/workflow-bundle';

const REPLAYS = 6;

async function main(historyPath: string): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const code = await bundleWorkflows();
  const history = temporal.api.history.v1.History.decode(await readFile(historyPath));
  function* histories() {
    for (let n = 0; n < REPLAYS; n++) yield { workflowId: 'replayed', history };
  }
  const results = Worker.runReplayHistories({ workflowBundle: { code } }, histories());
  for (;;) {
    const started = performance.now();
    const next = await results.next();
    if (next.done) break;
    if (next.value.error) throw next.value.error;
    console.log(`replay ${Math.round(performance.now() - started)} ms`);
  }
}

void main(process.argv[2]!);
