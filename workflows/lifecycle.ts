import {
  CancellationScope,
  allHandlersFinished,
  condition,
  isCancellation,
  log,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import { SYSTEM_ACTOR } from '../domain/records';
import type { AggregateRunner, Carried } from './aggregate';
import {
  RUN_LENGTHS,
  type RunPatches,
  SHORT_RUN_EVENTS_BEFORE_POSITIONAL_IDS,
  STATELESS_HANDOVER_PATCH,
} from './handover';
import type { Answer } from './messages';

/** Continue as new when Temporal suggests it, or sooner when the run's own limit says so. */
export const DEFAULT_HISTORY_LIMIT = 10_000;

/** A deadline that produced nothing is tried again after 1 minute, then 2, 4, … up to a day. */
const STALE_RETRY_FIRST_MS = 60_000;
const STALE_RETRY_MAX_MS = 24 * 60 * 60_000;
const REARM_STALE_DEADLINE = 'rearm-stale-deadline';
/** Runs before this patch cancelled and restarted their timer after every change, whether or not it moved. */
const KEEP_TIMER_UNTIL_DEADLINE_MOVES = 'keep-timer-until-deadline-moves';

function historyIsLong(limit: number): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength > limit;
}

/**
 * When a run hands over: past its history limit or at the server's suggestion, and a run that may hand over
 * by reference (a requirement's) also past its short run's events (the length of the latest patch of
 * RUN_LENGTHS that applies to it, else SHORT_RUN_EVENTS_BEFORE_POSITIONAL_IDS) once STATELESS_HANDOVER_PATCH
 * applies to it. Whether that applies is asked once, the first time the run reaches either: a run recorded
 * before the patch replays `false` there and keeps handing over with its state for the rest of its life. Each
 * patch of RUN_LENGTHS is asked past its length until it (or a later one) applies, the latest first (a run
 * recorded before it replays the longer run).
 */
export class HandoverPoint {
  private byReference: boolean | undefined;
  private shortRunEvents = SHORT_RUN_EVENTS_BEFORE_POSITIONAL_IDS;

  /** `patches`: those of a run that may hand over by reference; null for one that never does. */
  constructor(
    private readonly historyLimit: number,
    private readonly patches: RunPatches | null,
  ) {}

  /** Whether the run should hand over now. Records the patch when first asked past a limit: workflow code only. */
  due(): boolean {
    const { patches } = this;
    if (!patches) return this.reached();
    const events = workflowInfo().historyLength;
    const shorter = RUN_LENGTHS.find(
      (length) =>
        length.events < this.shortRunEvents && events > length.events && patches.applies(length.patch),
    );
    if (shorter) this.shortRunEvents = shorter.events;
    if (this.byReference === undefined && (events > this.shortRunEvents || historyIsLong(this.historyLimit)))
      this.byReference = patches.applies(STATELESS_HANDOVER_PATCH);
    return this.reached();
  }

  /** The same without asking the patch, for a condition to wake on. */
  reached(): boolean {
    return (
      historyIsLong(this.historyLimit) ||
      (this.byReference === true && workflowInfo().historyLength > this.shortRunEvents)
    );
  }

  /** Whether this run hands over by reference (its state stored), not with its state. */
  handsOverByReference(): boolean {
    return this.byReference === true;
  }
}

/** One timer for the next deadline, kept while that deadline stays where it is. */
class DeadlineTimer {
  private armed: { at: string; scope: CancellationScope; fired: boolean } | null = null;

  /** Starts a timer for `at` unless one is already set for it; one set for another instant is cancelled. */
  set(at: string, inMs: number): void {
    if (this.armed?.at === at && !this.armed.fired) return;
    this.clear();
    const armed = { at, scope: new CancellationScope(), fired: false };
    armed.scope
      .run(() => sleep(inMs))
      .then(
        () => {
          armed.fired = true;
        },
        (error: unknown) => {
          if (!isCancellation(error)) throw error;
        },
      );
    this.armed = armed;
  }

  fired(): boolean {
    return this.armed?.fired ?? false;
  }

  clear(): void {
    if (this.armed && !this.armed.fired) this.armed.scope.cancel();
    this.armed = null;
  }
}

/**
 * The workflow's main loop: sleep until the domain's next deadline or a change, let time produce its events,
 * and finish when the aggregate is terminal — or hand over to a new run when history grows long.
 */
export async function runUntilEnded<S, C, E extends { type: string }, V>(
  runner: AggregateRunner<S, C, E, V>,
  handover: HandoverPoint,
  continueWith: (carried: Carried<S>) => Promise<never>,
  /** Runs once the aggregate is terminal, before the run ends (the order awaits its requirements' ends). */
  beforeEnd: () => Promise<void> = () => Promise.resolve(),
): Promise<Answer<V>> {
  let stale = 0;
  const timer = new DeadlineTimer();
  for (;;) {
    await runner.drained();
    if (runner.isTerminal() || handover.due()) {
      timer.clear();
      if (runner.isTerminal()) await beforeEnd();
      await condition(allHandlersFinished);
      await runner.drained();
      if (runner.isTerminal()) return runner.result();
      return continueWith(runner.carry());
    }
    runner.changed = false;
    const next = runner.nextTimer();
    const wake = () => runner.changed || handover.reached();
    if (next === null) {
      timer.clear();
      await condition(wake);
      continue;
    }
    if (await dueOrWoken(next, wake, timer, runner.patches)) {
      await runner.tick(SYSTEM_ACTOR);
      if (runner.changed || runner.nextTimer() !== next) {
        stale = 0;
        continue;
      }
      // Runs that began before this patch waited for the next change, however long that took.
      if (!runner.patches.applies(REARM_STALE_DEADLINE)) {
        log.error('a deadline passed but produced nothing; waiting for the next change', { next });
        await condition(wake);
        continue;
      }
      const retryInMs = Math.min(STALE_RETRY_FIRST_MS * 2 ** stale, STALE_RETRY_MAX_MS);
      stale += 1;
      log.error('a deadline passed but produced nothing; trying it again', {
        next,
        attempt: stale,
        durationMs: retryInMs,
        alert: 'deadline-produced-nothing',
      });
      await condition(wake, retryInMs);
    }
  }
}

/** Waits until `next` falls due (true) or `wake` holds first (false). */
async function dueOrWoken(
  next: string,
  wake: () => boolean,
  timer: DeadlineTimer,
  patches: RunPatches,
): Promise<boolean> {
  const waitMs = Date.parse(next) - Date.now();
  if (waitMs <= 0) return true;
  if (!patches.applies(KEEP_TIMER_UNTIL_DEADLINE_MOVES)) return !(await condition(wake, waitMs));
  timer.set(next, waitMs);
  await condition(() => wake() || timer.fired());
  if (!timer.fired()) return false;
  timer.clear();
  return true;
}
