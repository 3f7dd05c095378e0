import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, type BrowserContext, type Page, chromium, selectors } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';

const require = createRequire(__filename);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/** WCAG 2.2 AA, as the service standard asks. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Debian's Chromium (apt-get install chromium); never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface AxeViolation {
  id: string;
  help: string;
  nodes: string[];
}

// The pages mark what tests read with data-qa, as the HMPPS templates do.
selectors.setTestIdAttribute('data-qa');

let shared: Promise<Browser> | undefined;

/** The worker process's Chromium, launched on first use; Playwright closes it when the process exits. */
function sharedBrowser(): Promise<Browser> {
  if (!shared) {
    const launching = chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    shared = launching;
    // A browser that crashed is launched afresh for the next file; one that failed to start is tried again.
    launching.then(
      (b) => b.on('disconnected', () => shared === launching && (shared = undefined)),
      () => shared === launching && (shared = undefined),
    );
  }
  return shared;
}

/** The pages axe-core passed in this file, by route and what the page holds (see PAGE_STATE). */
const checkedThisFile = new Set<string>();

/**
 * Headless Chromium for the test file: one browser for all the files its vitest worker runs (each launch
 * costs a second of CPU), and every context a file opened closed after its tests.
 */
export function useBrowser(): { get(): Browser } {
  let browser: Browser | undefined;
  beforeAll(async () => {
    checkedThisFile.clear();
    browser = await sharedBrowser();
  });
  afterAll(async () => {
    await Promise.all(browser?.contexts().map((c) => c.close()) ?? []);
    checkedThisFile.clear();
  });
  return {
    get() {
      if (!browser) throw new Error('useBrowser() is read before its beforeAll hook ran');
      return browser;
    },
  };
}

/**
 * A browser context (its own cookies) on the app, JavaScript on or off. Every page it loads is watched for
 * Content-Security-Policy violations and for a response the browser may cache (no `Cache-Control: no-store`),
 * which fail the test at `expectPageClean`.
 */
export async function openContext(browser: Browser, baseURL: string, javaScriptEnabled = true) {
  const context = await browser.newContext({ baseURL, javaScriptEnabled });
  // axe-core in every page before its own scripts, through the DevTools protocol (which the page's CSP, refusing
  // injected scripts, lets run): Chromium compiles it far faster than when it is evaluated into each page.
  if (javaScriptEnabled) await context.addInitScript(AXE_SOURCE);
  const page = await context.newPage();
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content.Security.Policy/i.test(message.text()))
      cspViolations.push(message.text());
  });
  const cacheable: string[] = [];
  page.on('response', (response) => {
    const cacheControl = response.headers()['cache-control'];
    if (response.request().isNavigationRequest() && cacheControl !== 'no-store')
      cacheable.push(`${response.status()} ${response.url()}: Cache-Control ${cacheControl ?? 'absent'}`);
  });
  return { context, page, cspViolations, cacheable, javaScriptEnabled };
}

export type Session = Awaited<ReturnType<typeof openContext>>;

/** Whether the page's `<body>` has a class (GOV.UK's scripts add `js-enabled` and `govuk-frontend-supported`). */
export const bodyHasClass = (page: Page, name: string) =>
  page.evaluate<boolean>(`document.body.classList.contains(${JSON.stringify(name)})`);

/**
 * What axe-core's verdict on a page depends on, short of running it: the route (ids as `:id`) and the set of
 * kinds of element the page holds (tag, classes, role, type, the ARIA and other attributes the rules read, and
 * whether it has text). Two visits with the same state differ only in text and in how many of each kind, so
 * axe passing one passes the other: a banner, an error summary, a new table or action is a new state.
 */
const PAGE_STATE = `(() => {
  const read = ['role', 'type', 'alt', 'href', 'for', 'scope', 'lang', 'tabindex', 'title', 'id', 'name', 'colspan', 'rowspan'];
  const kinds = new Set();
  for (const el of document.querySelectorAll('*')) {
    const attrs = [...el.attributes]
      .filter((a) => a.name.startsWith('aria-') || read.includes(a.name))
      .map((a) => (a.name === 'role' || a.name === 'type' ? a.name + '=' + a.value : a.name))
      .sort();
    const text = el.textContent.trim() === '' ? ' empty' : '';
    kinds.add(el.tagName + '.' + [...el.classList].sort().join('.') + '[' + attrs.join(',') + ']' + text);
  }
  return location.pathname.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ':id') +
    '\\n' + [...kinds].sort().join('\\n');
})()`;

/**
 * Runs axe-core in the page (WCAG 2.2 AA tags) and fails on any violation, naming each rule and element.
 * A page in a state axe already passed in this test file (same route, same kinds of element) is not run again.
 */
export async function expectAccessible(page: Page): Promise<void> {
  const state = await page.evaluate<string>(PAGE_STATE);
  if (checkedThisFile.has(state)) return;
  const violations = await page.evaluate<AxeViolation[]>(
    `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(AXE_TAGS)} }, resultTypes: ['violations'] })
      .then((r) => r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) })))`,
  );
  expect(violations, `axe on ${page.url()}`).toEqual([]);
  checkedThisFile.add(state);
}

/** No page the session loaded (redirects included) may be kept by the browser, nor have broken the CSP. */
export function expectPageClean(session: Session): void {
  expect(session.cacheable, 'page responses without Cache-Control: no-store').toEqual([]);
  expect(session.cspViolations, 'Content-Security-Policy violations').toEqual([]);
}

/**
 * After a click that loads a page, checks what every page must be: accessible, never cached, no CSP
 * violation. axe-core needs JavaScript, so with it off only the rest is checked: the markup is the one axe
 * passed with it on.
 */
export async function landed(session: Session): Promise<Page> {
  await session.page.waitForLoadState();
  if (session.javaScriptEnabled) await expectAccessible(session.page);
  expectPageClean(session);
  return session.page;
}

/** Visits a path: it answers `status`, and is what every page must be (see `landed`). */
export async function visit(session: Session, path: string, status = 200): Promise<Page> {
  const response = await session.page.goto(path);
  expect(response?.status(), `GET ${path}`).toBe(status);
  expect(response?.headers()['cache-control'], `GET ${path}`).toBe('no-store');
  return landed(session);
}

/**
 * The page at `path`: the one the session is on (where a form it sent led), else visited. It is not reloaded:
 * after a change made outside the browser (the API, the engine's clock), `visit` it.
 */
export async function onPage(session: Session, path: string): Promise<Page> {
  const here = new URL(session.page.url());
  if (here.pathname + here.search === path) return session.page;
  return visit(session, path);
}

export type { BrowserContext, Page };
