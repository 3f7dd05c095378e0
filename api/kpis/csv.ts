import type { KpiReport } from '../schemas/kpi';
import { KPIS } from './registry';

const COLUMNS = [
  'period',
  'area',
  'kpi',
  'title',
  'unit',
  'category',
  'by',
  'group',
  'numerator',
  'denominator',
  'value',
  'suppressed',
];

/** RFC 4180 quoting; a cell a spreadsheet would read as a formula is prefixed with an apostrophe. */
function cell(value: string | number | boolean | null): string {
  if (value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The report's figures as CSV, one row per figure, with each KPI's title and unit. */
export function kpiCsv(report: KpiReport): string {
  const byId = new Map(KPIS.map((k) => [k.id, k]));
  const lines = report.figures.map((f) => {
    const kpi = byId.get(f.kpi)!;
    return [
      report.period.label,
      report.area,
      f.kpi,
      kpi.title,
      kpi.unit,
      f.category,
      report.by,
      f.group ?? 'ALL',
      f.numerator,
      f.denominator,
      f.value,
      f.suppressed,
    ]
      .map(cell)
      .join(',');
  });
  return [COLUMNS.join(','), ...lines].join('\r\n') + '\r\n';
}
