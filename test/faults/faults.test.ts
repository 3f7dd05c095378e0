import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/pool';
import type { Database } from '../../db/schema';
import type { AppProcess } from '../app/support/app-process';
import { until } from '../app/support/until';
import { type Tally, checkInvariants } from './support/invariants';
import { type Attempt, LoadClient } from './support/load';
import {
  type Callers,
  type World,
  callers as callersOf,
  loadParties,
  seedActiveCase,
} from './support/parties';
import { KillablePostgres, SlowProxy, StandInProcess, startFaultApp } from './support/stack';

/**
 * Issue 14 (3): faults under load. Postgres (behind a proxy that can slow it), the stand-in Temporal server
 * and the app (API and worker in one process, as `npm start`) each run as a process of their own; five
 * parties send commands throughout; after each fault every acknowledged write is checked exactly once.
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Load before a fault, and after recovery, so that each fault lands mid-load and recovery is seen to hold. */
const LEAD_MS = 2_500;
const TRAIL_MS = 2_500;

let root: string;
let postgres: KillablePostgres;
let proxy: SlowProxy;
let standIn: StandInProcess;
let app: AppProcess;
let db: Kysely<Database>;
let connection: Connection;
let temporal: Client;
let who: Callers;
const world: World = { active: [], opened: [] };
let load: LoadClient;

const restartApp = async () => {
  app = await startFaultApp({
    databaseUrl: postgres.databaseUrl(proxy.port),
    dataDir: path.join(root, 'app'),
    temporalAddress: standIn.address,
  });
};

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'cstr-faults-'));
  await chmod(root, 0o755); // as root, Postgres runs as `postgres`, which must reach its data directory
  [postgres, standIn] = await Promise.all([
    KillablePostgres.start(path.join(root, 'pg')),
    StandInProcess.start(path.join(root, 'local-temporal')),
  ]);
  proxy = await SlowProxy.start(postgres.port);
  await restartApp();
  db = createDb({ url: postgres.databaseUrl(), role: null });
  connection = await Connection.connect({ address: standIn.address });
  temporal = new Client({ connection });
  who = await callersOf(app.dataDir, 'fault-load');
  world.active = await Promise.all([
    seedActiveCase(app.base, who, 'DRR', who.drugs),
    seedActiveCase(app.base, who, 'DRR', who.drugs),
    seedActiveCase(app.base, who, 'ATR', who.alcohol),
    seedActiveCase(app.base, who, 'ATR', who.alcohol),
  ]);
  const parties = loadParties(who, world, () => load);
  load = new LoadClient(() => app.base, parties);
}, 180_000);

