import type pg from 'pg';
import type { LoadRequest } from '../load/job';
import { type PhaseFigures, describePhase, figures, loadMeasures, runLoad } from '../load/run';
import { saturationNote, searchSaturation } from '../load/saturation';
import type { Benchmark } from '../support/benchmark';
import { createPool } from '../../db/pool';
import { cpuMs } from '../support/cpu';
import { recordPerf } from '../support/perf';
import type { Measure } from '../support/result';
import { startBaseline } from './baseline';
import { mintTokens, writeClients } from './cases';
import { RATE, writePlan } from './plan';
import { prepareDueAppointments } from './prepare';
import { baselineRequest, dispenser, outcomeRequest } from './requests';
import { MAX_CACHED_WORKFLOWS } from '../../app/worker';
import { startWriteStack } from './stack';
import {
  type WriteBreakdown,
  blockedBy,
  breakdownTable,
  breakdowns,
  meanOf,
  persistStatements,
} from './timing';

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s[Math.floor((s.length - 1) / 2)]!;
};

/** Each part of a write's time: its p50 over the phase and its mean over the slowest 1% (the tail). */
function splitMeasures(bs: readonly WriteBreakdown[]): Measure[] {
  const slowest = meanOf(bs.slice(0, Math.max(1, Math.ceil(bs.length / 100))));
  const parts: [keyof WriteBreakdown, string][] = [
    ['apiBefore', 'API until the Update is sent'],
    ['update', 'the Update (Temporal, workflow tasks, activity)'],
    ['workflowTasks', "the Update's workflow activations"],
    ['activityCode', "the Update's persist activity outside Postgres"],
    ['activityStatements', "the Update's persist statements"],
    ['temporal', "the Update's rest (stand-in, Core, gRPC, waits)"],
    ['apiAfter', 'API after the Update'],
    ['gc', 'GC pauses in the bench process meanwhile'],
    ['loopBlocked', "the bench process's event loop blocked meanwhile"],
  ];
  return parts.flatMap(([key, label]) => [
    {
      name: `time split, p50: ${label}`,
      unit: 'ms',
      ours: median(bs.map((b) => b[key])),
      baseline: null,
      better: 'lower',
    },
    {
      name: `time split, slowest 1% mean: ${label}`,
      unit: 'ms',
      ours: slowest[key],
      baseline: null,
      better: 'lower',
    },
  ]);
}

/**
 * Postgres's time in each PL/pgSQL function (the triggers) from now on (track_functions, reloaded for every
 * session): the returned call reads it, per write.
 */
async function functionTimes(pool: pg.Pool): Promise<(writes: number) => Promise<string>> {
  await pool.query("ALTER SYSTEM SET track_functions = 'pl'");
  await pool.query('SELECT pg_reload_conf()');
  await pool.query('SELECT pg_stat_reset()');
  return async (writes) => {
    // Backends report their counts when idle, at most a second late.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const { rows } = await pool.query<{ funcname: string; calls: string; total: number; self: number }>(
      `SELECT funcname, calls, total_time AS total, self_time AS self FROM pg_stat_user_functions
       ORDER BY total_time DESC`,
    );
    return [
      'Postgres functions (triggers) during the phase, per write:',
      '| function | calls | ms in all | ms its own |',
      '| --- | ---: | ---: | ---: |',
      ...rows.map(
        (r) =>
          `| ${r.funcname} | ${(Number(r.calls) / writes).toFixed(2)} | ${(r.total / writes).toFixed(3)} | ${(r.self / writes).toFixed(3)} |`,
      ),
    ].join('\n');
  };
}

