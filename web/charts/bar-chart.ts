import { scaleBand, scaleLinear } from 'd3-scale';
import { COLOURS, type Chart, esc, svgOpen } from './svg';

/** One kind of bar: solid or hatched, so the kinds differ in pattern as well as colour. */
export interface BarSeries {
  key: string;
  label: string;
  fill: 'solid' | 'hatched';
  colour: string;
}

export interface BarChartInput {
  id: string;
  title: string;
  description: string;
  categoryLabel: string;
  series: BarSeries[];
  rows: { category: string; values: Record<string, number> }[];
}

const WIDTH = 640;
const HEIGHT = 300;
const MARGIN = { top: 40, right: 16, bottom: 56, left: 44 };

/** A grouped bar chart of counts per category (for example sessions attended and missed per week). */
export function barChart(input: BarChartInput): Chart {
  const { id, series, rows } = input;
  const max = Math.max(1, ...rows.flatMap((r) => series.map((s) => r.values[s.key] ?? 0)));
  const y = scaleLinear()
    .domain([0, max])
    .nice()
    .range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const x = scaleBand()
    .domain(rows.map((r) => r.category))
    .range([MARGIN.left, WIDTH - MARGIN.right])
    .padding(0.2);
  const inner = scaleBand()
    .domain(series.map((s) => s.key))
    .range([0, x.bandwidth()])
    .padding(0.05);
  const fillOf = (s: BarSeries) => (s.fill === 'hatched' ? `url(#${id}-${s.key}-hatch)` : s.colour);

  const defs = series
    .filter((s) => s.fill === 'hatched')
    .map(
      (s) =>
        `<pattern id="${esc(id)}-${esc(s.key)}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
        `<rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="${s.colour}" stroke-width="3"/></pattern>`,
    )
    .join('');
  const ticks = y
    .ticks(Math.min(max, 5))
    .filter(Number.isInteger)
    .map(
      (t) =>
        `<g><line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(t)}" y2="${y(t)}" stroke="#b1b4b6"/>` +
        `<text x="${MARGIN.left - 6}" y="${y(t) + 4}" text-anchor="end">${t}</text></g>`,
    )
    .join('');
  const bars = rows
    .map((r) => {
      const x0 = x(r.category) ?? 0;
      const marks = series
        .map((s) => {
          const value = r.values[s.key] ?? 0;
          return (
            `<rect x="${x0 + (inner(s.key) ?? 0)}" y="${y(value)}" width="${inner.bandwidth()}" ` +
            `height="${y(0) - y(value)}" fill="${fillOf(s)}" stroke="${s.colour}" stroke-width="2" ` +
            `data-category="${esc(r.category)}" data-series="${esc(s.key)}" data-value="${value}"/>`
          );
        })
        .join('');
      const label = `<text x="${x0 + x.bandwidth() / 2}" y="${HEIGHT - MARGIN.bottom + 18}" text-anchor="middle">${esc(r.category)}</text>`;
      return `<g>${marks}${label}</g>`;
    })
    .join('');
  const legend = series
    .map(
      (s, i) =>
        `<g transform="translate(${MARGIN.left + i * 180},12)"><rect width="16" height="16" fill="${fillOf(s)}" stroke="${s.colour}" stroke-width="2"/>` +
        `<text x="22" y="13">${esc(s.label)}</text></g>`,
    )
    .join('');
  const axisLabel = `<text x="${(MARGIN.left + WIDTH - MARGIN.right) / 2}" y="${HEIGHT - 10}" text-anchor="middle">${esc(input.categoryLabel)}</text>`;
  const svg =
    svgOpen(id, WIDTH, HEIGHT, input.title, input.description) +
    `<defs>${defs}</defs><g font-size="14" fill="${COLOURS.black}">${ticks}${bars}${legend}${axisLabel}</g></svg>`;
  return {
    svg,
    table: {
      caption: input.title,
      head: [
        { text: input.categoryLabel },
        ...series.map((s) => ({ text: s.label, format: 'numeric' as const })),
      ],
      rows: rows.map((r) => [
        { text: r.category },
        ...series.map((s) => ({ text: String(r.values[s.key] ?? 0), format: 'numeric' as const })),
      ]),
    },
  };
}