afterAll(async () => {
  await app?.stop(5_000);
  await connection?.close();
  await db?.destroy();
  await proxy?.close();
  await standIn?.kill();
  await postgres?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

interface Fault {
  /** Breaks something; the load goes on. */
  inject(): Promise<void> | void;
  /** Mends it; resolves once the part is back. */
  remove(): Promise<void> | void;
  /** How long the fault lasts before it is removed. */
  holdMs: number;
}

interface Figures {
  fault: string;
  loadPerSecond: number;
  acknowledged: number;
  lost: number;
  duplicated: number;
  /** From the fault to the part being back (restarted and ready, or the delay removed). */
  outageMs: number;
  /** From the part being back to every party having a new command acknowledged. */
  recoverMs: number;
  /** Requests sent before the fault and not answered when it struck. */
  inFlightAtFault: number;
  /** The slowest answer while the fault lasted. */
  slowestAnswerMs: number;
  /** Writes still waiting to be acknowledged after the fault (retried on; checked at the end). */
  stillResending: number;
}

const report: Figures[] = [];

/** Runs the load, injects the fault mid-load, waits for every party to be served again, then checks. */
async function underLoad(
  name: string,
  fault: Fault,
): Promise<{ tally: Tally; figures: Figures; during: Attempt[] }> {
  const first = load.writes.length;
  const startedAt = Date.now();
  load.start();
  await sleep(LEAD_MS);
  const faultAt = Date.now();
  await fault.inject();
  await sleep(fault.holdMs);
  await fault.remove();
  const mendedAt = Date.now();
  // Recovered once every party has had a command acknowledged that it sent after the part came back.
  const recoveredAt = await waitFor(mendedAt, () =>
    until(
      `every party to be served after: ${name}`,
      () => {
        const times = load.parties.map((p) => {
          const served = load.writes
            .filter((w) => w.party === p.name)
            .flatMap((w) => w.attempts)
            .filter((a) => a.sentAt >= mendedAt && a.status >= 200 && a.status < 300)
            .map((a) => a.answeredAt);
          return served.length > 0 ? Math.min(...served) : undefined;
        });
        return times.every((t) => t !== undefined) ? Math.max(...times) : undefined;
      },
      60_000,
    ),
  );
  await sleep(TRAIL_MS);
  await load.stop();
  const stoppedAt = Date.now();
  await load.settle(5_000);
  const tally = await checkInvariants({ db, base: app.base, temporal, load, world, callers: who });
  // A 500 is logged with its error's class (never its message): say which.
  tally.broken.push(...app.stdout.filter((l) => l.includes('unexpected error')));
  const mine = load.writes.slice(first);
  const attempts = mine.flatMap((w) => w.attempts).filter((a) => a.sentAt < stoppedAt);
  const during = mine.flatMap((w) => w.attempts).filter((a) => a.sentAt >= faultAt && a.sentAt < mendedAt);
  const figures: Figures = {
    fault: name,
    loadPerSecond: Math.round((attempts.length / ((stoppedAt - startedAt) / 1000)) * 10) / 10,
    acknowledged: mine.filter((w) => w.acked).length,
    lost: tally.lost.length,
    duplicated: tally.duplicated.length,
    outageMs: mendedAt - faultAt,
    recoverMs: recoveredAt - mendedAt,
    inFlightAtFault: mine
      .flatMap((w) => w.attempts)
      .filter((a) => a.sentAt <= faultAt && a.answeredAt > faultAt).length,
    slowestAnswerMs: Math.max(0, ...during.filter((a) => a.status > 0).map((a) => a.answeredAt - a.sentAt)),
    stillResending: load.pending().length,
  };
  report.push(figures);
  process.stdout.write(`[faults] ${JSON.stringify(figures)}\n`);
  return { tally, figures, during };
}

/** What each party was answered since `from`, by status and problem type: says why recovery did not come. */
function answersSince(from: number): string {
  return load.parties
    .map((p) => {
      const tally = new Map<string, number>();
      for (const a of load.writes.filter((w) => w.party === p.name).flatMap((w) => w.attempts))
        if (a.sentAt >= from) {
          const k = `${a.status}${a.problemType ? ` ${a.problemType}` : ''}`;
          tally.set(k, (tally.get(k) ?? 0) + 1);
        }
      return `${p.name}: ${JSON.stringify(Object.fromEntries(tally))}`;
    })
    .join('\n');
}

async function waitFor<T>(from: number, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    await load.stop();
    throw new Error(
      `${String(error)}\nanswers since:\n${answersSince(from)}\n${app.stderr.slice(-20).join('\n')}`,
      { cause: error },
    );
  }
}

function expectClean(tally: Tally): void {
  const { lost, duplicated, broken } = tally;
  expect({ lost, duplicated, broken }).toEqual({ lost: [], duplicated: [], broken: [] });
}

describe.sequential('faults under load', () => {
  it('Postgres killed and restarted: 503 with Retry-After meanwhile, then each retry applied once', async () => {
    const { tally, during } = await underLoad('Postgres killed -9 and restarted', {
      inject: () => postgres.kill(),
      remove: () => postgres.restart(),
      holdMs: 3_000,
    });
    expectClean(tally);
    // While it was down the app answered every request (no hang), and what it refused it refused with 503.
    const refused = during.filter((a) => a.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    expect(during.filter((a) => a.status === 0)).toEqual([]);
    for (const a of refused) expect(a.retryAfter).toMatch(/^\d+$/);
  });

  it('Postgres slowed: clean timeouts, no pool deadlock, recovery within 10 s of the delay removed', async () => {
    const { tally, figures, during } = await underLoad('Postgres slowed by 2 s a packet', {
      inject: () => {
        proxy.delayMs = 2_000;
      },
      remove: () => {
        proxy.delayMs = 0;
      },
      holdMs: 5_000,
    });
    expectClean(tally);
    expect(during.filter((a) => a.status === 503).length).toBeGreaterThan(0);
    expect(during.filter((a) => a.status === 0)).toEqual([]);
    expect(figures.recoverMs).toBeLessThan(10_000);
  });

  it('the app killed -9 mid-load (the worker with it, mid-activity) and restarted', async () => {
    let inFlightAtKill = 0;
    const { tally } = await underLoad('app (API and worker) killed -9 and restarted', {
      inject: async () => {
        await until('a command in flight', () => (load.inFlight > 0 ? true : undefined));
        inFlightAtKill = load.inFlight;
        app.child.kill('SIGKILL');
        await app.exited;
      },
      remove: restartApp,
      holdMs: 500,
    });
    expectClean(tally);
    expect(inFlightAtKill).toBeGreaterThan(0);
  });

  it('the stand-in Temporal server killed -9 and restarted', async () => {
    const { tally } = await underLoad('stand-in Temporal server killed -9 and restarted', {
      inject: () => standIn.kill(),
      remove: () => standIn.restart(),
      holdMs: 1_000,
    });
    expectClean(tally);
  });

  it('every command delivered twice at once, and again later out of order: applied once, answered alike', async () => {
    load.duplicate = true;
    const { tally } = await underLoad('every Update twice, and replayed out of order', {
      inject: () => undefined,
      remove: () => undefined,
      holdMs: 4_000,
    });
    load.duplicate = false;
    expectClean(tally);
    const replays = load.writes.flatMap((w) => w.attempts).filter((a) => a.deliberateReplay);
    expect(replays.length).toBeGreaterThan(0);
    expect(replays.every((a) => a.replayed)).toBe(true);
  });

  it('in the end every write sent under every fault is acknowledged, exactly once', async () => {
    await load.settle(90_000);
    expect(load.pending()).toEqual([]);
    const tally = await checkInvariants({ db, base: app.base, temporal, load, world, callers: who });
    expectClean(tally);
    process.stdout.write(
      `[faults] in all: ${load.writes.length} writes, ${tally.acknowledged} acknowledged, ${tally.lost.length} lost, ${tally.duplicated.length} duplicated\n`,
    );
    console.table(report);
  }, 120_000);
});
