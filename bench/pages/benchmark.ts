import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SNAPSHOT_AT } from '../data/snapshot';
import { designYearFile, generatedNote } from '../data/year-file';
import type { LoadRequest } from '../load/job';
import { percentile } from '../load/job';
import { describePhase, figures, loadMeasures, runLoad } from '../load/run';
import { loadOpenYear, readTargets } from '../read/data';
import type { Benchmark } from '../support/benchmark';
import { cpuMs } from '../support/cpu';
import { profiled } from '../support/cpu-profile';
import { settleAfterLoad, startBenchDatabase } from '../support/postgres';
import type { Measure } from '../support/result';
import { keptOpenYear } from '../read/kept-year';
import { startBareRender, startPages } from './stack';
import type { PageTimings } from './timing';

const RATE = 100;
/** Pages a closed-loop round sends. */
const CLOSED_LOOP_PAGES = 600;

type FetchHandler = (request: Request) => Response | Promise<Response>;

/**
 * Warm-up 10 s, measured 30 s, shortened by √scale below 1 (at least 3 s and 10 s); `BENCH_PAGES_REQUESTS`
 * sets how many requests the measured phase sends instead (10000: 100 s, enough for a p99 of 50 pages a kind).
 */
function plan(scale: number) {
  const f = Math.min(1, Math.sqrt(scale));
  const requests = Number(process.env.BENCH_PAGES_REQUESTS ?? 0);
  if (!Number.isInteger(requests) || requests < 0)
    throw new Error(
      `BENCH_PAGES_REQUESTS takes a whole number of requests, not ${process.env.BENCH_PAGES_REQUESTS}`,
    );
  return {
    warmUpMs: Math.max(3_000, 10_000 * f),
    measureMs: requests > 0 ? (requests * 1000) / RATE : Math.max(10_000, 30_000 * f),
  };
}

/** The slowest 1%'s mean breakdown, as a log line's words. */
const describeTail = (t: ReturnType<PageTimings['slowest']>) =>
  `${t.server.toFixed(1)} ms = GC ${t.gc.toFixed(1)} + render ${t.render.toFixed(1)} + statements ${t.statements.toFixed(1)} + connecting ${t.connecting.toFixed(1)} + rest ${t.rest.toFixed(1)} (${t.withGc} of ${t.pages} in a GC pause)`;

/** The worklist and a case page in turn (cycling through the PDU's orders), with the given headers. */
function pageRequests(base: string, orderIds: readonly string[], headers: Record<string, string>) {
  let next = 0;
  return (n: number): LoadRequest[] =>
    Array.from({ length: n }, () => {
      const k = next++;
      const url =
        k % 2 === 0 ? `${base}/` : `${base}/cases/${orderIds[Math.floor(k / 2) % orderIds.length]!}`;
      return { url, method: 'GET' as const, headers };
    });
}

const TAIL_PARTS = {
  server: 'server time',
  gc: 'of it in GC pauses',
  render: 'rendering templates',
  statements: 'waiting for statements',
  connecting: 'waiting for a database connection',
  rest: 'the rest (queue, middleware, presenters)',
};

/** The page without what changes per response (the nonce, the CSRF token), for comparing ours with the baseline. */
const comparable = (html: string) =>
  /<main[\s\S]*<\/main>/.exec(html)?.[0].replace(/nonce="[^"]*"|value="[A-Za-z0-9_-]{20,}"/g, '') ?? '';

/**
 * The worklist (`/`) and the case page (`/cases/{orderId}`) over the loaded design year, signed in as the
 * busiest PDU's probation officer, at 100/s: p50/p99 of the server's time per page, beside a bare render of
 * the same templates with the same data fetched once.
 */
