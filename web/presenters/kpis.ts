import type { KpiReport } from '../../api/schemas/kpi';
import { barChart } from '../charts/bar-chart';
import { COLOURS } from '../charts/svg';
import { govukDate } from '../render';

/** The day figures the time-to-treatment chart shows, in order. */
const TIME_TO_TREATMENT = [
  'sentence-to-induction-median-days',
  'sentence-to-induction-p90-days',
  'sentence-to-treatment-median-days',
  'sentence-to-treatment-p90-days',
] as const;

const figureText = (value: number | null, suppressed: boolean, unit: string) => {
  if (suppressed) return 'Suppressed';
  if (value === null) return 'None to measure';
  const rounded = Math.round(value * 10) / 10;
  return unit === 'count' ? String(rounded) : unit === 'percent' ? `${rounded}%` : `${rounded} ${unit}`;
};

/** `/kpis`: every KPI for the area over the period, its definition, and a chart of the days to treatment. */
export function kpisPresenter(report: KpiReport) {
  const whole = report.figures.filter((f) => f.group === null);
  const definitionOf = new Map(report.definitions.map((d) => [d.id, d]));
  const rows = whole.map((f) => {
    const d = definitionOf.get(f.kpi);
    return [
      { text: d?.title ?? f.kpi },
      { text: f.category ?? '' },
      { text: figureText(f.value, f.suppressed, d?.unit ?? 'count'), format: 'numeric' },
      { text: f.suppressed || f.denominator === null ? '' : String(f.denominator), format: 'numeric' },
    ];
  });
  const charted = TIME_TO_TREATMENT.flatMap((id) => {
    const f = whole.find((x) => x.kpi === id && !x.suppressed && x.value !== null);
    return f && f.value !== null
      ? [{ category: definitionOf.get(id)?.title ?? id, values: { days: f.value } }]
      : [];
  });
  return {
    period: report.period.label,
    span: `${govukDate(report.period.from)} to ${govukDate(report.period.to)}`,
    area: report.area === 'NATIONAL' ? 'England and Wales' : report.area,
    threshold: report.threshold,
    anySuppressed: whole.some((f) => f.suppressed),
    rows,
    definitions: report.definitions.map((d) => ({ key: { text: d.title }, value: { text: d.definition } })),
    chart:
      charted.length > 0
        ? barChart({
            id: 'time-to-treatment',
            title: 'Days from sentence to induction and to treatment',
            description: `Median and 90th percentile days from sentence, ${charted.length} figures not suppressed.`,
            categoryLabel: 'Measure',
            series: [{ key: 'days', label: 'Days', fill: 'solid', colour: COLOURS.blue }],
            rows: charted,
          })
        : null,
  };
}
