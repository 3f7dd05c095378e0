import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** One figure of a benchmark, with the same work done the most direct way in the same run. */
export interface Measure {
  name: string;
  unit: string;
  ours: number;
  /** The baseline's figure, when the measure has one. */
  baseline: number | null;
  /** Whether a smaller figure is better (seconds, ms) or a larger one (per second). */
  better: 'lower' | 'higher';
  /** The performance target this figure is held to, if any, in the same unit. */
  target?: number;
}

export interface BenchResult {
  name: string;
  scale: number;
  startedAt: string;
  seconds: number;
  machine: { cpus: number; loadAverage: number[]; node: string };
  measures: Measure[];
  notes: string[];
}

export const RESULTS_DIR = path.join(__dirname, '..', 'results');

/** ours / baseline: how many times the baseline's cost ours is (for rates, baseline / ours). */
export function ratio(m: Measure): number | null {
  if (m.baseline === null || m.baseline === 0 || m.ours === 0) return null;
  return m.better === 'lower' ? m.ours / m.baseline : m.baseline / m.ours;
}

export function machine(): BenchResult['machine'] {
  return { cpus: os.availableParallelism(), loadAverage: os.loadavg(), node: process.version };
}

export async function writeResult(result: BenchResult): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${result.name}.json`);
  await writeFile(file, `${JSON.stringify({ ...result, ratios: result.measures.map(ratio) }, null, 2)}\n`);
  return file;
}

function figure(n: number | null): string {
  if (n === null) return '–';
  if (n >= 1000) return Math.round(n).toLocaleString('en-GB');
  if (n >= 10) return n.toFixed(1);
  return n.toPrecision(3);
}

/** A Markdown table of every measure of every result: ours, baseline, ours/baseline, target. */
export function markdownTable(results: readonly BenchResult[]): string {
  const lines = [
    '| benchmark | scale | measure | ours | baseline | ours/baseline | target |',
    '| --- | ---: | --- | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results)
    for (const m of r.measures) {
      const x = ratio(m);
      const target = m.target === undefined ? '–' : `${m.better === 'lower' ? '≤' : '≥'} ${figure(m.target)}`;
      lines.push(
        `| ${r.name} | ${r.scale} | ${m.name} (${m.unit}) | ${figure(m.ours)} | ${figure(m.baseline)} | ${x === null ? '–' : `${x.toFixed(2)}×`} | ${target} |`,
      );
    }
  const notes = results.flatMap((r) => r.notes.map((n) => `- ${r.name}: ${n}`));
  return notes.length > 0 ? `${lines.join('\n')}\n\n${notes.join('\n')}` : lines.join('\n');
}
