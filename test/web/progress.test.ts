import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KPIS } from '../../api/kpis/registry';
import { ATTENDED, sessionBooking } from '../../app/case-fixtures';
import { addDays } from '../../domain/calendar';
import { type ApiHarness, startApiHarness } from '../api/harness';
import { referred, sentencedCase } from '../api/support/cases';
import { later, missedSession } from '../api/support/compliance';
import { Journey, type Json, actors } from '../api/support/journey';
import { useTestDatabase } from '../support/database';
import { type Page, type Session, landed, openContext, useBrowser, visit } from './support/browser';
import { servePages, signIn } from './support/web-harness';

const t = useTestDatabase();
const browser = useBrowser();
let h: ApiHarness;
let site: { baseURL: string; close(): Promise<void> };
let orderId: string;
let drrId: string;
let month: string;
const sessions: Session[] = [];

beforeAll(async () => {
  h = await startApiHarness(t);
  site = await servePages(h);
  const j = new Journey(h);
  const sentenced = await sentencedCase(j, {
    months: 12,
    requirements: [{ type: 'DRR', months: 12, reviewed: true }],
  });
  orderId = sentenced.orderId;
  drrId = sentenced.ids[0]!;
  month = sentenced.sentenceDate.slice(0, 7);
  const r = `/v1/requirements/${drrId}`;
  await referred(j, drrId, 'DRR');
  const tomorrow = addDays(sentenced.sentenceDate, 1);
  const booked: Json = await j.post(
    actors.provider,
    `${r}/appointments`,
    sessionBooking(`${tomorrow}T10:00:00.000Z`),
  );
  const test: Json = await j.post(actors.provider, `${r}/drug-tests`, {
    dueAt: `${tomorrow}T09:00:00.000Z`,
    directedBy: 'TREATMENT_DIRECTOR',
  });
  await j.sleepUntil(later(`${tomorrow}T12:00:00.000Z`, 0));
  await j.post(actors.provider, `${r}/appointments/${booked.id}/outcome`, ATTENDED);
  await j.post(actors.provider, `${r}/drug-tests/${test.id}/sample`, {
    status: 'COLLECTED',
    sampleType: 'URINE',
    method: 'LAB_SCREEN',
  });
  await j.post(actors.provider, `${r}/drug-tests/${test.id}/result`, {
    substances: [
      { substance: 'OPIATES', result: 'POSITIVE' },
      { substance: 'COCAINE', result: 'NEGATIVE' },
    ],
  });
  await missedSession(j, drrId, `${addDays(sentenced.sentenceDate, 3)}T10:00:00.000Z`);
});
afterAll(async () => {
  for (const s of sessions) await s.context.close();
  await site?.close();
  await h?.close();
});

async function session(javaScriptEnabled = true): Promise<Session> {
  const s = await openContext(browser.get(), site.baseURL, javaScriptEnabled);
  sessions.push(s);
  return s;
}

/** The text of each body row's cells of the table marked `qa`. */
const tableCells = (page: Page, qa: string) =>
  page.evaluate<string[][]>(
    `[...document.querySelectorAll('[data-qa="${qa}"] tbody tr')].map((row) =>
      [...row.querySelectorAll('th, td')].map((cell) => cell.textContent.trim()))`,
  );

/** Attributes of each mark matching `selector` in the chart marked `qa`. */
const marksOf = (page: Page, qa: string, selector: string, names: string[]) =>
  page.evaluate<(string | null)[][]>(
    `[...document.querySelectorAll('[data-qa="${qa}"] ${selector}')].map((mark) =>
      ${JSON.stringify(names)}.map((name) => mark.getAttribute(name)))`,
  );

describe('the progress page', () => {
  it.each([true, false])(
    'shows probation attendance and drug tests as charts with the same numbers in tables (JavaScript %s)',
    async (javaScriptEnabled) => {
      const s = await session(javaScriptEnabled);
      await signIn(s, 'probation', actors.probation.org);
      let page = await visit(s, `/cases/${orderId}`);
      await page.getByRole('link', { name: /^Progress/ }).click();
      await page.waitForURL(`**/cases/${orderId}/progress`);
      page = await landed(s);

      const chart = page.getByRole('img', { name: 'Sessions attended and missed per week' });
      expect(await chart.count()).toBe(1);
      const values = (await marksOf(page, 'attendance-chart', 'rect[data-value]', ['data-value'])).flat();
      const rows = await tableCells(page, 'attendance-table');
      expect(rows.flatMap((row) => row.slice(1))).toEqual(values);
      expect(values.map(Number).reduce((a, b) => a + b, 0)).toBe(2);

      const marks = await marksOf(page, 'drug-tests-chart', '[data-kind]', ['data-row', 'data-kind']);
      expect(marks).toEqual([
        ['Opiates', 'POSITIVE'],
        ['Cocaine', 'NEGATIVE'],
      ]);
      const results = await tableCells(page, 'drug-tests-table');
      expect(results.map((row) => row.slice(1))).toEqual([
        ['Opiates', 'Positive'],
        ['Cocaine', 'Negative'],
      ]);
      expect(await page.getByTestId('next-review').textContent()).not.toBe('No review is scheduled.');
    },
  );

  it('is “Page not found” for another party, and logs each read for the one it shows', async () => {
    const other = await session();
    await signIn(other, 'provider', actors.otherProvider.org);
    await visit(other, `/cases/${orderId}/progress`, 404);

    const s = await session();
    await signIn(s, 'court', actors.court.org);
    const before = new Date();
    await visit(s, `/cases/${orderId}/progress`);
    const rows = await t.ownerDb
      .selectFrom('access_log_entries')
      .select(['resource_type', 'order_id', 'action'])
      .where('actor_sub', '=', 'court-web')
      .where('at', '>=', before)
      .execute();
    expect(rows).toEqual(
      expect.arrayContaining([
        { resource_type: 'order', order_id: orderId, action: 'READ' },
        { resource_type: 'requirement', order_id: orderId, action: 'READ' },
      ]),
    );
  });
});

