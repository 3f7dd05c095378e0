import { CancellationScope, condition, isCancellation, setHandler, sleep } from '@temporalio/workflow';
import { release } from './messages';

export async function sleeper(ms: number): Promise<number> {
  const start = Date.now();
  await sleep(ms);
  return Date.now() - start;
}

/** Waits for `release` up to `timeoutMs`; says whether it came in time. */
export async function releasable(timeoutMs: number): Promise<boolean> {
  let released = false;
  setHandler(release, () => void (released = true));
  return condition(() => released, timeoutMs);
}

/** Races two timers and cancels the loser, so only the winner's duration passes. */
export async function cancelledTimer(): Promise<string> {
  const scope = new CancellationScope();
  const long = scope
    .run(() => sleep('1 day'))
    .then(
      () => 'long',
      (e: unknown) => (isCancellation(e) ? 'cancelled' : 'failed'),
    );
  await sleep('10 seconds');
  scope.cancel();
  return long;
}

/** Sleeps for a day; cancelling it cancels the workflow. */
export async function sleepsForADay(): Promise<void> {
  await sleep('1 day');
}
