import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../domain/calendar';
import type { CaseRole } from '../../domain/primitives';
import { sessionBooking } from '../../app/case-fixtures';
import { type ApiHarness, startApiHarness } from '../api/harness';
import { referred, sentencedCase } from '../api/support/cases';
import { Journey, actors } from '../api/support/journey';
import { useTestDatabase } from '../support/database';
import { type Session, bodyHasClass, landed, openContext, useBrowser, visit } from './support/browser';
import { servePages, signIn } from './support/web-harness';

const t = useTestDatabase();
const browser = useBrowser();
let h: ApiHarness;
let site: { baseURL: string; close(): Promise<void> };
let orderId: string;
let drrId: string;
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
  await referred(j, drrId, 'DRR');
  const tomorrow = addDays(sentenced.sentenceDate, 1);
  await j.post(
    actors.provider,
    `/v1/requirements/${drrId}/appointments`,
    sessionBooking(`${tomorrow}T10:00:00.000Z`),
  );
  await j.post(actors.provider, `/v1/requirements/${drrId}/drug-tests`, {
    dueAt: `${tomorrow}T09:00:00.000Z`,
    directedBy: 'TREATMENT_DIRECTOR',
  });
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

/** Signs in, then worklist → caseload (searched by CRN) → the case → its requirement, checking each page. */
async function caseJourney(s: Session, role: CaseRole, org: string) {
  await signIn(s, role, org);
  let page = await visit(s, '/');
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Your worklist');
  expect(await page.getByTestId('signed-in-as').textContent()).toContain(`${role} at ${org}`);

  page = await visit(s, '/cases?search=x123456');
  await page.getByRole('link', { name: 'Alex Example' }).click();
  await page.waitForURL(`**/cases/${orderId}`);
  await landed(s);
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Alex Example');
  expect(await page.getByTestId('person').textContent()).toContain('X123456');
  expect(await page.getByTestId('requirements').textContent()).toContain('DRR');

  await page.getByTestId('requirements').getByRole('link', { name: 'DRR', exact: true }).click();
  await page.waitForURL(`**/requirements/${drrId}`);
  await landed(s);
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('DRR requirement');
  expect(await page.getByTestId('appointments').textContent()).toContain('One to one');
  return page;
}

describe('the pages, in headless Chromium', () => {
  it.each([
    ['court', actors.court.org],
    ['provider', actors.provider.org],
    ['probation', actors.probation.org],
    ['enforcement', actors.enforcement.org],
  ] as const)(
    '%s signs in and sees the worklist, the caseload, the case and its requirement',
    async (role, org) => {
      const s = await session();
      await caseJourney(s, role, org);
      expect(await bodyHasClass(s.page, 'govuk-frontend-supported')).toBe(true);
    },
  );

  it('shows the court and probation a timeline of the case, and the provider the drug tests it directed', async () => {
    const probation = await session();
    await signIn(probation, 'probation', actors.probation.org);
    const page = await visit(probation, `/cases/${orderId}`);
    const timeline = await page.getByTestId('timeline').textContent();
    expect(timeline).toContain('Order made');

    const provider = await session();
    await signIn(provider, 'provider', actors.provider.org);
    const requirement = await visit(provider, `/requirements/${drrId}`);
    expect(await requirement.getByTestId('drug-tests').textContent()).toContain('Treatment director');
    const casePage = await visit(provider, `/cases/${orderId}`);
    expect(await casePage.getByTestId('timeline').count()).toBe(0);
  });

  it('answers another party “Page not found” for the case and its requirement, and lists nothing of it', async () => {
    const s = await session();
    await signIn(s, 'provider', actors.otherProvider.org);
    for (const path of [`/cases/${orderId}`, `/requirements/${drrId}`, '/cases/not-a-case']) {
      const page = await visit(s, path, 404);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Page not found');
    }
    const list = await visit(s, '/cases');
    expect(await list.getByTestId('no-cases').count()).toBe(1);
  });

  it('writes the access log for every case page shown, as the API does', async () => {
    const s = await session();
    await signIn(s, 'court', actors.court.org);
    const before = new Date();
    await visit(s, `/cases/${orderId}`);
    await visit(s, `/requirements/${drrId}`);
    const rows = await t.ownerDb
      .selectFrom('access_log_entries')
      .select([
        'actor_role',
        'actor_org',
        'action',
        'resource_type',
        'resource_id',
        'order_id',
        'purpose',
        'status',
      ])
      .where('actor_sub', '=', 'court-web')
      .where('at', '>=', before)
      .execute();
    const seen = {
      actor_role: 'court',
      actor_org: actors.court.org,
      action: 'READ',
      order_id: orderId,
      purpose: 'judicial proceedings',
      status: 200,
    };
    expect(rows).toEqual(
      expect.arrayContaining([
        { ...seen, resource_type: 'order', resource_id: orderId },
        { ...seen, resource_type: 'requirement', resource_id: drrId },
      ]),
    );
  });

  it('works with JavaScript off', async () => {
    const s = await session(false);
    await caseJourney(s, 'probation', actors.probation.org);
    expect(await bodyHasClass(s.page, 'js-enabled')).toBe(false);
  });

  it('refuses a sign-in without a role or organisation with an error summary linked to the fields', async () => {
    const s = await session();
    const page = await visit(s, '/sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await landed(s);
    const summary = page.locator('.govuk-error-summary');
    expect(await summary.getByRole('link', { name: 'Select your role' }).getAttribute('href')).toBe('#role');
    expect(
      await summary.getByRole('link', { name: 'Enter your organisation code' }).getAttribute('href'),
    ).toBe('#org');
    expect(await page.title()).toMatch(/^Error: /);
  });

  it('signs out: the session ends and pages ask to sign in again', async () => {
    const s = await session();
    await signIn(s, 'probation', actors.probation.org);
    await s.page.getByRole('button', { name: 'Sign out' }).click();
    await s.page.waitForURL('**/sign-in');
    await s.page.goto(`/cases/${orderId}`);
    expect(new URL(s.page.url()).pathname).toBe('/sign-in');
  });
});
