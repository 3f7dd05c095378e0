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

/** One headless Chromium for the test file, started before its tests and closed after them. */
export function useBrowser(): { get(): Browser } {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get() {
      if (!browser) throw new Error('useBrowser() is read before its beforeAll hook ran');
      return browser;
    },
  };
}

/**
 * A browser context (its own cookies) on the app, JavaScript on or off. Every page it opens is watched for
 * Content-Security-Policy violations, which fail the test at `assertPageClean`.
 */
export async function openContext(browser: Browser, baseURL: string, javaScriptEnabled = true) {
  const context = await browser.newContext({ baseURL, javaScriptEnabled });
  const page = await context.newPage();
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content.Security.Policy/i.test(message.text()))
      cspViolations.push(message.text());
  });
  return { context, page, cspViolations, javaScriptEnabled };
}

export type Session = Awaited<ReturnType<typeof openContext>>;

/** Whether the page's `<body>` has a class (GOV.UK's scripts add `js-enabled` and `govuk-frontend-supported`). */
export const bodyHasClass = (page: Page, name: string) =>
  page.evaluate<boolean>(`document.body.classList.contains(${JSON.stringify(name)})`);

/** Runs axe-core in the page (WCAG 2.2 AA tags) and fails on any violation, naming each rule and element. */
export async function expectAccessible(page: Page): Promise<void> {
  // Evaluated through the DevTools protocol, which the page's own CSP (refusing injected scripts) lets run.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate<AxeViolation[]>(
    `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(AXE_TAGS)} } }).then((r) =>
      r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) })))`,
  );
  expect(violations, `axe on ${page.url()}`).toEqual([]);
}

/**
 * Visits a path and checks what every page must be: never cached, accessible, no CSP violation. axe-core
 * needs JavaScript, so with it off only the rest is checked: the markup is the one axe passed with it on.
 */
export async function visit(session: Session, path: string, status = 200): Promise<Page> {
  const response = await session.page.goto(path);
  expect(response?.status(), `GET ${path}`).toBe(status);
  expect(response?.headers()['cache-control'], `GET ${path}`).toBe('no-store');
  if (session.javaScriptEnabled) await expectAccessible(session.page);
  expect(session.cspViolations).toEqual([]);
  return session.page;
}

export type { BrowserContext, Page };