/** POST …/appointments/{id}/outcome end to end at 20/s and a saturation search, against a bare Hono route. */
export const writeBenchmark: Benchmark = {
  name: 'write',
  describe:
    'POST …/appointments/{id}/outcome end to end (API, Update, workflow, persist) at 20/s, and saturation',
  run: async ({ scale, log }) => {
    const p = writePlan(scale);
    const stack = await startWriteStack(log);
    const baselinePool = createPool({ url: stack.db.url });
    let baseline: Awaited<ReturnType<typeof startBaseline>> | undefined;
    try {
      baseline = await startBaseline(baselinePool, stack.db.pool);
      const bareBase = baseline.base;
      const tokens = await mintTokens(stack.issuer);
      const prepStarted = performance.now();
      const { due, drrs, how } = await prepareDueAppointments({
        clients: writeClients(stack.base, tokens),
        pool: stack.db.pool,
        clock: stack.clock,
        appointments: p.appointments,
      });
      const prepSeconds = (performance.now() - prepStarted) / 1000;
      const prepared = `${drrs} DRRs, ${due.length} due appointments prepared through the API in ${prepSeconds.toFixed(1)} s (${how})`;
      log(`write: ${prepared}`);
      const take = dispenser(due.map((a) => outcomeRequest(stack.base, tokens.provider, a)));
      const bare = (n: number): LoadRequest[] =>
        Array.from({ length: n }, (_, i) => baselineRequest(bareBase, due[i % due.length]!));
      const phase = async (label: string, ms: number, requests: (n: number) => LoadRequest[]) => {
        const count = Math.ceil((RATE * ms) / 1000);
        const f = figures(await runLoad({ rate: RATE, durationMs: ms, requests: requests(count) }));
        log(describePhase(`write: ${label}`, f));
        return f;
      };
      await phase('warm-up (ours)', p.warmUpMs, take);
      await phase('warm-up (baseline)', p.warmUpMs, bare);
      await stack.journalSyncs();
      const functions = process.env.BENCH_WRITE_FUNCTIONS ? await functionTimes(stack.db.pool) : null;
      stack.timings.reset();
      if (process.env.BENCH_WRITE_PROFILE) await stack.timings.profile();
      const standIn = stack.standInPid === null ? [] : [stack.standInPid];
      const perf = process.env.BENCH_WRITE_PERF
        ? await recordPerf(process.env.BENCH_WRITE_PERF, [process.pid, ...standIn])
        : null;
      const cpuBefore = { bench: cpuMs(), standIn: cpuMs(standIn) - cpuMs() };
      const oursReport = await runLoad({
        rate: RATE,
        durationMs: p.measureMs,
        requests: take(Math.ceil((RATE * p.measureMs) / 1000)),
        timeline: true,
      });
      const ours: PhaseFigures = figures(oursReport);
      log(describePhase('write: ours', ours));
      const cpu = {
        bench: (cpuMs() - cpuBefore.bench) / ours.sent,
        standIn: (cpuMs(standIn) - cpuMs() - cpuBefore.standIn) / ours.sent,
      };
      await perf?.stop();
      const samples = await stack.timings.stopProfile();
      const snapshot = stack.timings.snapshot(await stack.journalSyncs());
      const split = breakdowns(snapshot, oursReport.timeline ?? []);
      if (samples.length) log(`write: ${blockedBy(snapshot, oursReport.timeline ?? [], samples)}`);
      log(
        `write: where each request's time went at ${RATE}/s (ms; "meanwhile" columns from due to answered)\n${breakdownTable(split)}`,
      );
      log(`write: ${persistStatements(snapshot, ours.sent)}`);
      if (functions) log(`write: ${await functions(ours.sent)}`);
      const base: PhaseFigures = await phase('baseline', p.measureMs, bare);
      const oursSat = await searchSaturation({
        label: 'write: ours',
        from: ours,
        stepMs: p.stepMs,
        take,
        log,
      });
      const baseSat = await searchSaturation({
        label: 'write: baseline',
        from: base,
        stepMs: p.stepMs,
        take: bare,
        log,
      });
      const measures: Measure[] = [
        { name: `p50 at ${RATE}/s`, unit: 'ms', ours: ours.p50, baseline: base.p50, better: 'lower' },
        {
          name: `p99 at ${RATE}/s`,
          unit: 'ms',
          ours: ours.p99,
          baseline: base.p99,
          better: 'lower',
          target: 150,
        },
        ...loadMeasures(RATE, ours, base),
        {
          name: 'saturation (last rate held)',
          unit: 'req/s',
          ours: oursSat.held ?? 0,
          baseline: baseSat.held ?? 0,
          better: 'higher',
        },
        ...splitMeasures(split),
        {
          name: `CPU per request at ${RATE}/s: the bench process (API, worker${standIn.length ? '' : ', stand-in'})`,
          unit: 'ms',
          ours: cpu.bench,
          baseline: null,
          better: 'lower',
        },
        ...(standIn.length
          ? [
              {
                name: `CPU per request at ${RATE}/s: the stand-in's own process`,
                unit: 'ms',
                ours: cpu.standIn,
                baseline: null,
                better: 'lower',
              } satisfies Measure,
            ]
          : []),
      ];
      const workflows = 2 * drrs;
      const evicted =
        workflows > MAX_CACHED_WORKFLOWS
          ? [
              `${workflows} workflows opened (an order and a requirement per DRR), more than the worker caches (${MAX_CACHED_WORKFLOWS}): requests past the newest ~${MAX_CACHED_WORKFLOWS / 2} DRRs reach evicted workflows, replayed from their history`,
            ]
          : [];
      return {
        measures,
        notes: [
          `${ours.sent} requests measured at ${RATE}/s over ${(p.measureMs / 1000).toFixed(0)} s after a ${(p.warmUpMs / 1000).toFixed(0)} s warm-up, saturation steps of ${(p.stepMs / 1000).toFixed(0)} s; ${prepared}; server: ${stack.temporal}`,
          saturationNote('ours', oursSat),
          saturationNote('baseline', baseSat),
          `time split (bench/write/timing.ts) over ${split.length} requests: within the Update, the activations and persist activities of the request's order's workflows and the activities' statements (BEGIN/COMMIT included); the rest of the Update is the Temporal server (the stand-in's share in this process unless BENCH_STAND_IN=process), Core, gRPC and waiting for a poll`,
          ...evicted,
        ],
      };
    } finally {
      await baseline?.close();
      await baselinePool.end();
      await stack.close();
    }
  },
};
