import { DIMENSIONS, type Dimension } from '../../api/kpis/figures';
import type { KpiReport } from '../../api/schemas/kpi';
import { RequirementType } from '../../domain/enums';
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

/** The fields of the `/kpis` form: the query of `GET /v1/kpis`, by the same names. */
export const KPI_FORM_FIELDS = ['period', 'by', 'type', 'provider', 'court', 'pdu', 'region'] as const;
type FormValues = Record<(typeof KPI_FORM_FIELDS)[number], string>;

const DIMENSION_NAMES: Record<Dimension, string> = {
  type: 'Requirement type (and combined orders)',
  provider: 'Treatment provider',
  court: 'Court',
  pdu: 'Probation delivery unit',
  region: 'Region',
};

/** What a group's column is headed, by dimension. */
const GROUP_HEADINGS: Record<Dimension, string> = {
  type: 'Requirement type',
  provider: 'Provider',
  court: 'Court',
  pdu: 'Probation delivery unit',
  region: 'Region',
};

/** The requirement types and every combination of them an order may have, as the figures name them (ATR+DRR). */
const TYPE_CHOICES = (() => {
  const types = [...RequirementType.options].sort();
  const combos: string[][] = [[]];
  for (const t of types) for (const c of [...combos]) combos.push([...c, t]);
  return combos
    .filter((c) => c.length > 0)
    .sort((a, b) => a.length - b.length || a.join().localeCompare(b.join()))
    .map((c) => c.join('+'));
})();

/** The form as asked (kept on the page with the figures), its choices marked. */
export function kpisForm(values: FormValues, ownRegion: string | null) {
  const option = (value: string, text: string, current: string) => ({
    value,
    text,
    selected: value === current,
  });
  return {
    values,
    ownRegion,
    by: [
      option('', 'No breakdown: the whole area', values.by),
      ...DIMENSIONS.map((d) => option(d, DIMENSION_NAMES[d], values.by)),
    ],
    type: [
      option('', 'All', values.type),
      ...TYPE_CHOICES.map((t) =>
        option(t, t.includes('+') ? `Combined: ${t.replaceAll('+', ' and ')}` : t, values.type),
      ),
    ],
  };
}

/** The headline figure charted by group: the published evaluation's question. */
const BY_GROUP_CHART = 'in-treatment-within-3-weeks';

/** A figure's row in a measure's table by group: the group, its category if the KPI has them, the figures. */
function breakdown(report: KpiReport, by: Dimension) {
  const heading = GROUP_HEADINGS[by];
  const measures = report.definitions.map((d) => {
    const figures = report.figures.filter((f) => f.kpi === d.id && f.group !== null);
    const head = [
      { text: heading },
      ...(d.categories ? [{ text: 'Category' }] : []),
      { text: 'Figure', format: 'numeric' },
      { text: 'Out of', format: 'numeric' },
    ];
    const rows = figures.map((f) => [
      { text: f.group ?? '' },
      ...(d.categories ? [{ text: f.category ?? 'All' }] : []),
      { text: figureText(f.value, f.suppressed, d.unit), format: 'numeric' },
      { text: f.suppressed || f.denominator === null ? '' : String(f.denominator), format: 'numeric' },
    ]);
    return { id: d.id, title: d.title, definition: d.definition, table: { head, rows } };
  });
  const charted = report.figures.flatMap((f) =>
    f.kpi === BY_GROUP_CHART && f.group !== null && f.category === null && !f.suppressed && f.value !== null
      ? [{ category: f.group, values: { percent: f.value } }]
      : [],
  );
  const title = report.definitions.find((d) => d.id === BY_GROUP_CHART)?.title ?? BY_GROUP_CHART;
  return {
    name: DIMENSION_NAMES[by],
    measures,
    chart:
      charted.length > 0
        ? barChart({
            id: 'by-group',
            title: `${title}, by ${heading.toLowerCase()}`,
            description: `Per cent of requirements in treatment within 3 weeks of sentence, for the ${charted.length} groups whose figure is not suppressed.`,
            categoryLabel: heading,
            series: [{ key: 'percent', label: 'Per cent', fill: 'solid', colour: COLOURS.blue }],
            rows: charted,
          })
        : null,
  };
}

/**
 * `/kpis`: every KPI for the area over the period, its definition, and a chart of the days to treatment; with
 * a breakdown, each KPI by group (with its definition) and the share in treatment within 3 weeks charted.
 */
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
    anySuppressed: report.figures.some((f) => f.suppressed),
    filters: Object.entries(report.filters).map(([name, value]) => ({
      key: { text: GROUP_HEADINGS[name as Dimension] ?? name },
      value: { text: value },
    })),
    breakdown: report.by ? breakdown(report, report.by) : null,
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
