import { readFileSync } from 'node:fs';
import { setTimeout } from 'node:timers/promises';
import os from 'node:os';
import { runLoad } from '../load/run';
import { cpuMs, postgresCpu, postgresCpuBetween } from '../support/cpu';
import { parseArgs } from '../support/args';
import { epochNow } from '../support/intervals';
import { runMain } from '../support/main';
import { settleAfterLoad, startBenchDatabase } from '../support/postgres';
import { SNAPSHOT_AT } from '../data/snapshot';
import { designYearFile } from '../data/year-file';
import { loadOpenYear, readTargets } from './data';
import { readCounters } from './counters';
import { readRequests } from './requests';
import { type ReadServer, startReadApi, startReadBaseline } from './stack';

// The read bench's saturation phase (sockets, the request log, the load generator in its own process), cut
// into WINDOW_MS windows and repeated, ours and the baseline in turn, from the processes' start, so that each
// window shows whether the CPU a read still falls (V8 still compiling), how busy the API process is (well
// under a core: it waits, on Postgres or for a CPU), and what the load generator and Postgres cost a read:
//   npx tsx bench/read/windows.ts --scale 0.01
// ROUNDS (12) windows a side of WINDOW_MS (5,000) with 16 in flight; PROCESSES=1,2 runs each count in turn.
// IDLE_MS=30000: each side's turn is IDLE_MS idle, then a window "after idle" and one straight after ("then"),
// as the bench's saturation phase follows ours' 30 s idle (the baseline's phase at 200/s).

const IN_FLIGHT = 16;
const ROUNDS = Number(process.env.ROUNDS ?? 12);
const WINDOW_MS = Number(process.env.WINDOW_MS ?? 5_000);
const PROCESSES = (process.env.PROCESSES ?? '1').split(',').map(Number);
const IDLE_MS = Number(process.env.IDLE_MS ?? 0);

/** The CPU (ms) of this process's children that have exited and been waited for: each window's load generator. */
function childrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
}

async function main(): Promise<void> {
  const { scale } = parseArgs(process.argv.slice(2));
  const db = await startBenchDatabase('read_windows');
  const servers: ReadServer[] = [];
  try {
    await loadOpenYear(db.url, await designYearFile({ scale }), (m) => console.error(m));
    await settleAfterLoad(db.pool);
    const targets = await readTargets(db.pool);
    for (const processes of PROCESSES) {
      const api = await startReadApi(db.url, SNAPSHOT_AT, processes);
      servers.push(api);
      const baseline = await startReadBaseline(db.url, targets.pdu, processes);
      servers.push(baseline);
      console.error(`read windows: ours ${api.pids.join(' ')}, baseline ${baseline.pids.join(' ')}`);
      const token = await api.issuer.mint({
        role: 'probation',
        org: targets.pdu,
        sub: 'probation-officer-1',
      });
      const sides = [
        {
          name: 'ours',
          server: api as ReadServer,
          take: readRequests(
            api.base,
            targets,
            { Authorization: `Bearer ${token}` },
            {
              order: (id) => `/v1/orders/${id}`,
              requirements: '/v1/requirements',
              deadlines: '/v1/deadlines',
            },
          ),
        },
        {
          name: 'baseline',
          server: baseline,
          take: readRequests(
            baseline.base,
            targets,
            {},
            {
              order: (id) => `/baseline/orders/${id}`,
              requirements: '/baseline/requirements',
              deadlines: '/baseline/deadlines',
            },
          ),
        },
      ];
      console.log(
        `| ${processes} process${processes === 1 ? '' : 'es'}: window | side | req/s | API CPU a read (ms) | API busy (cores) | Postgres CPU a read (ms) | load generator (ms) | transactions a read | WAL fsyncs a read | new connections | API main thread / other threads a read (ms) | API waiting for a CPU a read (ms) | API context switches a read (preempted) |`,
      );
      console.log(
        '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      );
      const window = async (round: number, side: (typeof sides)[number], when: string) => {
        const cpuBefore = cpuMs(side.server.pids) - cpuMs();
        const pgBefore = postgresCpu(db.dataDir);
        const generatorBefore = childrenCpuMs();
        const before = await readCounters(db.pool, side.server.pids);
        const started = epochNow();
        const report = await runLoad({
          rate: 0,
          durationMs: WINDOW_MS,
          requests: side.take(3 * targets.orderIds.length),
          concurrency: IN_FLIGHT,
        });
        const ended = epochNow();
        const wall = ended - started;
        // To cut the servers' traces (BENCH_READ_TRACE) by window.
        console.error(
          `window ${round + 1}${when} ${side.name}: epoch ${started.toFixed(0)}–${ended.toFixed(0)}`,
        );
        const cpu = cpuMs(side.server.pids) - cpuMs() - cpuBefore;
        const pgCpu = postgresCpuBetween(pgBefore, postgresCpu(db.dataDir));
        const generator = childrenCpuMs() - generatorBefore;
        const after = await readCounters(db.pool, side.server.pids);
        if (report.errors > 0) throw new Error(`${side.name}: ${report.errors} errors`);
        const a = (x: number) => (x / report.sent).toFixed(3);
        console.log(
          `| ${round + 1}${when} | ${side.name} | ${report.achievedRate.toFixed(0)} | ${a(cpu)} | ${(cpu / wall).toFixed(2)} | ${a(pgCpu)} | ${a(generator)} | ${a(after.commits - before.commits)} | ${a(after.syncs - before.syncs)} | ${after.sessions - before.sessions} | ${a(after.mainThreadMs - before.mainThreadMs)} / ${a(after.otherThreadsMs - before.otherThreadsMs)} | ${a(after.waitingMs - before.waitingMs)} | ${a(after.voluntary - before.voluntary)} (${a(after.involuntary - before.involuntary)}) |`,
        );
      };
      for (let round = 0; round < ROUNDS; round++)
        for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
          if (IDLE_MS === 0) {
            await window(round, side, '');
            continue;
          }
          await setTimeout(IDLE_MS);
          await window(round, side, ' after idle');
          await window(round, side, ' then');
        }
      await api.close();
      await baseline.close();
      servers.length = 0;
    }
    console.log(
      `${ROUNDS} windows a side of ${WINDOW_MS} ms, ${IN_FLIGHT} in flight, scale ${scale}, load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    for (const s of servers) await s.close();
    await db.stop();
  }
}

runMain(main);
