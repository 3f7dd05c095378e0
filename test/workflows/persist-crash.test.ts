import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type OrderBatch, createActivities } from '../../activities';
import { actors } from './driver';
import { useScenarioEnv } from './environment';
import { runsOf } from './history';
import { notificationsOf, rowCounts, storedEventTypes } from './rows';

const s = useScenarioEnv();

describe('the persist activity killed after its transaction commits', () => {
  it('is retried and writes nothing twice', async () => {
    const real = createActivities({ db: s.t.db });
    const calls: string[] = [];
    const crashing = {
      ...real,
      /** The first batch carrying an AssessmentRequested commits, then the worker "dies" before reporting. */
      persistOrderBatch: async (batch: OrderBatch) => {
        const result = await real.persistOrderBatch(batch);
        const crashes =
          batch.records.some((r) => r.event.type === 'AssessmentRequested') && calls.length === 0;
        calls.push(batch.records.map((r) => r.event.type).join(','));
        if (crashes) throw new Error('worker died after the commit');
        return result;
      },
    };
    await s.withCase(async (c) => {
      await c.start();
      await c.order(actors.assessor, {
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
        hearingDate: await c.today(),
        plea: 'GUILTY',
        offences: [{ description: 'Theft from a shop', imprisonable: true }],
        identification: { source: 'LIAISON_AND_DIVERSION', date: await c.today() },
        proposedTypes: ['DRR'],
      });
      await c.order(actors.assessor, { type: 'RecordScreening', outcome: 'PROCEED_TO_ASSESSMENT' });
      calls.length = 0;
      const view = await c.order(actors.assessor, {
        type: 'RequestAssessment',
        requirementId: randomUUID(),
        requirementType: 'DRR',
        providerOrgId: 'PROV-DRUGS',
      });
      expect(view.status).toBe('AWAITING_ASSESSMENT');
      expect(calls).toEqual(['AssessmentRequested', 'AssessmentRequested']);

      const history = (await runsOf(s.env, c.workflowId))[0]!;
      expect(history.eventTypes.filter((t) => t === 'EVENT_TYPE_ACTIVITY_TASK_COMPLETED')).toHaveLength(3);

      const types = await storedEventTypes(s.t.db, c.orderId);
      expect(types).toEqual(['CaseIdentified', 'ScreeningRecorded', 'AssessmentRequested']);
      const notifications = await notificationsOf(s.t.db, c.orderId);
      expect(notifications.map((n) => n.kind)).toEqual(['ASSESSMENT_REQUESTED']);
      expect(await rowCounts(s.t.db, c.orderId)).toMatchObject({
        events: 3,
        notifications: 1,
        requirements: 1,
      });
    }, crashing);
  });
});
