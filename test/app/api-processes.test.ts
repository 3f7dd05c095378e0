import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AppProcess,
  createChildDatabase,
  createDataDir,
  openCaseBody,
  portOpen,
  post,
  startApp,
} from './support/app-process';
import { until } from './support/until';
import { API_PROCESS_NODE_FLAGS } from '../../app/api-processes';

/** Issue 15: API_PROCESSES=2 serves the API from two processes on one port, and stops as one app. */

let database: Awaited<ReturnType<typeof createChildDatabase>>;
let dataDir: Awaited<ReturnType<typeof createDataDir>>;
let app: AppProcess | undefined;

beforeAll(async () => {
  [database, dataDir] = await Promise.all([createChildDatabase(), createDataDir()]);
  app = await startApp({
    databaseUrl: database.url,
    dataDir: dataDir.dir,
    env: { API_PROCESSES: '2' },
    // Three processes start (the primary and two API processes): more to load on a busy machine.
    readyWithinMs: 90_000,
  });
});

afterAll(async () => {
  await app?.stop(10_000);
  await database?.drop();
  await dataDir?.remove();
});

/** The process ids of the request log lines for a route. */
function answeredBy(route: string): Set<number> {
  const pids = app!.stdout
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { msg?: string; route?: string; pid?: number })
    .filter((l) => l.msg === 'request' && l.route === route)
    .map((l) => l.pid);
  return new Set(pids.filter((pid): pid is number => pid !== undefined));
}

/**
 * A GET on a connection of its own, closed after the answer: the primary hands each new connection to the
 * next API process, whereas a pooled keep-alive connection stays with the process that took it.
 */
function statusOnNewConnection(url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false, headers: { Authorization: `Bearer ${token}` } }, (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode!));
      })
      .once('error', reject);
  });
}

describe('API_PROCESSES', () => {
  it('answers writes and reads from two processes sharing the port, and stops them all on SIGTERM', async () => {
    const a = app!;
    const assessor = await a.token('court-assessor', 'B01LY00');
    const opened = await post(a, '/v1/orders', assessor, openCaseBody());
    expect(opened.status, await opened.clone().text()).toBe(201);
    const { orderId } = (await opened.json()) as { orderId: string };

    // /health/ready answers as soon as one API process listens; the primary logs `started` once all do.
    await until('both API processes to listen', () =>
      a.stdout.some((l) => l.includes('"msg":"started"')) ? true : undefined,
    );
    // Each read on a new connection, which the primary hands to the processes in turn; a request's log line
    // may reach stdout after its answer, so read in rounds until both processes have logged one.
    const pids = await until('reads answered by both API processes', async () => {
      const reads = await Promise.all(
        Array.from({ length: 4 }, () => statusOnNewConnection(`${a.base}/v1/orders/${orderId}`, assessor)),
      );
      expect(reads).toEqual(Array(4).fill(200));
      const seen = answeredBy('/v1/orders/:orderId');
      return seen.size >= 2 ? seen : undefined;
    });
    expect(pids.size).toBe(2);
    expect(pids.has(a.child.pid!)).toBe(false);
    // Each runs with the API's V8 flags, the primary (which runs the worker) without them.
    const flagsOf = async (pid: number) => (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    for (const pid of pids)
      expect(await flagsOf(pid)).toEqual(expect.arrayContaining(API_PROCESS_NODE_FLAGS));
    expect(await flagsOf(a.child.pid!)).not.toContain('--no-memory-reducer');

    expect(await a.stop(10_000)).toEqual({ code: 0, signal: null });
    expect(await portOpen(a.port)).toBe(false);
  });
});