export const pagesBenchmark: Benchmark = {
  name: 'pages',
  describe:
    'GET / (worklist) and /cases/{id} over a loaded design year at 100/s, beside a bare template render',
  run: async ({ scale, log }) => {
    const p = plan(scale);
    const file = await designYearFile({ scale });
    // BENCH_PAGES_KEPT=1: the data kept by an earlier run (`keptOpenYear`), loaded only the first time.
    const kept = process.env.BENCH_PAGES_KEPT === '1';
    const db = kept ? await keptOpenYear('pages', scale, log) : await startBenchDatabase('pages');
    const loaded = kept ? null : await loadOpenYear(db.url, file, log);
    if (loaded) {
      log(`pages: ${file.orders} orders (${loaded.events} events) loaded in ${loaded.seconds.toFixed(1)} s`);
      await settleAfterLoad(db.pool);
    }
    const targets = await readTargets(db.pool);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cstr-bench-pages-'));
    const ours = await startPages(db.url, dir, SNAPSHOT_AT, targets.pdu);
    const bare = await startBareRender(ours.db, ours.principal, targets.orderIds, SNAPSHOT_AT);
    try {
      const oursRequests = pageRequests(ours.base, targets.orderIds, ours.headers);
      const bareRequests = pageRequests(bare.base, targets.orderIds, {});
      // Both must show the same pages: the worklist and the first case, compared without nonces.
      const oursFirst = pageRequests(ours.base, targets.orderIds, ours.headers)(2);
      const bareFirst = pageRequests(bare.base, targets.orderIds, {})(2);
      for (const [i, a] of oursFirst.entries()) {
        const [x, y] = await Promise.all([fetch(a.url, { headers: a.headers }), fetch(bareFirst[i]!.url)]);
        if (x.status !== 200 || comparable(await x.text()) !== comparable(await y.text()))
          throw new Error(`pages: ours and the bare render differ for ${new URL(a.url).pathname}`);
      }
      const phase = async (
        label: string,
        take: (n: number) => LoadRequest[],
        server: { timing: PageTimings },
        ms: number,
        profile?: string,
      ) => {
        server.timing.reset();
        const cpuBefore = cpuMs([]);
        const f = figures(
          await profiled(profile, () =>
            runLoad({ rate: RATE, durationMs: ms, requests: take(Math.ceil((RATE * ms) / 1000)) }),
          ),
        );
        // Both servers run in this process (the load generator in its own): its CPU is theirs.
        const cpuPerPage = (cpuMs([]) - cpuBefore) / f.sent;
        const worklist = server.timing.serverTimes('worklist');
        const casePage = server.timing.serverTimes('case');
        const server99 = { worklist: percentile(worklist, 99), case: percentile(casePage, 99) };
        const server50 = { worklist: percentile(worklist, 50), case: percentile(casePage, 50) };
        const tail = {
          all: server.timing.slowest(1),
          worklist: server.timing.slowest(1, 'worklist'),
          case: server.timing.slowest(1, 'case'),
        };
        log(
          `${describePhase(`pages: ${label}`, f)}; server p50/p99 worklist ${server50.worklist.toFixed(1)}/${server99.worklist.toFixed(1)} ms, case ${server50.case.toFixed(1)}/${server99.case.toFixed(1)} ms; ${cpuPerPage.toFixed(2)} ms CPU a page`,
        );
        log(`pages: ${label}: slowest 1% of worklists ${describeTail(tail.worklist)}`);
        log(`pages: ${label}: slowest 1% of case pages ${describeTail(tail.case)}`);
        return { ...f, server50, server99, cpuPerPage, tail: tail.all };
      };
      await phase('warm-up (ours)', oursRequests, ours, p.warmUpMs);
      await phase('warm-up (bare render)', bareRequests, bare, p.warmUpMs);
      const o = await phase('ours', oursRequests, ours, p.measureMs, process.env.BENCH_PAGES_CPU_PROFILE);
      const b = await phase('bare render', bareRequests, bare, p.measureMs);
      // CPU per page without a queue: one request at a time, straight to the app's handler (no HTTP), in
      // turn, twice each; the open loop's figure grows with the backlog when the machine cannot keep up.
      const closedLoop = async (label: string, take: (n: number) => LoadRequest[], handler: FetchHandler) => {
        const requests = take(CLOSED_LOOP_PAGES);
        const cpuBefore = cpuMs([]);
        for (const r of requests)
          await (await handler(new Request(r.url, { headers: r.headers }))).arrayBuffer();
        const perPage = (cpuMs([]) - cpuBefore) / requests.length;
        log(
          `pages: closed loop (${label}): ${requests.length} pages one at a time, ${perPage.toFixed(2)} ms CPU a page`,
        );
        return perPage;
      };
      const closed = { ours: [] as number[], bare: [] as number[] };
      for (let round = 0; round < 2; round++) {
        closed.ours.push(await closedLoop('ours', oursRequests, ours.handler));
        closed.bare.push(await closedLoop('bare render', bareRequests, bare.handler));
      }
      const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
      const measures: Measure[] = [
        {
          name: `worklist server p50 at ${RATE}/s`,
          unit: 'ms',
          ours: o.server50.worklist,
          baseline: b.server50.worklist,
          better: 'lower',
        },
        {
          name: `worklist server p99 at ${RATE}/s`,
          unit: 'ms',
          ours: o.server99.worklist,
          baseline: b.server99.worklist,
          better: 'lower',
          target: 50,
        },
        {
          name: `case page server p50 at ${RATE}/s`,
          unit: 'ms',
          ours: o.server50.case,
          baseline: b.server50.case,
          better: 'lower',
        },
        {
          name: `case page server p99 at ${RATE}/s`,
          unit: 'ms',
          ours: o.server99.case,
          baseline: b.server99.case,
          better: 'lower',
          target: 50,
        },
        {
          name: `CPU per page at ${RATE}/s (the serving process)`,
          unit: 'ms',
          ours: o.cpuPerPage,
          baseline: b.cpuPerPage,
          better: 'lower',
        },
        {
          name: `CPU per page, one at a time (mean of 2 × ${CLOSED_LOOP_PAGES})`,
          unit: 'ms',
          ours: mean(closed.ours),
          baseline: mean(closed.bare),
          better: 'lower',
        },
        {
          name: `client p99 at ${RATE}/s (both pages)`,
          unit: 'ms',
          ours: o.p99,
          baseline: b.p99,
          better: 'lower',
        },
        ...(['server', 'gc', 'render', 'statements', 'connecting', 'rest'] as const).map((part): Measure => ({
          name: `slowest 1% of pages (both kinds): ${TAIL_PARTS[part]}, mean`,
          unit: 'ms',
          ours: o.tail[part],
          baseline: b.tail[part],
          better: 'lower',
        })),
        ...loadMeasures(RATE, o, b),
      ];
      return {
        measures,
        notes: [
          `${file.orders} orders as they stood at ${SNAPSHOT_AT} ${loaded ? `(${loaded.events} events) loaded by the ingest loader in ${loaded.seconds.toFixed(1)} s` : '(kept from an earlier load: BENCH_PAGES_KEPT)'}; signed in as probation at ${targets.pdu} (${targets.orderIds.length} orders); the worklist and a case page in turn, ${o.sent} requests at ${RATE}/s over ${(p.measureMs / 1000).toFixed(0)} s after a ${(p.warmUpMs / 1000).toFixed(0)} s warm-up; server time from the request reaching the app to its whole body`,
          'baseline: the same templates and presenters rendered by a bare Hono route from the same data fetched once (no database, no session, no middleware); before timing, both answered the same <main> for the worklist and the first case',
          generatedNote(file.generatedSeconds),
        ],
      };
    } finally {
      await bare.close();
      await ours.close();
      await rm(dir, { recursive: true, force: true });
      await db.stop();
    }
  },
};
