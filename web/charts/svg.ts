/** Text and attribute values in SVG markup. */
export function esc(value: string | number): string {
  return String(value)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** GOV.UK colours; every chart also tells its series apart by pattern or marker shape, never by colour alone. */
export const COLOURS = {
  blue: '#1d70b8',
  red: '#d4351c',
  green: '#00703c',
  orange: '#f47738',
  grey: '#505a5f',
  black: '#0b0c0c',
} as const;

/** A GOV.UK table (the govukTable macro's arguments) holding the chart's data. */
export interface ChartTable {
  caption: string;
  head: { text: string; format?: 'numeric' }[];
  rows: { text: string; format?: 'numeric' }[][];
}

/** An inline SVG chart and the same data as a table, shown beside it. */
export interface Chart {
  svg: string;
  table: ChartTable;
}

/** The opening of a chart's SVG: an image named by its title and described by its description. */
export function svgOpen(id: string, width: number, height: number, title: string, description: string) {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="${esc(id)}-title ${esc(id)}-desc" ` +
    `viewBox="0 0 ${width} ${height}" width="100%" class="app-chart" data-qa="${esc(id)}-chart">` +
    `<title id="${esc(id)}-title">${esc(title)}</title><desc id="${esc(id)}-desc">${esc(description)}</desc>`
  );
}
