import { designYearFile, readYear } from '../data/year-file';
import type { OrderLife } from '../data/records';
import { bundledMeasure } from './bundled-measure';

// The domain benchmark's timed work repeated over a year file held in memory, for a CPU profile of it:
//   node --import tsx --cpu-prof bench/domain/passes.ts --scale 0.02 --passes 5

async function main(): Promise<void> {
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const { measureOrder, newTotals } = await bundledMeasure();
  const file = await designYearFile({ scale: arg('--scale', 0.02) });
  const lives: OrderLife[] = [];
  for await (const life of readYear(file)) lives.push(life);
  for (let pass = 0; pass < arg('--passes', 5); pass++) {
    const t = newTotals();
    for (const life of lives) measureOrder(life, t);
    const s = (n: number) => n.toFixed(3);
    console.log(
      `pass ${pass}: fold ${s(t.fold.seconds)} s (${s(t.fold.seconds / t.foldBaseline.seconds)}×), decide + tick ${s(t.decide.seconds)} s (${s(t.decide.seconds / t.decideBaseline.seconds)}×) [${t.checksum}]`,
    );
  }
}

void main();
