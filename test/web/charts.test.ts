import { symbolCircle, symbolTriangle } from 'd3-shape';
import { describe, expect, it } from 'vitest';
import { KPI_DEFINITIONS } from '../../api/kpis/report';
import { KPIS } from '../../api/kpis/registry';
import type { KpiReport } from '../../api/schemas/kpi';
import { barChart } from '../../web/charts/bar-chart';
import { dotChart } from '../../web/charts/dot-chart';
import { kpisPresenter } from '../../web/presenters/kpis';

const attributes = (svg: string, name: string) =>
  [...svg.matchAll(new RegExp(` ${name}="([^"]*)"`, 'g'))].map((m) => m[1]);

describe('charts', () => {
  it('a bar chart is an image with a title and description, and its table holds the numbers its bars show', () => {
    const chart = barChart({
      id: 'attendance',
      title: 'Sessions per week',
      description: 'Attended and missed sessions per week.',
      categoryLabel: 'Week commencing',
      series: [
        { key: 'attended', label: 'Attended', fill: 'solid', colour: '#1d70b8' },
        { key: 'missed', label: 'Missed', fill: 'hatched', colour: '#d4351c' },
      ],
      rows: [
        { category: '1 Jun', values: { attended: 2, missed: 1 } },
        { category: '8 Jun', values: { attended: 0, missed: 3 } },
      ],
    });
    expect(chart.svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="attendance-title attendance-desc"/);
    expect(chart.svg).toContain('<title id="attendance-title">Sessions per week</title>');
    expect(chart.svg).toContain('<desc id="attendance-desc">Attended and missed sessions per week.</desc>');
    expect(chart.svg).toContain('url(#attendance-missed-hatch)');
    expect(attributes(chart.svg, 'data-value')).toEqual(
      chart.table.rows.flatMap((row) => row.slice(1).map((cell) => cell.text)),
    );
    expect(attributes(chart.svg, 'data-value')).toEqual(['2', '1', '0', '3']);
  });

  it('a dot chart marks each kind with its own shape, and its table lists every point', () => {
    const chart = dotChart({
      id: 'tests',
      title: 'Results <by> substance',
      description: 'Each result.',
      rowLabel: 'Substance',
      kinds: [
        { key: 'NEGATIVE', label: 'Negative', shape: symbolCircle, colour: '#00703c', filled: false },
        { key: 'POSITIVE', label: 'Positive', shape: symbolTriangle, colour: '#d4351c', filled: true },
      ],
      points: [
        { row: 'Heroin', day: '2026-06-01', kind: 'NEGATIVE' },
        { row: 'Cocaine', day: '2026-06-08', kind: 'POSITIVE' },
      ],
      formatDay: (day) => day,
    });
    expect(chart.svg).toContain('<title id="tests-title">Results &lt;by&gt; substance</title>');
    expect(attributes(chart.svg, 'data-kind')).toEqual(['NEGATIVE', 'POSITIVE']);
    expect(chart.table.rows.map((row) => row.map((cell) => cell.text))).toEqual([
      ['2026-06-01', 'Heroin', 'Negative'],
      ['2026-06-08', 'Cocaine', 'Positive'],
    ]);
    const shapes = new Set(attributes(chart.svg, 'd'));
    expect(shapes.size).toBe(2);
  });
});

describe('the KPI page’s time-to-treatment chart', () => {
  it('charts the day figures not suppressed, and its table holds the same numbers', () => {
    const figure = (kpi: string, value: number | null, suppressed = false) => ({
      kpi,
      category: null,
      group: null,
      numerator: suppressed ? null : 7,
      denominator: suppressed ? null : 7,
      value,
      suppressed,
    });
    const view = kpisPresenter({
      period: { label: '2027-03', from: '2027-03-01', to: '2027-03-31' },
      area: 'NATIONAL',
      by: null,
      filters: {},
      threshold: 5,
      definitions: KPIS.map((k) => ({
        id: k.id,
        title: k.title,
        unit: k.unit,
        level: k.level,
        definition: k.definition,
        categories: null,
      })),
      figures: [
        figure('sentence-to-induction-median-days', 3),
        figure('sentence-to-induction-p90-days', null, true),
        figure('sentence-to-treatment-median-days', 8.5),
        figure('sentence-to-treatment-p90-days', 20),
      ] as KpiReport['figures'],
    });
    expect(view.anySuppressed).toBe(true);
    expect(view.rows.map((row) => row[2]?.text)).toEqual(['3 days', 'Suppressed', '8.5 days', '20 days']);
    const chart = view.chart!;
    expect(chart.svg).toContain('role="img"');
    expect(attributes(chart.svg, 'data-value')).toEqual(['3', '8.5', '20']);
    expect(chart.table.rows.map((row) => row[1]?.text)).toEqual(['3', '8.5', '20']);
  });
});

describe('the KPI page’s breakdown', () => {
  it('charts the share in treatment within 3 weeks of each group not suppressed, and lists every measure by group', () => {
    const figure = (kpi: string, group: string | null, value: number | null, suppressed = false) => ({
      kpi,
      category: null,
      group,
      numerator: suppressed ? null : 6,
      denominator: suppressed ? null : 10,
      value,
      suppressed,
    });
    const view = kpisPresenter({
      period: { label: '2027-Q1', from: '2027-01-01', to: '2027-03-31' },
      area: 'NATIONAL',
      by: 'region',
      filters: { court: 'B01LY00' },
      threshold: 5,
      definitions: KPI_DEFINITIONS,
      figures: [
        figure('in-treatment-within-3-weeks', null, 40),
        figure('in-treatment-within-3-weeks', 'Y56', 60),
        figure('in-treatment-within-3-weeks', 'Y58', null, true),
        figure('in-treatment-within-3-weeks', 'Y59', 25),
      ] as KpiReport['figures'],
    });
    const breakdown = view.breakdown!;
    expect(breakdown.name).toBe('Region');
    expect(attributes(breakdown.chart!.svg, 'data-value')).toEqual(['60', '25']);
    expect(breakdown.chart!.table.rows.map((row) => row.map((cell) => cell.text))).toEqual([
      ['Y56', '60'],
      ['Y59', '25'],
    ]);
    const measure = breakdown.measures.find((m) => m.id === 'in-treatment-within-3-weeks')!;
    expect(measure.definition).toBe(KPIS.find((k) => k.id === measure.id)!.definition);
    expect(measure.table.rows.map((row) => row.map((cell) => cell.text))).toEqual([
      ['Y56', '60%', '10'],
      ['Y58', 'Suppressed', ''],
      ['Y59', '25%', '10'],
    ]);
    expect(breakdown.measures).toHaveLength(KPIS.length);
    expect(view.filters).toEqual([{ key: { text: 'Court' }, value: { text: 'B01LY00' } }]);
  });
});
