import { scaleBand, scaleUtc } from 'd3-scale';
import { type SymbolType, symbol } from 'd3-shape';
import { COLOURS, type Chart, esc, svgOpen } from './svg';

/** One kind of point: its own marker shape and fill as well as its colour. */
export interface DotKind {
  key: string;
  label: string;
  shape: SymbolType;
  colour: string;
  filled: boolean;
}

export interface DotChartInput {
  id: string;
  title: string;
  description: string;
  /** The rows of the chart (for example substances), top to bottom. */
  rowLabel: string;
  kinds: DotKind[];
  points: { row: string; day: string; kind: string }[];
  /** How the table writes a point's day. */
  formatDay(day: string): string;
}

const WIDTH = 640;
const ROW_HEIGHT = 36;
const MARGIN = { top: 40, right: 24, bottom: 36, left: 130 };

/** Points over time in rows (for example each drug test's result per substance), a marker per kind. */
export function dotChart(input: DotChartInput): Chart {
  const { id, kinds, points } = input;
  const rows = [...new Set(points.map((p) => p.row))];
  const height = MARGIN.top + MARGIN.bottom + Math.max(1, rows.length) * ROW_HEIGHT;
  const days = points.map((p) => new Date(`${p.day}T00:00:00Z`).getTime());
  const first = Math.min(...days);
  const last = Math.max(...days);
  const x = scaleUtc()
    .domain(points.length ? [new Date(first - 86_400_000), new Date(last + 86_400_000)] : [0, 1])
    .range([MARGIN.left, WIDTH - MARGIN.right]);
  const y = scaleBand()
    .domain(rows)
    .range([MARGIN.top, height - MARGIN.bottom])
    .padding(0.2);
  const kindOf = new Map(kinds.map((k) => [k.key, k]));
  const marker = (k: DotKind, at: string) =>
    `<path transform="${at}" d="${symbol(k.shape, 110)()}" fill="${k.filled ? k.colour : '#ffffff'}" stroke="${k.colour}" stroke-width="2"`;

  const rowLines = rows
    .map((r) => {
      const cy = (y(r) ?? 0) + y.bandwidth() / 2;
      return (
        `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${cy}" y2="${cy}" stroke="#b1b4b6"/>` +
        `<text x="${MARGIN.left - 8}" y="${cy + 4}" text-anchor="end">${esc(r)}</text>`
      );
    })
    .join('');
  const ticks = x
    .ticks(4)
    .map(
      (t) =>
        `<text x="${x(t)}" y="${height - MARGIN.bottom + 20}" text-anchor="middle">${esc(
          t.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' }),
        )}</text>`,
    )
    .join('');
  const dots = points
    .map((p) => {
      const k = kindOf.get(p.kind);
      if (!k) throw new Error(`No marker for ${p.kind}`);
      const at = `translate(${x(new Date(`${p.day}T00:00:00Z`))},${(y(p.row) ?? 0) + y.bandwidth() / 2})`;
      return `${marker(k, at)} data-row="${esc(p.row)}" data-day="${p.day}" data-kind="${esc(p.kind)}"/>`;
    })
    .join('');
  const legend = kinds
    .map(
      (k, i) =>
        `<g>${marker(k, `translate(${MARGIN.left + 8 + i * 150},18)`)}/><text x="${MARGIN.left + 20 + i * 150}" y="23">${esc(k.label)}</text></g>`,
    )
    .join('');
  const svg =
    svgOpen(id, WIDTH, height, input.title, input.description) +
    `<g font-size="14" fill="${COLOURS.black}">${rowLines}${ticks}${legend}${dots}</g></svg>`;
  return {
    svg,
    table: {
      caption: input.title,
      head: [{ text: 'Date' }, { text: input.rowLabel }, { text: 'Result' }],
      rows: points.map((p) => [
        { text: input.formatDay(p.day) },
        { text: p.row },
        { text: kindOf.get(p.kind)?.label ?? p.kind },
      ]),
    },
  };
}
