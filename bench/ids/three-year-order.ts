import { addDays, addMonths, addWorkingDays, type LocalDate } from '../../domain/calendar';
import { DEFAULT_CONFIG } from '../../domain/config';
import { Agenda } from '../data/agenda';
import { at, openAndSentence, type PlannedRequirement } from '../data/case-opening';
import { RequirementDelivery } from '../data/delivery';
import { Prng, deterministicUuid } from '../data/prng';
import type { Step } from '../data/records';
import { OrderSimulation } from '../data/simulation';

// How many command and message ids each workflow of a 3-year order remembers (issue 20, point 7): every
// command step of an aggregate is one id its workflow keeps (a party's command id, or the id of a message
// from the other workflow), against the window aggregate.ts keeps (7 days, never fewer than the last 1,000).
//
//   npx tsx bench/ids/three-year-order.ts [--seeds 20]

const DAY_MS = 86_400_000;
const KEPT_MS = 7 * DAY_MS;
const KEPT_AT_LEAST = 1_000;
const ORDER_MONTHS = 36;
const HEARING: LocalDate = '2027-01-04';

/** The busiest 3-year orders the rules allow: a monthly-reviewed DRR for the whole term, alone or with an ATR. */
const SHAPES = {
  'DRR, reviewed': [{ type: 'DRR', reviewed: true }],
  'DRR, reviewed, and ATR': [
    { type: 'DRR', reviewed: true },
    { type: 'ATR', reviewed: false },
  ],
} as const;

interface Counts {
  total: number;
  peakDay: number;
  peakKeptWindow: number;
  keptAtEnd: number;
}

/** Total ids, the most in any 24 hours (the API's retry window) and in any 7 days (the kept window). */
function countIds(steps: readonly Step[]): Counts {
  const times = steps.filter((s) => s.kind.endsWith('command')).map((s) => Date.parse(s.now));
  const peakWithin = (ms: number) => {
    let peak = 0;
    for (let from = 0, to = 0; to < times.length; to++) {
      while (times[to]! - times[from]! >= ms) from++;
      peak = Math.max(peak, to - from + 1);
    }
    return peak;
  };
  const last = times.at(-1) ?? 0;
  const inLastWindow = times.filter((t) => t > last - KEPT_MS).length;
  return {
    total: times.length,
    peakDay: peakWithin(DAY_MS),
    peakKeptWindow: peakWithin(KEPT_MS),
    keptAtEnd: Math.min(times.length, Math.max(KEPT_AT_LEAST, inLastWindow)),
  };
}

function threeYearOrder(seed: number, shape: readonly { type: 'DRR' | 'ATR'; reviewed: boolean }[]) {
  const rng = new Prng(seed, 0);
  const sim = new OrderSimulation(seed, deterministicUuid(seed + 1, 0), at(HEARING, '09:00'));
  const periodEnd = addDays(addMonths(HEARING, ORDER_MONTHS), -1);
  const planned: PlannedRequirement[] = shape.map((r) => ({
    requirementId: sim.chosenId(),
    type: r.type,
    providerOrgId: `provider-${r.type.toLowerCase()}-1`,
    periodEnd,
    reviewed: r.reviewed,
  }));
  openAndSentence(sim, rng, HEARING, planned, ORDER_MONTHS);
  const agenda = new Agenda();
  const inductionDay = addWorkingDays(HEARING, 2, DEFAULT_CONFIG);
  agenda.add(at(inductionDay, '16:00'), () =>
    sim.orderCommand({ type: 'CompleteInduction', completedOn: inductionDay }),
  );
  for (const r of planned) new RequirementDelivery(sim, rng, agenda, r, HEARING).plan();
  agenda.runAll((instant) => sim.advanceTo(instant));
  sim.advanceTo(at(addDays(periodEnd, 60), '23:00'));
  const workflows: [string, Step[]][] = [
    ['order', sim.steps.filter((s) => s.kind.startsWith('order'))],
    ...planned.map((r): [string, Step[]] => [
      r.type,
      sim.steps.filter((s) => 'requirementId' in s && s.requirementId === r.requirementId),
    ]),
  ];
  return workflows.map(([name, steps]) => ({ name, ...countIds(steps) }));
}

/** Bytes the kept ids add to each continue-as-new input (a UUID and its time, as JSON). */
const bytesPerId = JSON.stringify(deterministicUuid(1, 1)).length + 1 + String(Date.now()).length + 1;

function main(): void {
  const seedsArg = process.argv.indexOf('--seeds');
  const seeds = seedsArg > 0 ? Number(process.argv[seedsArg + 1]) : 20;
  console.log(`${seeds} seeds per shape; ids kept 7 days, never fewer than the last ${KEPT_AT_LEAST}\n`);
  console.log(
    '| order | workflow | ids, 3 years (max) | ids per week | most in 24 h | most in 7 days | kept at the end | carried bytes |',
  );
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [shapeName, shape] of Object.entries(SHAPES)) {
    const runs = Array.from({ length: seeds }, (_, seed) => threeYearOrder(seed, shape));
    for (const [n, { name }] of runs[0]!.entries()) {
      const of = (key: keyof Counts) => Math.max(...runs.map((r) => r[n]![key]));
      console.log(
        `| ${shapeName} | ${name} | ${of('total')} | ${(of('total') / ((ORDER_MONTHS * 365.25) / 12 / 7)).toFixed(1)} | ${of('peakDay')} | ${of('peakKeptWindow')} | ${of('keptAtEnd')} | ${(of('keptAtEnd') * bytesPerId).toLocaleString('en-GB')} |`,
      );
    }
  }
}

main();
