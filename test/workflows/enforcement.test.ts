import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths } from '../../domain/calendar';
import type { OrderView } from '../../domain/order';
import { sentencedCase } from './cases';
import { type CaseDriver, actors, eventually, imposed } from './driver';
import { useScenarioEnv } from './environment';
import { notificationsOf, orderRow, requirementRow, rowCounts, storedEventTypes } from './rows';

const s = useScenarioEnv();

const at10 = (date: string) => `${date}T10:00:00.000Z`;

/** A session the person misses; resolves with the incident the order recorded for it. */
async function missedSession(
  c: CaseDriver,
  requirementId: string,
  start: string,
  provider = actors.provider,
) {
  const before = (await c.orderView()).compliance.incidents.length;
  await c.session(provider, requirementId, start, 'NO');
  const view = await c.orderViewWhen((v) => v.compliance.incidents.length > before);
  const incident = view.compliance.incidents.at(-1)!;
  expect(incident).toMatchObject({ requirementId, source: 'MISSED_APPOINTMENT', status: 'PENDING_DECISION' });
  return incident.incidentId;
}

/** The update-accepted events in the order's history, by update id. */
async function acceptedUpdateIds(c: CaseDriver): Promise<string[]> {
  const history = await s.env.client.workflow.getHandle(c.workflowId).fetchHistory();
  return (history.events ?? [])
    .map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId)
    .filter((id): id is string => typeof id === 'string');
}

