import { foldStreams, streamsOf } from '../data/fold';
import type { OrderLife } from '../data/records';
import { Stopwatch } from '../support/stopwatch';
import { plainDecide, plainFold } from './baselines';
import { replayDecisions } from './replay';

// The domain benchmark's timed work for one order, ours and the baselines'. The benchmark loads this module
// bundled into one scope with everything it imports (`bundled-measure.ts`), as the workflow bundle holds the
// domain, so that calls between modules cost what they cost in a workflow.

export interface Totals {
  events: number;
  decisions: number;
  ticks: number;
  tick: Stopwatch;
  fold: Stopwatch;
  foldBaseline: Stopwatch;
  decide: Stopwatch;
  decideBaseline: Stopwatch;
  checksum: number;
}

export function newTotals(): Totals {
  return {
    events: 0,
    decisions: 0,
    ticks: 0,
    tick: new Stopwatch(),
    fold: new Stopwatch(),
    foldBaseline: new Stopwatch(),
    decide: new Stopwatch(),
    decideBaseline: new Stopwatch(),
    checksum: 0,
  };
}

/** Folds an order's events (timed), replays its steps through decide and tick (timed), and both baselines. */
export function measureOrder(life: OrderLife, t: Totals): void {
  const streams = streamsOf(life);
  t.events += life.events.length;
  t.fold.time(() => foldStreams(streams));
  t.checksum += t.foldBaseline.time(() => plainFold(streams));
  const replay = replayDecisions(life);
  t.decide.add(replay.decideNs);
  t.decisions += replay.decisions;
  t.ticks += replay.ticks;
  t.tick.add(replay.tickNs);
  t.checksum += t.decideBaseline.time(() => plainDecide(life));
}
