/**
 * This process's CPU (µs) a unit of work for each variant, as a Markdown table (each variant's median and every
 * round): one untimed run of each, then `rounds` rounds of the variants in turn, the first shifted by one each
 * round, so that no variant always follows the same one.
 */
export async function cpuInTurns<V extends { name: string }>(
  variants: readonly V[],
  rounds: number,
  units: { count: number; name: string },
  run: (v: V) => Promise<void>,
): Promise<string> {
  for (const v of variants) await run(v);
  const cpu = variants.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++)
    for (let k = 0; k < variants.length; k++) {
      const i = (round + k) % variants.length;
      const before = process.cpuUsage();
      await run(variants[i]!);
      const used = process.cpuUsage(before);
      cpu[i]!.push((used.user + used.system) / units.count);
    }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return [
    `| tree | CPU a ${units.name} (µs): median; each round |`,
    '| --- | --- |',
    ...variants.map(
      (v, i) =>
        `| ${v.name} | ${median(cpu[i]!).toFixed(1)}; ${cpu[i]!.map((x) => x.toFixed(1)).join(', ')} |`,
    ),
  ].join('\n');
}
