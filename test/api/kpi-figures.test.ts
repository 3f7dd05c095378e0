import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FactRow, computeFigures } from '../../api/kpis/figures';

// Rows of days as the facts give them (each row's days values once, in order, with how many units have each;
// a group's units over several rows), against the plain nearest rank of every unit's days in a sorted list.
const PDUS = ['N01', 'N02', 'N03'];

function rowOf(pdu: string, unitDays: readonly number[]): FactRow {
  const days = [...new Set(unitDays)].sort((a, b) => a - b);
  return {
    fact: 'treatment-days',
    category: null,
    type: null,
    provider: null,
    court: null,
    pdu,
    region: null,
    num: 0,
    den: 0,
    days,
    counts: days.map((d) => unitDays.filter((u) => u === d).length),
  };
}

function nearestRank(unitDays: readonly number[], p: number): number | null {
  const sorted = [...unitDays].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1] ?? null;
}

describe('the median and 90th percentile of days', () => {
  it('are the nearest ranks of every unit’s days, by group and for the area, however the rows split them', () => {
    const unit = fc.record({ pdu: fc.constantFrom(...PDUS), days: fc.integer({ min: -3, max: 40 }) });
    const row = fc.array(unit, { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 8 }), (rowsOfUnits) => {
        const rows = rowsOfUnits.flatMap((units) =>
          PDUS.flatMap((pdu) => {
            const days = units.filter((u) => u.pdu === pdu).map((u) => u.days);
            return days.length > 0 ? [rowOf(pdu, days)] : [];
          }),
        );
        const figures = computeFigures(rows, 'pdu', 1);
        const units = rowsOfUnits.flat();
        for (const group of [null, ...PDUS]) {
          const days = units.filter((u) => group === null || u.pdu === group).map((u) => u.days);
          for (const [kpi, p] of [
            ['sentence-to-treatment-median-days', 0.5],
            ['sentence-to-treatment-p90-days', 0.9],
          ] as const) {
            const figure = figures.find((f) => f.kpi === kpi && f.group === group);
            if (days.length === 0) expect(figure).toBeUndefined();
            else
              expect(figure).toMatchObject({
                denominator: days.length,
                value: nearestRank(days, p),
                suppressed: false,
              });
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