async function refusal(attempt: Promise<OrderView>): Promise<ApplicationFailure> {
  const error: unknown = await attempt.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (error as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return cause as ApplicationFailure;
}

describe('a combined DRR + MHTR order through warning, breach and an extended end date', () => {
  it('warns on a first failure, refers a second within 12 months, and extends the end date on breach', async () => {
    await s.withCase(async (c) => {
      await c.start();
      const { ids, sentenceDate, endDate } = await sentencedCase(c, {
        months: 12,
        requirements: [
          { type: 'DRR', months: 12 },
          { type: 'MHTR', months: 6 },
        ],
      });
      const [drrId, mhtrId] = ids as [string, string];
      await c.session(actors.provider, drrId, at10(addDays(sentenceDate, 2)));
      await c.session(actors.mhProvider, mhtrId, `${addDays(sentenceDate, 2)}T14:00:00.000Z`);

      const first = await missedSession(c, mhtrId, at10(addDays(sentenceDate, 14)), actors.mhProvider);
      await c.order(actors.probation, {
        type: 'DecideIncident',
        incidentId: first,
        decision: 'UNACCEPTABLE',
      });
      const warned = await c.order(actors.probation, {
        type: 'GiveWarning',
        incidentId: first,
        givenOn: await c.today(),
        deliveryMethod: 'LETTER',
      });
      expect(warned.compliance.liveWarning).toMatchObject({ incidentId: first });
      const decided = imposed(
        await c.requirementViewWhen(mhtrId, (v) => imposed(v).incidents[0]?.decision !== null),
      );
      expect(decided.appointments.find((a) => a.incidentId === first)?.absence).toBe('UNACCEPTABLE_ABSENCE');

      const second = await missedSession(c, drrId, at10(addDays(sentenceDate, 100)));
      await c.order(actors.probation, {
        type: 'DecideIncident',
        incidentId: second,
        decision: 'UNACCEPTABLE',
      });

      // The decision reaches the requirement by signal: let it be stored before counting rows.
      await eventually(
        () => storedEventTypes(s.t.db, c.orderId, drrId),
        (types) => types.includes('IncidentDecided'),
      );
      // A second warning inside 12 months is refused before it enters history, and nothing is stored.
      const rowsBefore = await rowCounts(s.t.db, c.orderId);
      const refusedId = randomUUID();
      const failure = await refusal(
        c.order(
          actors.probation,
          { type: 'GiveWarning', incidentId: second, givenOn: await c.today() },
          refusedId,
        ),
      );
      expect(failure).toMatchObject({ type: 'r15-referral-required', nonRetryable: true });
      expect(await rowCounts(s.t.db, c.orderId)).toEqual(rowsBefore);
      const referralCommandId = randomUUID();
      const referred = await c.order(
        actors.probation,
        { type: 'ReferToEnforcement', incidentId: second },
        referralCommandId,
      );
      const accepted = await acceptedUpdateIds(c);
      expect(accepted).toContain(referralCommandId);
      expect(accepted).not.toContain(refusedId);

      const referral = referred.compliance.referrals[0]!;
      expect(referral).toMatchObject({ mandatory: true, status: 'OPEN' });
      const laid = await c.order(actors.enforcement, {
        type: 'LayInformation',
        referralId: referral.referralId,
        informationLaidOn: await c.today(),
        courtCode: 'B01LY00',
      });
      expect(laid.inBreachProceedings).toBe(true);
      const newEndDate = addMonths(endDate, 6);
      const dealtWith = await c.order(actors.court, {
        type: 'RecordBreachOutcome',
        proceedingId: laid.compliance.proceedings[0]!.proceedingId,
        finding: 'PROVED',
        disposal: 'EXTEND_END_DATE',
        newEndDate,
      });
      expect(dealtWith).toMatchObject({ status: 'ACTIVE', inBreachProceedings: false });
      expect(dealtWith.order).toMatchObject({ endDate: newEndDate, endDateExtendedOnBreach: true });
      for (const id of ids)
        expect(await c.requirementViewWhen(id, (v) => imposed(v).orderEndDate === newEndDate)).toMatchObject({
          orderEndDate: newEndDate,
        });

      const db = s.t.db;
      expect(await orderRow(db, c.orderId)).toMatchObject({ status: 'ACTIVE' });
      const incidents = await db
        .selectFrom('incidents')
        .selectAll()
        .where('order_id', '=', c.orderId)
        .execute();
      expect(Object.fromEntries(incidents.map((i) => [i.id, i.status]))).toEqual({
        [first]: 'WARNED',
        [second]: 'REFERRED',
      });
      const actions = await db
        .selectFrom('enforcement_actions')
        .select(['kind', 'status'])
        .where('order_id', '=', c.orderId)
        .orderBy('kind')
        .execute();
      expect(actions).toEqual([
        { kind: 'PROCEEDING', status: 'DEALT_WITH' },
        { kind: 'REFERRAL', status: 'INFORMATION_LAID' },
        { kind: 'WARNING', status: 'LIVE' },
      ]);
      expect(await storedEventTypes(db, c.orderId, null)).toEqual(
        expect.arrayContaining(['WarningGiven', 'InformationLaid', 'BreachDealtWith', 'EndDateExtended']),
      );
      expect(await storedEventTypes(db, c.orderId, drrId)).toContain('OrderEndDateChanged');
      const sent = (await notificationsOf(db, c.orderId)).map((n) => `${n.kind}/${n.recipient_role}`);
      expect(sent).toEqual(
        expect.arrayContaining([
          'MISSED_APPOINTMENT/probation',
          'COMPLIANCE_DECISION_REQUIRED/probation',
          'ENFORCEMENT_REFERRAL/enforcement',
          'BREACH_PROCEEDINGS/court',
        ]),
      );
    });
  });
});

describe('a suspended sentence activated on breach', () => {
  it('ends the order SSO_ACTIVATED and its requirement TERMINATED_WITH_ORDER', async () => {
    await s.withCase(async (c) => {
      await c.start();
      const { ids, sentenceDate } = await sentencedCase(c, {
        orderType: 'SUSPENDED_SENTENCE_ORDER',
        months: 12,
        requirements: [{ type: 'DRR', months: 12 }],
      });
      const drrId = ids[0]!;
      await c.session(actors.provider, drrId, at10(addDays(sentenceDate, 2)));
      const incidentId = await missedSession(c, drrId, at10(addDays(sentenceDate, 20)));
      await c.order(actors.probation, { type: 'DecideIncident', incidentId, decision: 'UNACCEPTABLE' });
      const referred = await c.order(actors.probation, { type: 'ReferToEnforcement', incidentId });
      expect(referred.compliance.referrals[0]).toMatchObject({ mandatory: false });
      const laid = await c.order(actors.enforcement, {
        type: 'LayInformation',
        referralId: referred.compliance.referrals[0]!.referralId,
        informationLaidOn: await c.today(),
        courtCode: 'B01LY00',
      });
      const activated = await c.order(actors.court, {
        type: 'RecordBreachOutcome',
        proceedingId: laid.compliance.proceedings[0]!.proceedingId,
        finding: 'PROVED',
        disposal: 'ACTIVATE_FULL',
      });
      expect(activated).toMatchObject({ status: 'ENDED', end: { reason: 'SSO_ACTIVATED' } });
      expect((await c.orderResult()).end?.reason).toBe('SSO_ACTIVATED');
      const terminated = await c.requirementViewWhen(drrId, (v) => v.status === 'TERMINATED');
      expect(terminated).toMatchObject({
        status: 'TERMINATED',
        ended: 'TERMINATED_WITH_ORDER',
        compliedWith: false,
      });

      const db = s.t.db;
      expect(await orderRow(db, c.orderId)).toMatchObject({
        status: 'ENDED',
        order_type: 'SUSPENDED_SENTENCE_ORDER',
      });
      const row = await eventually(
        () => requirementRow(db, drrId),
        (r) => r.status === 'TERMINATED',
      );
      expect(row).toMatchObject({ status: 'TERMINATED' });
      expect((await storedEventTypes(db, c.orderId, drrId)).at(-1)).toBe('RequirementEnded');
      // The ended order still records its requirement's last report (issue 20, point 5).
      expect((await storedEventTypes(db, c.orderId, null)).slice(-3)).toEqual([
        'BreachDealtWith',
        'OrderEnded',
        'RequirementStatusRecorded',
      ]);
      const deadlines = await db
        .selectFrom('deadlines')
        .selectAll()
        .where('order_id', '=', c.orderId)
        .execute();
      expect(deadlines).toEqual([]);
    });
  });
});
