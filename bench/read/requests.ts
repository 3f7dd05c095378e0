import type { LoadRequest } from '../load/job';
import type { ReadTargets } from './data';

/** The three reads in turn: an order (cycling through the PDU's orders), requirements by status, deadlines. */
export function readRequests(
  base: string,
  targets: ReadTargets,
  headers: Record<string, string>,
  paths: { order: (id: string) => string; requirements: string; deadlines: string },
): (n: number) => LoadRequest[] {
  let next = 0;
  return (n) =>
    Array.from({ length: n }, () => {
      const k = next++;
      const kind = k % 3;
      const path =
        kind === 0
          ? paths.order(targets.orderIds[Math.floor(k / 3) % targets.orderIds.length]!)
          : kind === 1
            ? `${paths.requirements}?status=${encodeURIComponent(targets.status)}`
            : paths.deadlines;
      return { url: `${base}${path}`, method: 'GET' as const, headers };
    });
}
