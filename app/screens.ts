import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';

// `npm run screens`: starts the app on a fresh data directory (the stand-in Temporal with the development
// clock), seeds the demo cases (`npm run demo`), signs in on the development sign-in page as each role and
// saves its main page, 1280 pixels wide and whole, as docs/screens/<role>.png. Needs Chromium at
// /usr/bin/chromium (or CHROMIUM_PATH). Development only: playwright-core is a development dependency.

const ROOT = path.join(__dirname, '..');
const OUT = path.join(ROOT, 'docs', 'screens');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

/** Each role's main page, signed in at one of the demo's organisations. */
const ROLES = [
  { role: 'court-assessor', org: 'B01LY00', home: '/' },
  { role: 'court', org: 'B01LY00', home: '/' },
  { role: 'provider', org: 'PROV-DRUGS', home: '/' },
  { role: 'probation', org: 'N07LDN', home: '/' },
  { role: 'enforcement', org: 'N07LDN', home: '/' },
  { role: 'commissioner', org: 'NATIONAL', home: '/kpis' },
] as const;

/** Starts `npm start`'s entry point on a free port and resolves with its address once it says it listens. */
function startApp(dataDir: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(TSX, [path.join(ROOT, 'app', 'main.ts'), 'all'], {
    env: {
      ...process.env,
      CSTR_ENGINE: 'in-process',
      CSTR_DEV_CLOCK: '1',
      CSTR_DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      const base = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (base) resolve({ child, base });
    });
    child.on('exit', (code) =>
      reject(new Error(`the app exited (${String(code)}) before listening:\n${out}`)),
    );
  });
}

function run(script: string, env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [path.join(ROOT, 'app', script)], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${script} exited ${String(code)}`)),
    );
  });
}

async function main(): Promise<void> {
  // Under the checkout's .data, as the bench's databases: a private temporary folder is out of Postgres's reach.
  const dataDir = path.join(ROOT, '.data', `screens-${process.pid}`);
  await mkdir(dataDir, { recursive: true });
  const app = await startApp(dataDir);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  try {
    process.stdout.write(`seeding the demo cases at ${app.base}…\n`);
    await run('demo.ts', { BASE_URL: app.base, CSTR_DATA_DIR: dataDir });
    await mkdir(OUT, { recursive: true });
    for (const { role, org, home } of ROLES) {
      const context = await browser.newContext({ baseURL: app.base, viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto('/sign-in');
      await page.check(`input[name="role"][value="${role}"]`);
      await page.fill('input[name="org"]', org);
      await Promise.all([
        page.waitForURL((url) => url.pathname === home),
        page.click('button[type="submit"]'),
      ]);
      const file = path.join(OUT, `${role}.png`);
      await page.screenshot({ path: file, fullPage: true });
      process.stdout.write(`${role} at ${org}: ${path.relative(ROOT, file)}\n`);
      await context.close();
    }
  } finally {
    await browser.close();
    app.child.kill('SIGTERM');
    await new Promise((resolve) => app.child.once('exit', resolve));
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
