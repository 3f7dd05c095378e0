import { BENCHMARKS } from './registry';
import { parseArgs } from './support/args';
import { type BenchResult, machine, markdownTable, writeResult } from './support/result';

/** `npm run bench -- [name ...] [--scale 0.01]`: runs the benchmarks, writes bench/results/<name>.json, prints a table. */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const known = new Map(BENCHMARKS.map((b) => [b.name, b]));
  const unknown = args.names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    console.error(`unknown benchmark ${unknown.join(', ')}; known: ${[...known.keys()].join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const chosen = args.names.length > 0 ? args.names.map((n) => known.get(n)!) : BENCHMARKS;
  const results: BenchResult[] = [];
  for (const bench of chosen) {
    const startedAt = new Date().toISOString();
    const started = performance.now();
    console.error(`${bench.name}: ${bench.describe} (scale ${args.scale})`);
    const outcome = await bench.run({ scale: args.scale, log: (m) => console.error(m) });
    const result: BenchResult = {
      name: bench.name,
      scale: args.scale,
      startedAt,
      seconds: (performance.now() - started) / 1000,
      machine: machine(),
      ...outcome,
    };
    console.error(`${bench.name}: done in ${result.seconds.toFixed(1)} s → ${await writeResult(result)}`);
    results.push(result);
  }
  console.log(markdownTable(results));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
