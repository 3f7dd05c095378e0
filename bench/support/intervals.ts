/** A stretch of time, in epoch ms (`performance.timeOrigin + now`), so that processes' records line up. */
export type Interval = readonly [start: number, end: number];

export const epochNow = () => performance.timeOrigin + performance.now();

/** The total length of some intervals (count overlaps once by passing them through `within` first). */
export const length = (xs: readonly Interval[]) => xs.reduce((sum, [a, b]) => sum + Math.max(0, b - a), 0);

/** The part of `intervals` inside [start, end], merged so that no instant counts twice. */
export function within(intervals: readonly Interval[], start: number, end: number): Interval[] {
  const clipped = intervals
    .map(([a, b]) => [Math.max(a, start), Math.min(b, end)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [a, b] of clipped) {
    const last = merged.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged;
}

/** Labels each instant of [start, end] with the first labelled set covering it; the rest is `rest`. */
export function split<L extends string>(
  start: number,
  end: number,
  labelled: readonly [L, readonly Interval[]][],
): Record<L | 'rest', number> {
  const out = { rest: 0 } as Record<L | 'rest', number>;
  for (const [label] of labelled) out[label] = 0;
  const points = [start, end];
  const sets = labelled.map(([label, xs]) => [label, within(xs, start, end)] as const);
  for (const [, xs] of sets) for (const [a, b] of xs) points.push(a, b);
  points.sort((a, b) => a - b);
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1]!, points[i]!];
    if (b <= a) continue;
    const mid = (a + b) / 2;
    const label = sets.find(([, xs]) => xs.some(([s, e]) => s <= mid && mid < e))?.[0] ?? 'rest';
    out[label] += b - a;
  }
  return out;
}
