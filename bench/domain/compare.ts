import path from 'node:path';
import { designYearFile, readYear } from '../data/year-file';
import { bundledMeasure } from './bundled-measure';
import * as unbundled from './measure';

// Two checkouts' domains timed in one process, order by order in turn, so that whatever else the machine
// runs falls on both alike; each bundled as the benchmark loads it, and this tree's also as tsx loads it:
//   npx tsx bench/domain/compare.ts --scale 0.02 ../wt-base
// The other tree needs bench/domain/{replay,baselines}.ts, bench/data/fold.ts and bench/support/stopwatch.ts
// with the exports measure.ts imports. The year file is this tree's.

const WARM_UP_ORDERS = 100;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--scale');
  const scale = at >= 0 ? Number(args[at + 1]) : 0.02;
  const others = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--scale');
  const variants = [
    { name: 'this tree, bundled', measure: await bundledMeasure() },
    { name: 'this tree, tsx', measure: unbundled },
    ...(await Promise.all(
      others.map(async (tree) => ({
        name: `${path.basename(path.resolve(tree))}, bundled`,
        measure: await bundledMeasure(path.resolve(tree)),
      })),
    )),
  ].map((v) => ({ ...v, totals: v.measure.newTotals() }));
  const file = await designYearFile({ scale });
  let orders = 0;
  for await (const life of readYear(file)) {
    const first = orders % variants.length;
    for (let k = 0; k < variants.length; k++) {
      const v = variants[(first + k) % variants.length]!;
      if (orders === WARM_UP_ORDERS) v.totals = v.measure.newTotals();
      v.measure.measureOrder(life, v.totals);
    }
    orders++;
  }
  const s = (n: number) => n.toFixed(2);
  console.log(`| ${['variant', 'fold s', '×', 'decide + tick s', '×', 'both s', '×'].join(' | ')} |`);
  console.log(`|${' --- |'.repeat(7)}`);
  for (const { name, totals: t } of variants) {
    const both = t.fold.seconds + t.decide.seconds;
    const baseline = t.foldBaseline.seconds + t.decideBaseline.seconds;
    const cells = [
      name,
      s(t.fold.seconds),
      s(t.fold.seconds / t.foldBaseline.seconds),
      s(t.decide.seconds),
      s(t.decide.seconds / t.decideBaseline.seconds),
      s(both),
      s(both / baseline),
    ];
    console.log(`| ${cells.join(' | ')} |`);
  }
  console.log(`${orders - WARM_UP_ORDERS} orders timed after ${WARM_UP_ORDERS} untimed, scale ${scale}`);
}

void main();
