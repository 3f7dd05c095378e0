import { DESIGN_YEAR } from '../data/design';
import { Prng } from '../data/prng';

/** Shuffled in place, the same way every run. */
function shuffled<T>(items: T[]): T[] {
  const rng = new Prng(DESIGN_YEAR.seed, 0x5a3f1e);
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/**
 * Which of the design year's orders to open: `total` of them spread evenly over its hearing days (so over
 * every point of an order's life at the snapshot), the `first` of which are themselves spread evenly. Each
 * part comes shuffled, so that however many of it are open (a worker may die part-way), they stand for the
 * whole year.
 */
export function spreadSample(first: number, total: number): { first: number[]; rest: number[] } {
  const year = DESIGN_YEAR.orders;
  if (total > year || first > total) throw new Error(`cannot open ${first} then ${total} of ${year} orders`);
  const indexAt = (position: number) => Math.floor((position * year) / total);
  const firstPositions = new Set(Array.from({ length: first }, (_, i) => Math.floor((i * total) / first)));
  const all = Array.from({ length: total }, (_, position) => position);
  return {
    first: shuffled(all.filter((p) => firstPositions.has(p)).map(indexAt)),
    rest: shuffled(all.filter((p) => !firstPositions.has(p)).map(indexAt)),
  };
}
