import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database';
import { type ApiHarness, startApiHarness } from './harness';

const t = useTestDatabase();
let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness(t);
});
afterAll(async () => {
  await h?.close();
});

describe('API smoke', () => {
  it('opens a case, requests an assessment and reads it back', async () => {
    const assessor = await h.token('court-assessor', 'B01LY00');
    const today = new Date(await h.env.currentTimeMs()).toISOString().slice(0, 10);
    const open = await h.call('POST', '/v1/orders', {
      token: assessor,
      body: {
        person: {
          givenName: 'Alex',
          familyName: 'Example',
          dateOfBirth: '1990-05-01',
          homeLocalJusticeArea: 'Lambeth',
        },
        court: { code: 'B01LY00', type: 'MAGISTRATES' },
        probationDeliveryUnit: 'N07LDN',
        hearingDate: today,
        plea: 'GUILTY',
        offences: [{ description: 'Theft', imprisonable: true }],
        identification: { source: 'LIAISON_AND_DIVERSION', date: today },
        proposedTypes: ['DRR'],
      },
    });
    const opened = (await open.json()) as { orderId: string; status: string };
    expect(open.status, JSON.stringify(opened)).toBe(201);
    expect(opened.status).toBe('IDENTIFIED');

    const read = await h.call('GET', `/v1/orders/${opened.orderId}`, { token: assessor });
    expect(read.status).toBe(200);
    const doc = await h.api.request('/openapi.json');
    expect(doc.status).toBe(200);
  });
});
