import { allHandlersFinished, condition, log, workflowInfo } from '@temporalio/workflow';
import { SYSTEM_ACTOR } from '../domain/records';
import type { AggregateRunner, Carried } from './aggregate';

/** Continue as new when Temporal suggests it, or sooner when the run's own limit says so. */
export const DEFAULT_HISTORY_LIMIT = 10_000;

function historyIsLong(limit: number): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength > limit;
}

/**
 * The workflow's main loop: sleep until the domain's next deadline or a change, let time produce its events,
 * and finish when the aggregate is terminal — or hand over to a new run when history grows long.
 */
export async function runUntilEnded<S, C, E extends { type: string }, V>(
  runner: AggregateRunner<S, C, E, V>,
  historyLimit: number,
  continueWith: (carried: Carried<S>) => Promise<never>,
): Promise<V> {
  for (;;) {
    await runner.drained();
    if (runner.isTerminal() || historyIsLong(historyLimit)) {
      await condition(allHandlersFinished);
      await runner.drained();
      if (runner.isTerminal()) return runner.view();
      return continueWith(runner.carry());
    }
    runner.changed = false;
    const next = runner.nextTimer();
    const wake = () => runner.changed || historyIsLong(historyLimit);
    if (next === null) {
      await condition(wake);
      continue;
    }
    const waitMs = Date.parse(next) - Date.now();
    if (waitMs <= 0 || !(await condition(wake, waitMs))) {
      await runner.tick(SYSTEM_ACTOR);
      if (!runner.changed && runner.nextTimer() === next) {
        log.error('a deadline passed but produced nothing; waiting for the next change', { next });
        await condition(wake);
      }
    }
  }
}
