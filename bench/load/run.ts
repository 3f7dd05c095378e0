import { spawn } from 'node:child_process';
import path from 'node:path';
import { type LoadJob, type LoadReport, percentile } from './job';
import type { Measure } from '../support/result';

const CHILD = path.join(__dirname, 'child.ts');

/** Runs one load phase in a child process (node --import tsx bench/load/child.ts) and returns its report. */
export function runLoad(job: LoadJob): Promise<LoadReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`load generator exited with ${String(code)}`));
      else resolve(JSON.parse(out) as LoadReport);
    });
    child.stdin.end(JSON.stringify(job));
  });
}

export interface PhaseFigures {
  rate: number;
  sent: number;
  errors: number;
  /** The errors by status (0 = no answer). */
  errorStatuses: Record<string, number>;
  p50: number;
  p99: number;
  achievedRate: number;
  maxSendLagMs: number;
}

/** The errors and the rate achieved at a load's rate, ours beside the baseline's: every load bench reports them. */
export function loadMeasures(rate: number, ours: PhaseFigures, baseline: PhaseFigures): Measure[] {
  return [
    {
      name: `errors at ${rate}/s`,
      unit: 'requests',
      ours: ours.errors,
      baseline: baseline.errors,
      better: 'lower',
    },
    {
      name: 'achieved rate',
      unit: 'req/s',
      ours: ours.achievedRate,
      baseline: baseline.achievedRate,
      better: 'higher',
    },
  ];
}

export function figures(report: LoadReport): PhaseFigures {
  return {
    rate: report.rate,
    sent: report.sent,
    errors: report.errors,
    errorStatuses: Object.fromEntries(
      Object.entries(report.statuses).filter(([status]) => !/^2\d\d$/.test(status)),
    ),
    p50: percentile(report.latenciesMs, 50),
    p99: percentile(report.latenciesMs, 99),
    achievedRate: report.achievedRate,
    maxSendLagMs: report.maxSendLagMs,
  };
}

export function describePhase(label: string, f: PhaseFigures): string {
  const statuses = Object.entries(f.errorStatuses)
    .map(([status, n]) => `${n}× ${status}`)
    .join(', ');
  return `${label}: ${f.sent} at ${f.rate.toFixed(0)}/s → p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms, ${f.errors} errors${statuses ? ` (${statuses})` : ''}, achieved ${f.achievedRate.toFixed(1)}/s`;
}
