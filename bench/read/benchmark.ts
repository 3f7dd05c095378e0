import { describePhase, figures, loadMeasures, runLoad } from '../load/run';
import { saturationNote, searchSaturation } from '../load/saturation';
import type { LoadRequest } from '../load/job';
import type { Benchmark } from '../support/benchmark';
import { startBenchDatabase } from '../support/postgres';
import type { Measure } from '../support/result';
import { cpuMs } from '../support/cpu';
import { createPool } from '../../db/pool';
import { startReadBaseline } from './baseline';
import { SNAPSHOT_AT } from '../data/snapshot';
import { designYearFile, generatedNote } from '../data/year-file';
import { loadOpenYear, readTargets } from './data';
import { readRequests } from './requests';
import { sameRows } from './verify';
import { startReadApi } from './stack';

const RATE = 200;

/** API_PROCESSES, as the app reads it: unset, the API runs in the benchmark's process. */
function apiProcesses(): number | undefined {
  const given = process.env.API_PROCESSES;
  if (given === undefined || given === '') return undefined;
  const n = Number(given);
  if (!Number.isInteger(n) || n < 1) throw new Error(`API_PROCESSES takes a whole number ≥ 1, not ${given}`);
  return n;
}

function plan(scale: number) {
  const f = Math.min(1, Math.sqrt(scale));
  return {
    warmUpMs: Math.max(3_000, 10_000 * f),
    measureMs: Math.max(5_000, 30_000 * f),
    stepMs: Math.max(2_000, 10_000 * f),
  };
}

/** GET an order, requirements by status and deadlines over a loaded design year at 200/s, and saturation. */
export const readBenchmark: Benchmark = {
  name: 'read',
  describe:
    'GET /v1/orders/{id}, /v1/requirements?status=…, /v1/deadlines over a loaded design year at 200/s',
  run: async ({ scale, log }) => {
    const p = plan(scale);
    const file = await designYearFile({ scale });
    const db = await startBenchDatabase('read');
    const loaded = await loadOpenYear(db.url, file, log);
    log(`read: ${file.orders} orders (${loaded.events} events) loaded in ${loaded.seconds.toFixed(1)} s`);
    const targets = await readTargets(db.pool);
    const processes = apiProcesses();
    const api = await startReadApi(db.url, SNAPSHOT_AT, processes);
    const baselinePool = createPool({ url: db.url });
    const baseline = await startReadBaseline(baselinePool, targets.pdu);
    try {
      const token = await api.issuer.mint({
        role: 'probation',
        org: targets.pdu,
        sub: 'probation-officer-1',
      });
      const ours = readRequests(
        api.base,
        targets,
        { Authorization: `Bearer ${token}` },
        {
          order: (id) => `/v1/orders/${id}`,
          requirements: '/v1/requirements',
          deadlines: '/v1/deadlines',
        },
      );
      const bare = readRequests(
        baseline.base,
        targets,
        {},
        {
          order: (id) => `/baseline/orders/${id}`,
          requirements: '/baseline/requirements',
          deadlines: '/baseline/deadlines',
        },
      );
      const rows = await sameRows(ours, bare);
      log(`read: ours and the baseline return the same row counts: ${JSON.stringify(rows)}`);
      // CPU per read of the process(es) serving it: this one (the API in it, or the primary handing out
      // connections) and the API processes; for the baseline, this one. Steadier than latency on a busy machine.
      const phase = async (
        label: string,
        ms: number,
        take: (n: number) => LoadRequest[],
        pids: readonly number[] = [],
      ) => {
        const cpuBefore = cpuMs(pids);
        const f = figures(
          await runLoad({ rate: RATE, durationMs: ms, requests: take(Math.ceil((RATE * ms) / 1000)) }),
        );
        const cpuPerRead = (cpuMs(pids) - cpuBefore) / f.sent;
        log(`${describePhase(`read: ${label}`, f)}, ${cpuPerRead.toFixed(2)} ms CPU a read`);
        return { ...f, cpuPerRead };
      };
      await phase('warm-up (ours)', p.warmUpMs, ours, api.pids);
      await phase('warm-up (baseline)', p.warmUpMs, bare);
      const o = await phase('ours', p.measureMs, ours, api.pids);
      const b = await phase('baseline', p.measureMs, bare);
      const oSat = await searchSaturation({
        label: 'read: ours',
        from: o,
        stepMs: p.stepMs,
        take: ours,
        log,
      });
      const bSat = await searchSaturation({
        label: 'read: baseline',
        from: b,
        stepMs: p.stepMs,
        take: bare,
        log,
      });
      const measures: Measure[] = [
        { name: `p50 at ${RATE}/s`, unit: 'ms', ours: o.p50, baseline: b.p50, better: 'lower' },
        { name: `p99 at ${RATE}/s`, unit: 'ms', ours: o.p99, baseline: b.p99, better: 'lower', target: 30 },
        {
          name: `CPU per read at ${RATE}/s (serving processes)`,
          unit: 'ms',
          ours: o.cpuPerRead,
          baseline: b.cpuPerRead,
          better: 'lower',
        },
        ...loadMeasures(RATE, o, b),
        {
          name: 'saturation (last rate held)',
          unit: 'req/s',
          ours: oSat.held ?? 0,
          baseline: bSat.held ?? 0,
          better: 'higher',
          target: 1_000,
        },
      ];
      return {
        measures,
        notes: [
          `same row counts from ours and the baseline for one order, requirements and deadlines (${JSON.stringify(rows)}); ${file.orders} orders as they stood at ${SNAPSHOT_AT} (every one open; ${loaded.events} events) loaded by the ingest loader in ${loaded.seconds.toFixed(1)} s, the API's clock at that instant; a probation token for ${targets.pdu} (${targets.orderIds.length} orders), requirements?status=${targets.status}; the three reads in turn; the API ${processes ? `in ${processes} processes sharing its port (API_PROCESSES)` : "in the benchmark's process"}; ${o.sent} requests measured at ${RATE}/s over ${(p.measureMs / 1000).toFixed(0)} s after a ${(p.warmUpMs / 1000).toFixed(0)} s warm-up`,
          saturationNote('ours', oSat),
          generatedNote(file.generatedSeconds),
          saturationNote('baseline', bSat),
        ],
      };
    } finally {
      await baseline.close();
      await baselinePool.end();
      await api.close();
      await db.stop();
    }
  },
};
