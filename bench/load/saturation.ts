import type { LoadRequest } from './job';
import { type PhaseFigures, describePhase, figures, runLoad } from './run';

/** p99 above this, or any error, and the rate did not hold. */
export const SATURATION_P99_MS = 250;
const STEP_FACTOR = 1.5;
const MAX_STEPS = 12;

export interface Saturation {
  /** The last rate that held (p99 ≤ 250 ms, no errors), or null if the first step failed. */
  held: number | null;
  /** Why the search stopped: a step failed, or the requests prepared ran out (then `held` is a lower bound). */
  stoppedBy: 'p99' | 'errors' | 'requests ran out' | 'step limit';
  steps: PhaseFigures[];
}

export function holds(phase: PhaseFigures): boolean {
  return phase.errors === 0 && phase.p99 <= SATURATION_P99_MS;
}

/**
 * Steps the rate up by ×1.5 from the measured phase `from` (which counts as the first step), `stepMs` per
 * step, until p99 passes 250 ms or errors appear. `take(n)` hands out the next n requests (each may be used
 * once); it returns fewer when they run out.
 */
export async function searchSaturation(options: {
  /** Names the steps in the log. */
  label: string;
  from: PhaseFigures;
  stepMs: number;
  take: (n: number) => LoadRequest[];
  log: (message: string) => void;
}): Promise<Saturation> {
  const steps: PhaseFigures[] = [options.from];
  if (options.from.errors > 0) return { held: null, stoppedBy: 'errors', steps };
  if (!holds(options.from)) return { held: null, stoppedBy: 'p99', steps };
  let held: number | null = options.from.rate;
  let rate = Math.round(held * STEP_FACTOR);
  for (let i = 0; i < MAX_STEPS; i++) {
    const wanted = Math.ceil((rate * options.stepMs) / 1000);
    const requests = options.take(wanted);
    if (requests.length < wanted) return { held, stoppedBy: 'requests ran out', steps };
    const step = figures(await runLoad({ rate, durationMs: options.stepMs, requests }));
    steps.push(step);
    options.log(describePhase(`${options.label}: saturation step`, step));
    if (step.errors > 0) return { held, stoppedBy: 'errors', steps };
    if (step.p99 > SATURATION_P99_MS) return { held, stoppedBy: 'p99', steps };
    held = rate;
    rate = Math.round(rate * STEP_FACTOR);
  }
  return { held, stoppedBy: 'step limit', steps };
}

/** For a benchmark's notes: the rate that held and every step of the search. */
export function saturationNote(who: string, s: Saturation): string {
  const held = s.held === null ? 'no rate held' : `${s.held}/s held`;
  return `${who} saturation: ${held}; stopped by ${s.stoppedBy} (p99 > ${SATURATION_P99_MS} ms or errors end it; ×1.5 steps: ${s.steps.map((x) => `${x.rate}/s p99 ${x.p99.toFixed(0)} ms${x.errors ? ` ${x.errors} errors` : ''}`).join(', ')})`;
}