describe('the KPI page', () => {
  it.each([true, false])(
    'shows a NATIONAL commissioner the figures of a chosen period, suppressed and defined (JavaScript %s)',
    async (javaScriptEnabled) => {
      const s = await session(javaScriptEnabled);
      await signIn(s, 'commissioner', 'NATIONAL');
      let page = await visit(s, '/kpis?period=2027-13', 400);
      expect(await page.locator('.govuk-error-summary').textContent()).toContain('Enter a month as YYYY-MM');

      page = await visit(s, '/kpis');
      await page.getByLabel('Period').fill(month);
      await page.getByRole('button', { name: 'Show the figures' }).click();
      await page.waitForURL((url) => url.searchParams.get('period') === month);
      page = await landed(s);
      expect(await page.getByTestId('kpi-area').textContent()).toContain('England and Wales');
      const rows = await tableCells(page, 'kpis');
      const imposed = rows.find((row) => row[0] === 'CSTRs imposed');
      expect(imposed?.[2]).toBe('Suppressed');
      expect(await page.getByTestId('suppression').textContent()).toContain('counts from 1 to 4');
      const definitions = await page.evaluate<string[][]>(
        `[...document.querySelectorAll('[data-qa="definitions"] .govuk-summary-list__row')].map((row) =>
          [...row.querySelectorAll('dt, dd')].map((cell) => cell.textContent.trim()))`,
      );
      expect(definitions).toEqual(KPIS.map((k) => [k.title, k.definition]));
    },
  );

  it.each([true, false])(
    'breaks the figures down and filters them as the API does, each measure by group with its definition (JavaScript %s)',
    async (javaScriptEnabled) => {
      const s = await session(javaScriptEnabled);
      await signIn(s, 'commissioner', 'NATIONAL');
      let page = await visit(s, `/kpis?period=${month}&by=colour`, 400);
      expect(await page.locator('.govuk-error-summary').textContent()).toContain(
        'Select how to break the figures down',
      );
      page = await visit(s, '/kpis');
      await page.getByLabel('Period').fill(month);
      await page.getByLabel('Break the figures down by').selectOption('type');
      await page.getByLabel('Court code').fill('B01LY00');
      await page.getByRole('button', { name: 'Show the figures' }).click();
      await page.waitForURL((url) => url.searchParams.get('by') === 'type');
      const asked = new URL(page.url());
      expect(Object.fromEntries(asked.searchParams)).toMatchObject({
        period: month,
        by: 'type',
        court: 'B01LY00',
      });
      page = await landed(s);
      expect(await page.getByTestId('filters').textContent()).toContain('B01LY00');
      const imposed = page.getByTestId('by-group-cstrs-imposed');
      expect(await imposed.locator('h3').textContent()).toBe('CSTRs imposed');
      expect(await imposed.locator('p').textContent()).toContain('imposed');
      expect(await tableCells(page, 'by-group-cstrs-imposed')).toEqual([['DRR', 'Suppressed', '']]);
      expect(await page.getByLabel('Break the figures down by').inputValue()).toBe('type');

      page = await visit(s, `/kpis?period=${month}&type=ATR%2BDRR&by=court`);
      expect(await tableCells(page, 'by-group-cstrs-imposed')).toEqual([]);
      expect(await page.getByLabel('Requirement type').inputValue()).toBe('ATR+DRR');
    },
  );

  it('answers the commissioner and data protection “You cannot see cases” (403) on every case page, as the API does', async () => {
    const s = await session();
    await signIn(s, 'commissioner', 'NATIONAL');
    const casePaths = ['/cases', `/cases/${orderId}`, `/cases/${orderId}/progress`, `/requirements/${drrId}`];
    for (const path of casePaths) {
      const page = await visit(s, path, 403);
      expect(await page.locator('h1').textContent()).toBe('You cannot see cases');
    }
    const home = await visit(s, '/');
    expect(new URL(home.url()).pathname).toBe('/kpis');

    const dp = await session(false);
    await signIn(dp, 'data-protection', 'DATA-CONTROLLER');
    for (const path of ['/', ...casePaths]) {
      const page = await visit(dp, path, 403);
      expect(await page.locator('h1').textContent()).toBe('You cannot see cases');
    }
    const figures = await visit(dp, `/kpis?period=${month}`, 403);
    expect(await figures.locator('h1').textContent()).toBe('You cannot see these figures');
  });

  it('logs the commissioner’s KPI read', async () => {
    const s = await session();
    await signIn(s, 'commissioner', 'NATIONAL');
    const before = new Date();
    await visit(s, `/kpis?period=${month}`);
    const rows = await t.ownerDb
      .selectFrom('access_log_entries')
      .select(['resource_type', 'resource_id', 'order_id'])
      .where('actor_role', '=', 'commissioner')
      .where('at', '>=', before)
      .execute();
    expect(rows).toEqual([{ resource_type: 'kpis', resource_id: `period=${month}`, order_id: null }]);
  });
});
