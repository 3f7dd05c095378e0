import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { addMonths, addDays } from '../../domain/calendar';
import { useTestDatabase } from '../support/database';
import { createTestEnv, withWorker } from '../support/temporal';
import { CaseDriver, actors } from './driver';

const t = useTestDatabase();
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env?.teardown();
});

describe('a DRR case through the workflows', () => {
  it('runs from case opening to the first attended session, with rows in Postgres', async () => {
    await withWorker(
      env,
      { workflows: 'cstr', activities: createActivities({ db: t.db }) },
      async (taskQueue) => {
        const c = new CaseDriver(env, taskQueue);
        const today = await c.today();
        const drrId = randomUUID();
        await c.start();
        const opened = await c.order(actors.assessor, {
          type: 'OpenCase',
          orderId: c.orderId,
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
          offences: [{ description: 'Theft from a shop', imprisonable: true }],
          identification: { source: 'LIAISON_AND_DIVERSION', date: today },
          proposedTypes: ['DRR'],
        });
        expect(opened.status).toBe('IDENTIFIED');
        await c.order(actors.assessor, { type: 'RecordScreening', outcome: 'PROCEED_TO_ASSESSMENT' });
        await c.order(actors.assessor, {
          type: 'RequestAssessment',
          requirementId: drrId,
          requirementType: 'DRR',
          providerOrgId: 'PROV-DRUGS',
        });
        await c.order(actors.provider, {
          type: 'RecordAssessment',
          requirementId: drrId,
          outcome: 'SUITABLE',
          proposedMode: 'NON_RESIDENT',
          proposedPeriodMonths: 15,
          treatmentDirector: 'Dr A Director',
        });
        await c.order(actors.assessor, {
          type: 'RecordConsent',
          requirementId: drrId,
          given: true,
          date: today,
        });
        await c.order(actors.assessor, { type: 'SubmitProposal', psrReference: 'PSR-1' });
        const sentenced = await c.order(actors.court, {
          type: 'RecordSentence',
          outcome: 'CSTR_IMPOSED',
          orderType: 'COMMUNITY_ORDER',
          sentenceDate: today,
          endDate: addDays(addMonths(today, 18), -1),
          requirements: [
            {
              requirementId: drrId,
              mode: 'NON_RESIDENT',
              periods: [{ start: today, end: addDays(addMonths(today, 15), -1) }],
              treatmentDirector: 'Dr A Director',
              place: 'Lambeth Drug Service',
              intervals: 'weekly',
              review: {
                firstReviewDate: addMonths(today, 1),
                intervalMonths: 1,
                mode: 'HEARING',
                offenderMustAttend: true,
              },
            },
          ],
        });
        expect(sentenced.status).toBe('ACTIVE');

        const imposed = await waitFor(
          () => c.requirementView(drrId).catch(() => null),
          (v) => v?.status === 'AWAITING_REFERRAL',
        );
        expect(imposed?.type).toBe('DRR');

        const referred = await c.requirement(actors.probation, {
          type: 'ReferToProvider',
          requirementId: drrId,
          providerOrgId: 'PROV-DRUGS',
        });
        expect(referred.status).toBe('REFERRED');

        const rows = await t.db
          .selectFrom('requirements')
          .selectAll()
          .where('id', '=', drrId)
          .executeTakeFirstOrThrow();
        expect(rows.stage).toBe('SENTENCED');
        expect(rows.provider_org_id).toBe('PROV-DRUGS');
        const events = await t.db
          .selectFrom('events')
          .select(['type'])
          .where('order_id', '=', c.orderId)
          .orderBy('seq')
          .execute();
        expect(events.map((e) => e.type)).toEqual(
          expect.arrayContaining(['CaseIdentified', 'OrderMade', 'RequirementImposed', 'ReferredToProvider']),
        );
        const notifications = await t.db
          .selectFrom('notifications')
          .select(['kind', 'recipient_org'])
          .where('order_id', '=', c.orderId)
          .execute();
        expect(notifications).toEqual(
          expect.arrayContaining([
            { kind: 'ASSESSMENT_REQUESTED', recipient_org: 'PROV-DRUGS' },
            { kind: 'REFERRAL_MADE', recipient_org: 'PROV-DRUGS' },
          ]),
        );
      },
    );
  });
});

async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}
