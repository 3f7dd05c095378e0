import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { londonDate } from '../../domain/calendar';
import {
  type AppProcess,
  createChildDatabase,
  createDataDir,
  get,
  post,
  startApp,
} from './support/app-process';
import { until } from './support/until';

/**
 * Issue 14: `CSTR_ENGINE=in-process CSTR_DEV_CLOCK=1 npm start`, `npm run demo`, stop, start again — once
 * gracefully, once with kill -9. Each time every demo case still takes commands on its workflows, the
 * development clock is where it was, and the timers set before the stops still fire.
 */

const ROOT = path.resolve(__dirname, '../..');

let database: Awaited<ReturnType<typeof createChildDatabase>>;
let dataDir: Awaited<ReturnType<typeof createDataDir>>;
let app: AppProcess | undefined;

beforeAll(async () => {
  [database, dataDir] = await Promise.all([createChildDatabase(), createDataDir()]);
});

afterAll(async () => {
  await app?.stop(5_000);
  await database?.drop();
  await dataDir?.remove();
});

const start = () =>
  startApp({ databaseUrl: database.url, dataDir: dataDir.dir, env: { CSTR_DEV_CLOCK: '1' } });

async function devNow(a: AppProcess): Promise<number> {
  const body = (await (await fetch(`${a.base}/dev/clock`)).json()) as { now: string };
  return Date.parse(body.now);
}

function seedDemo(a: AppProcess): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/demo.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', BASE_URL: a.base, CSTR_DATA_DIR: a.dataDir },
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

interface Case {
  id: string;
  status: string;
}

async function orders(a: AppProcess): Promise<Case[]> {
  const probation = await a.token('probation', 'N07LDN');
  const res = await get(a, '/v1/orders?limit=50', probation);
  return ((await res.json()) as { items: Case[] }).items;
}

/**
 * Two order commands (the order's workflow) and a booking on each requirement (the requirements' workflows),
 * the cases side by side (each its own workflows).
 */
async function everyCaseTakesCommands(a: AppProcess, cases: Case[], area: string): Promise<void> {
  const court = await a.token('court', 'B01LY00');
  const probation = await a.token('probation', 'N07LDN');
  const now = await devNow(a);
  const today = londonDate(new Date(now).toISOString());
  const eachCase = async (c: Case) => {
    const permitted = await post(a, `/v1/orders/${c.id}/residence-change`, probation, {
      newHomeLocalJusticeArea: area,
      permittedOn: today,
    });
    expect(permitted.status, `order ${c.id}: ${await permitted.clone().text()}`).toBe(200);
    const amended = await post(a, `/v1/orders/${c.id}/home-local-justice-area`, court, {
      newHomeLocalJusticeArea: area,
      amendedOn: today,
    });
    expect(amended.status, `order ${c.id}: ${await amended.clone().text()}`).toBe(200);
    const order = (await (await get(a, `/v1/orders/${c.id}`, probation)).json()) as {
      requirements: { id: string; status: string }[];
    };
    for (const r of order.requirements.filter((x) => x.status === 'ACTIVE')) {
      const booked = await post(a, `/v1/requirements/${r.id}/appointments`, probation, {
        start: new Date(now + 86_400_000).toISOString(),
        durationMinutes: 50,
        kind: 'ONE_TO_ONE',
        deliveryMode: 'IN_PERSON',
        enforceable: true,
      });
      expect(booked.status, `requirement ${r.id}: ${await booked.clone().text()}`).toBe(201);
    }
  };
  await Promise.all(cases.map(eachCase));
}

describe('the in-process engine across restarts', () => {
  it('keeps every demo case working after a graceful stop and after kill -9, with the clock where it was', async () => {
    app = await start();
    const demo = await seedDemo(app);
    expect(demo.code, demo.output).toBe(0);
    const cases = await orders(app);
    expect(cases.filter((c) => c.status === 'ACTIVE')).toHaveLength(6);
    const beforeStop = await devNow(app);
    // The demo moved the clock months ahead of real time.
    expect(beforeStop - Date.now()).toBeGreaterThan(30 * 86_400_000);

    expect(await app.stop()).toEqual({ code: 0, signal: null });
    app = await start();
    const afterStart = await devNow(app);
    expect(afterStart).toBeGreaterThanOrEqual(beforeStop);
    expect(afterStart - beforeStop).toBeLessThan(10 * 60_000);
    await everyCaseTakesCommands(app, cases, 'Camden');

    const beforeKill = await devNow(app);
    app.child.kill('SIGKILL');
    expect(await app.exited).toEqual({ code: null, signal: 'SIGKILL' });
    app = await start();
    expect(await devNow(app)).toBeGreaterThanOrEqual(beforeKill);
    await everyCaseTakesCommands(app, cases, 'Hackney');

    // Three years on, every order's deadlines have passed: the timers set before both stops fire.
    const probation = await app.token('probation', 'N07LDN');
    const eventCounts = new Map<string, number>();
    const countEvents = async (id: string) =>
      (
        (await (await get(app!, `/v1/orders/${id}/events?limit=200`, probation)).json()) as {
          items: unknown[];
        }
      ).items.length;
    for (const c of cases) eventCounts.set(c.id, await countEvents(c.id));
    const advanced = await fetch(`${app.base}/dev/clock`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ advance: 'P1100D' }),
    });
    expect(advanced.status).toBe(200);
    for (const c of cases) {
      await until(`time to pass on order ${c.id}`, async () =>
        (await countEvents(c.id)) > eventCounts.get(c.id)! ? true : undefined,
      );
    }
    expect(await app.stop()).toEqual({ code: 0, signal: null });
  }, 300_000);
});
