import { designYear } from '../data/design-year';
import { designYearFile, generatedNote, readYear } from '../data/year-file';
import { DESIGN_YEAR } from '../data/design';
import type { Benchmark } from '../support/benchmark';
import { bundledMeasure } from './bundled-measure';

/** Orders run untimed first, from another seed, so that the timed year runs on warm code. */
const WARM_UP_ORDERS = 200;

/** Folds the design year through evolve and replays its commands and timers through decide and tick. */
export const domainBenchmark: Benchmark = {
  name: 'domain',
  describe: 'evolve over a design year of events; decide and tick over its commands and timers',
  run: async ({ scale, log }) => {
    const { measureOrder, newTotals } = await bundledMeasure();
    const warm = newTotals();
    let n = 0;
    for (const life of designYear({ scale: WARM_UP_ORDERS / DESIGN_YEAR.orders, seed: 1 })) {
      measureOrder(life, warm);
      if (++n >= WARM_UP_ORDERS) break;
    }
    log(`domain: warmed up on ${n} orders`);
    const file = await designYearFile({ scale });
    const t = newTotals();
    let orders = 0;
    for await (const life of readYear(file)) {
      measureOrder(life, t);
      if (++orders % 5000 === 0) log(`domain: ${orders} orders`);
    }
    const full = (seconds: number) => seconds / scale;
    return {
      measures: [
        {
          name: 'fold: events per second',
          unit: 'events/s',
          ours: t.events / t.fold.seconds,
          baseline: t.events / t.foldBaseline.seconds,
          better: 'higher',
        },
        {
          name: 'fold: total',
          unit: 's',
          ours: t.fold.seconds,
          baseline: t.foldBaseline.seconds,
          better: 'lower',
        },
        {
          name: 'decide + tick: decisions per second',
          unit: 'decisions/s',
          ours: t.decisions / t.decide.seconds,
          baseline: t.decisions / t.decideBaseline.seconds,
          better: 'higher',
        },
        {
          name: 'decide + tick: total',
          unit: 's',
          ours: t.decide.seconds,
          baseline: t.decideBaseline.seconds,
          better: 'lower',
        },
        {
          name: 'fold + decide, projected to the full year',
          unit: 's',
          ours: full(t.fold.seconds + t.decide.seconds),
          baseline: full(t.foldBaseline.seconds + t.decideBaseline.seconds),
          better: 'lower',
          target: 30,
        },
      ],
      notes: [
        `${orders} orders, ${t.events} events, ${t.decisions} decisions, of which ${t.ticks} timer ticks took ${t.tick.seconds.toFixed(3)} s of decide + tick; ${generatedNote(file.generatedSeconds)}`,
        'baselines: a plain reducer copying a small record per event; each command copied into an event with a time and an id',
        ...(scale < 1
          ? [`scale ${scale}: the full-year projection divides by the scale and is indicative only`]
          : []),
      ],
    };
  },
};
