import { designYearFile, readYear } from '../data/year-file';
import { foldStreams, streamsOf } from '../data/fold';
import type { OrderLife } from '../data/records';
import { Stopwatch } from '../support/stopwatch';
import { plainDecide, plainFold } from './baselines';
import { replayDecisions } from './replay';

// The domain benchmark's timed work repeated over a year file held in memory, for a CPU profile of it:
//   node --import tsx --cpu-prof bench/domain/passes.ts --scale 0.02 --passes 5

async function main(): Promise<void> {
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const file = await designYearFile({ scale: arg('--scale', 0.02) });
  const lives: OrderLife[] = [];
  for await (const life of readYear(file)) lives.push(life);
  for (let pass = 0; pass < arg('--passes', 5); pass++) {
    const fold = new Stopwatch();
    const foldBase = new Stopwatch();
    const decideBase = new Stopwatch();
    let decideNs = 0;
    let checksum = 0;
    for (const life of lives) {
      const streams = streamsOf(life);
      fold.time(() => foldStreams(streams));
      checksum += foldBase.time(() => plainFold(streams));
      decideNs += replayDecisions(life).decideNs;
      checksum += decideBase.time(() => plainDecide(life));
    }
    const s = (n: number) => n.toFixed(3);
    console.log(
      `pass ${pass}: fold ${s(fold.seconds)} s (${s(fold.seconds / foldBase.seconds)}×), decide + tick ${s(decideNs / 1e9)} s (${s(decideNs / 1e9 / decideBase.seconds)}×) [${checksum}]`,
    );
  }
}

void main();
