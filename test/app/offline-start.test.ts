import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AppProcess,
  createChildDatabase,
  createDataDir,
  get,
  openCaseBody,
  post,
  startApp,
} from './support/app-process';

/**
 * Issue 14: a plain `npm start` (no TEMPORAL_ADDRESS, no CSTR_ENGINE) on a machine that cannot download the
 * Temporal dev server. Outside production it falls back to the durable stand-in and serves the API; in
 * production it stops and names the ways forward. The stand-in never starts empty beside a database that
 * holds cases, nor on a state file it cannot read.
 */

// The dev server is downloaded through this proxy, where nothing listens: "cannot fetch" without relying on
// the machine having no network.
const OFFLINE = { HTTPS_PROXY: 'http://127.0.0.1:9', https_proxy: 'http://127.0.0.1:9' };
const PLAIN_START = { ...OFFLINE, CSTR_ENGINE: undefined, NODE_ENV: undefined };

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

const start = (env: Record<string, string | undefined>) =>
  startApp({ databaseUrl: database.url, dataDir: dataDir.dir, env });

describe('npm start with no Temporal server to reach or download', () => {
  it('in production, stops and names the ways forward', async () => {
    await expect(start({ ...PLAIN_START, NODE_ENV: 'production' })).rejects.toThrow(
      /No Temporal server could be started here[\s\S]*Three ways forward/,
    );
  });

  it('otherwise falls back to the stand-in with a banner, serves the API, and keeps the cases it opens', async () => {
    app = await start(PLAIN_START);
    const banner = app.stdout.join('\n');
    expect(banner).toContain('the in-process stand-in Temporal server (state in');
    expect(banner).toContain('It was chosen because no Temporal server could be started here');
    const assessor = await app.token('court-assessor', 'B01LY00');
    const opened = await post(app, '/v1/orders', assessor, openCaseBody());
    expect(opened.status).toBe(201);
    expect(await app.stop()).toEqual({ code: 0, signal: null });

    // The next plain start finds the stand-in's state in the data directory and stays on it.
    app = await start(PLAIN_START);
    expect(app.stdout.join('\n')).toContain('this data directory already holds the stand-in server’s state');
    const { orderId } = (await opened.json()) as { orderId: string };
    const screened = await post(app, `/v1/orders/${orderId}/screening`, assessor, {
      outcome: 'PROCEED_TO_ASSESSMENT',
    });
    expect(screened.status, await screened.clone().text()).toBe(200);
    expect((await get(app, `/v1/orders/${orderId}`, assessor)).status).toBe(200);
    expect(await app.stop()).toEqual({ code: 0, signal: null });
  }, 180_000);

  it('refuses to start the stand-in empty beside a database that holds cases', async () => {
    const stateDir = path.join(dataDir.dir, 'local-temporal');
    await rename(stateDir, `${stateDir}.aside`);
    await expect(start({ CSTR_ENGINE: 'in-process' })).rejects.toThrow(
      /The database already holds cases, but the stand-in Temporal server has no state beside it \(.*state\.jsonl is missing\)/,
    );
    await rename(`${stateDir}.aside`, stateDir);
  });

  it('refuses to start on a state file it cannot read, naming the file and what to do', async () => {
    const stateDir = path.join(dataDir.dir, 'local-temporal');
    await mkdir(stateDir, { recursive: true });
    const file = path.join(stateDir, 'state.jsonl');
    await writeFile(file, 'not a state file\n');
    await expect(start({ CSTR_ENGINE: 'in-process' })).rejects.toThrow(
      `${file} cannot be read: line 1 is damaged`,
    );
  });
});
