/** The measured rate, and the rate the warm-up and the saturation search start from. */
export const RATE = 20;

/** As bench/load/saturation.ts steps the rate. */
const SATURATION_STEP_FACTOR = 1.5;
/** Saturation steps of ours prepared for; past them the search stops with "requests ran out". */
const SATURATION_STEPS_PREPARED = 4;
const APPOINTMENT_MARGIN = 1.02;

export interface WritePlan {
  warmUpMs: number;
  measureMs: number;
  stepMs: number;
  /** Due appointments to prepare: one per outcome request of ours. */
  appointments: number;
}

const requestsFor = (rate: number, ms: number) => Math.ceil((rate * ms) / 1000);

/** The rates of the saturation steps after the measured phase, as bench/load/saturation.ts runs them. */
function saturationRates(steps: number): number[] {
  const rates: number[] = [];
  let rate = RATE;
  for (let i = 0; i < steps; i++) rates.push((rate = Math.round(rate * SATURATION_STEP_FACTOR)));
  return rates;
}

/** Phase lengths at scale 1, shorter (by √scale, with floors) below; and the appointments they use. */
export function writePlan(scale: number): WritePlan {
  const f = Math.min(1, Math.sqrt(scale));
  const warmUpMs = Math.max(3_000, 10_000 * f);
  const measureMs = Math.max(5_000, 30_000 * f);
  const stepMs = Math.max(2_000, 10_000 * f);
  const used =
    requestsFor(RATE, warmUpMs) +
    requestsFor(RATE, measureMs) +
    saturationRates(SATURATION_STEPS_PREPARED).reduce((sum, rate) => sum + requestsFor(rate, stepMs), 0);
  return { warmUpMs, measureMs, stepMs, appointments: Math.ceil(used * APPOINTMENT_MARGIN) };
}
