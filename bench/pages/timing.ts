import { AsyncLocalStorage } from 'node:async_hooks';
import { PerformanceObserver } from 'node:perf_hooks';
import nunjucks from 'nunjucks';
import type pg from 'pg';

type Interval = readonly [start: number, end: number];
export type PageKind = 'worklist' | 'case';

/** One page served: when it reached the app and when its whole body was ready, and what it waited on meanwhile. */
interface PageRecord {
  kind: PageKind;
  start: number;
  end: number;
  /** Statements this request ran (in its own async context), call to result. */
  statements: Interval[];
  /** Waits for a pool's connection. */
  connecting: Interval[];
  /** Template renders (synchronous). */
  renders: Interval[];
}

/**
 * Where a page's server time went, in ms; each instant counted once, in this order: GC, render, statements,
 * waiting for a connection.
 */
export interface Breakdown {
  server: number;
  gc: number;
  render: number;
  statements: number;
  connecting: number;
  /**
   * Everything else: waiting for the event loop (other requests' work), middleware, presenters, the body, and
   * waiting for another request's access-log INSERT that carries this one's rows.
   */
  rest: number;
}

const store = new AsyncLocalStorage<PageRecord>();

let rendersWatched = false;
/**
 * Times every Nunjucks render in this process, for the request whose context it runs in (ours' `render` and
 * the bare render's `renderView` both end in `Environment.render`).
 */
function watchRenders(): void {
  if (rendersWatched) return;
  rendersWatched = true;
  const proto = nunjucks.Environment.prototype as { render: (...args: unknown[]) => unknown };
  const render = proto.render;
  proto.render = function timedRender(this: unknown, ...args: unknown[]) {
    const record = store.getStore();
    const started = performance.now();
    try {
      return render.apply(this, args);
    } finally {
      record?.renders.push([started, performance.now()]);
    }
  };
}

/**
 * Per page: server time (from the request reaching the app's fetch handler to its whole body), and within it
 * the time in GC pauses (perf_hooks `gc` entries), in statements (each pg query of the request, call to
 * result) and in template rendering.
 */
export class PageTimings {
  private records: PageRecord[] = [];
  private gc: Interval[] = [];
  private readonly observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) this.gc.push([e.startTime, e.startTime + e.duration]);
  });

  constructor() {
    watchRenders();
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /** Starts a new measuring window. */
  reset(): void {
    this.records = [];
    this.gc = [];
  }

  stop(): void {
    this.observer.disconnect();
  }

  /** Wraps the server's fetch handler: each request timed to the end of its body. */
  handler(fetchHandler: (request: Request) => Response | Promise<Response>) {
    return (request: Request): Promise<Response> => {
      const kind: PageKind = new URL(request.url).pathname === '/' ? 'worklist' : 'case';
      const record: PageRecord = {
        kind,
        start: performance.now(),
        end: 0,
        statements: [],
        connecting: [],
        renders: [],
      };
      return store.run(record, async () => {
        const response = await fetchHandler(request);
        const body = await response.arrayBuffer();
        record.end = performance.now();
        this.records.push(record);
        return new Response(body, response);
      });
    };
  }

  /** Times every query the pool's clients run, and each wait for a client, for the request whose context it runs in. */
  watchPool(pool: pg.Pool): void {
    const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
    (pool as { connect: unknown }).connect = async () => {
      const record = store.getStore();
      const started = performance.now();
      try {
        return await connect();
      } finally {
        record?.connecting.push([started, performance.now()]);
      }
    };
    pool.on('connect', (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as { query: unknown }).query = (...args: unknown[]) => {
        const record = store.getStore();
        const started = performance.now();
        const result = query(...args);
        if (record && result instanceof Promise) {
          const add = () => record.statements.push([started, performance.now()]);
          result.then(add, add);
        }
        return result;
      };
    });
  }

  /** Server times of the window's pages of one kind, sorted. */
  serverTimes(kind: PageKind): number[] {
    return this.records
      .filter((r) => r.kind === kind)
      .map((r) => r.end - r.start)
      .sort((a, b) => a - b);
  }

  /** The mean breakdown of the slowest `percent`% of the window's pages of one kind (all kinds without one). */
  slowest(percent: number, kind?: PageKind): Breakdown & { pages: number; withGc: number } {
    const gc = [...this.gc].sort((a, b) => a[0] - b[0]);
    const pages = this.records
      .filter((r) => kind === undefined || r.kind === kind)
      .sort((a, b) => b.end - b.start - (a.end - a.start));
    const n = Math.max(1, Math.ceil((pages.length * percent) / 100));
    const sum: Breakdown = { server: 0, gc: 0, render: 0, statements: 0, connecting: 0, rest: 0 };
    let withGc = 0;
    for (const r of pages.slice(0, n)) {
      const b = breakdown(r, gc);
      if (b.gc > 0) withGc++;
      for (const k of Object.keys(sum) as (keyof Breakdown)[]) sum[k] += b[k];
    }
    const mean = Object.fromEntries(Object.entries(sum).map(([k, v]) => [k, v / n])) as unknown as Breakdown;
    return { ...mean, pages: n, withGc };
  }
}

/** The GC pauses overlapping [start, end], from pauses sorted by start. */
function overlapping(sorted: readonly Interval[], start: number, end: number): Interval[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]![1] <= start) lo = mid + 1;
    else hi = mid;
  }
  const found: Interval[] = [];
  for (let i = lo; i < sorted.length && sorted[i]![0] < end; i++) found.push(sorted[i]!);
  return found;
}

/** A page's server time split between GC, render, statements and the rest; overlaps go to the first of those. */
function breakdown(r: PageRecord, gcSorted: readonly Interval[]): Breakdown {
  const labelled: [Interval[], 'gc' | 'render' | 'statements' | 'connecting'][] = [
    [overlapping(gcSorted, r.start, r.end), 'gc'],
    [r.renders, 'render'],
    [r.statements, 'statements'],
    [r.connecting, 'connecting'],
  ];
  const points = [r.start, r.end];
  for (const [intervals] of labelled)
    for (const [a, b] of intervals)
      points.push(Math.max(r.start, Math.min(r.end, a)), Math.max(r.start, Math.min(r.end, b)));
  points.sort((a, b) => a - b);
  const out: Breakdown = { server: r.end - r.start, gc: 0, render: 0, statements: 0, connecting: 0, rest: 0 };
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1]!, points[i]!];
    if (b <= a) continue;
    const mid = (a + b) / 2;
    const label =
      labelled.find(([intervals]) => intervals.some(([s, e]) => s <= mid && mid < e))?.[1] ?? 'rest';
    out[label] += b - a;
  }
  return out;
}
