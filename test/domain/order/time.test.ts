import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../domain/config';
import { nextOrderTimer, orderDeadlines, requirementMessagesFor, tickOrder } from '../../../domain/order';
import {
  at,
  communityOrder,
  DRR_ID,
  proposedCase,
  suspendedSentenceOrder,
  unacceptableFailure,
  uuid,
} from './fixtures';

const config = DEFAULT_CONFIG;

function kinds(run: { state: Parameters<typeof orderDeadlines>[0] }) {
  return orderDeadlines(run.state, config).map((d) => [d.kind, d.dueAt, d.role]);
}

describe('order deadlines and the passage of time', () => {
  it('raises a passed hearing date once, for the court assessor', () => {
    const run = proposedCase();
    expect(kinds(run)).toEqual([['HEARING_DATE', '2026-04-13T23:00:00.000Z', 'court-assessor']]);
    expect(nextOrderTimer(run.state, config)).toBe('2026-04-13T23:00:00.000Z');
    expect(run.tick('2026-04-14').map((e) => e.type)).toEqual(['DeadlineMissed']);
    expect(run.tick('2026-04-15')).toEqual([]);
    expect(nextOrderTimer(run.state, config)).toBeNull();
    run.do({ type: 'AdjournHearing', nextHearingDate: '2026-04-27' });
    expect(nextOrderTimer(run.state, config)).toBe('2026-04-27T23:00:00.000Z');
  });

  it('has induction due within 5 days of sentence, overdue until done', () => {
    const run = communityOrder();
    expect(nextOrderTimer(run.state, config)).toBe('2026-04-18T23:00:00.000Z');
    const [missed] = run.tick('2026-04-19');
    expect(missed).toMatchObject({ type: 'DeadlineMissed', kind: 'INDUCTION_DUE' });
    expect(run.tick('2026-04-20')).toEqual([]);
    expect(kinds(run)).toContainEqual(['INDUCTION_DUE', '2026-04-18T23:00:00.000Z', 'probation']);
    run.do({ type: 'CompleteInduction', completedOn: '2026-04-20' });
    expect(kinds(run).map(([k]) => k)).not.toContain('INDUCTION_DUE');
  });

  it('has an absence decision due 5 working days after the failure, and breach action 10 working days after a failure in a warning’s window', () => {
    const run = communityOrder(['DRR'], '2028-04-12');
    run.on('2026-04-14').do({ type: 'CompleteInduction', completedOn: SENTENCE_DATE_PLUS_1 });
    run.on('2026-05-05', '12:00:00').do({
      type: 'RecordIncident',
      incidentId: uuid(1),
      requirementId: DRR_ID,
      source: 'MISSED_TEST',
      occurredAt: at('2026-05-05', '09:00:00'),
      subjectId: 'test-1',
    });
    const absence = orderDeadlines(run.state, config).find((d) => d.kind === 'ABSENCE_DECISION_DUE');
    expect(absence).toMatchObject({
      dueAt: '2026-05-12T23:00:00.000Z',
      subjectId: uuid(1),
      requirementId: DRR_ID,
    });
    run.do({ type: 'DecideIncident', incidentId: uuid(1), decision: 'UNACCEPTABLE' });
    run.do({ type: 'GiveWarning', incidentId: uuid(1), givenOn: '2026-05-05' });
    expect(kinds(run)).toContainEqual(['WARNING_EXPIRES', '2027-05-04T23:00:00.000Z', 'probation']);

    const second = unacceptableFailure(run, 2, '2026-08-03');
    const due = orderDeadlines(run.state, config).find((d) => d.kind === 'BREACH_ACTION_DUE');
    expect(due).toMatchObject({ dueAt: '2026-08-17T23:00:00.000Z', role: 'probation', subjectId: second });
    run.do({ type: 'ReferToEnforcement', incidentId: second });
    const referralId = run.last('ReferredToEnforcementOfficer').referralId;
    expect(orderDeadlines(run.state, config).find((d) => d.kind === 'BREACH_ACTION_DUE')).toMatchObject({
      role: 'enforcement',
      subjectId: referralId,
    });
  });

  it('lists nothing due after the order’s end: a warning outliving the order does not appear', () => {
    const run = communityOrder();
    const incidentId = unacceptableFailure(run, 1, '2026-06-01');
    run.do({ type: 'GiveWarning', incidentId, givenOn: '2026-06-01' });
    expect(kinds(run).map(([k]) => k)).not.toContain('WARNING_EXPIRES');
    run.on('2026-06-02').do({ type: 'ExtendEndDate', newEndDate: '2027-06-30' });
    expect(kinds(run)).toContainEqual(['WARNING_EXPIRES', '2027-05-31T23:00:00.000Z', 'probation']);
  });

  it('ends a CO at the end of its end date: completed when every requirement is complied with, else expired', () => {
    const expired = communityOrder();
    expect(orderDeadlines(expired.state, config).find((d) => d.kind === 'ORDER_ENDS')?.dueAt).toBe(
      '2027-04-12T23:00:00.000Z',
    );
    expect(expired.tick('2027-04-13').map((e) => e.type)).not.toContain('OrderEnded');
    expect(nextOrderTimer(expired.state, config)).toBe('2027-04-19T23:00:00.000Z');
    const events = expired.tick('2027-04-20');
    const ended = events.find((e) => e.type === 'OrderEnded');
    expect(ended).toMatchObject({
      reason: 'EXPIRED_INCOMPLETE',
      endedOn: '2027-04-12',
      requirementIds: [DRR_ID],
    });
    expect(requirementMessagesFor(ended!)[0]?.message).toMatchObject({
      kind: 'OrderEnded',
      reason: 'EXPIRED_INCOMPLETE',
    });
    expect(nextOrderTimer(expired.state, config)).toBeNull();

    const completed = communityOrder().on('2027-04-12');
    completed.do({ type: 'CompleteInduction', completedOn: '2026-04-14' });
    completed.do({
      type: 'RecordRequirementStatus',
      requirementId: DRR_ID,
      status: 'COMPLETED',
      compliedWith: true,
      ended: 'COMPLETED',
    });
    completed.tick('2027-04-13');
    expect(completed.state.end).toEqual({
      reason: 'COMPLETED_END_DATE',
      endedOn: '2027-04-12',
      detail: null,
    });
  });

  it('decides how a CO ended once its requirement reports its own end, which falls due at the same instant', () => {
    const run = communityOrder().on('2027-04-12');
    run.do({ type: 'CompleteInduction', completedOn: '2026-04-14' });
    expect(nextOrderTimer(run.state, config)).toBe('2027-04-19T23:00:00.000Z');
    expect(run.tick('2027-04-13', '00:00:00')).toEqual([]);
    expect(run.state.status).toBe('ACTIVE');
    run.on('2027-04-13', '00:00:01').do({
      type: 'RecordRequirementStatus',
      requirementId: DRR_ID,
      status: 'COMPLETED',
      compliedWith: true,
      ended: 'COMPLETED',
    });
    expect(nextOrderTimer(run.state, config)).toBe('2027-04-12T23:00:00.000Z');
    run.tick('2027-04-13', '00:00:02');
    expect(run.state.end).toEqual({ reason: 'COMPLETED_END_DATE', endedOn: '2027-04-12', detail: null });
    expect(run.last('OrderEnded').requirementIds).toEqual([]);
  });

  it('R31: a CO past its end date with breach proceedings begun before it is expired, proceedings pending', () => {
    const inProceedings = () => {
      const run = communityOrder();
      const incidentId = unacceptableFailure(run, 1, '2027-04-01');
      run.do({ type: 'ReferToEnforcement', incidentId });
      run.do({
        type: 'LayInformation',
        referralId: run.last('ReferredToEnforcementOfficer').referralId,
        informationLaidOn: '2027-04-01',
        courtCode: 'B01LY',
      });
      return run;
    };
    const run = inProceedings();
    run.tick('2027-04-12', '22:00:00');
    expect(run.state.status).toBe('ACTIVE');
    expect(run.tick('2027-04-13', '00:30:00')).toEqual([
      expect.objectContaining({ type: 'OrderExpiredProceedingsPending', endDate: '2027-04-12' }),
    ]);
    run.tick('2027-04-20');
    expect(run.state.status).toBe('EXPIRED_PROCEEDINGS_PENDING');
    expect(run.state.end).toBeNull();
    // Before the correction the order stayed ACTIVE: a replayed history keeps that.
    const before = inProceedings().on('2027-04-20');
    const legacy = { ...before.ctx(), config: { ...config, lawBeforeCorrections: true } };
    expect(tickOrder(before.state, legacy).map((e) => e.type)).not.toContain(
      'OrderExpiredProceedingsPending',
    );
    run.do({
      type: 'RecordBreachOutcome',
      proceedingId: run.last('InformationLaid').proceedingId,
      finding: 'PROVED',
      disposal: 'FINE',
      fineAmountPence: 10_000,
    });
    expect(Date.parse(nextOrderTimer(run.state, config)!)).toBeLessThan(Date.parse(run.now));
    run.tick('2027-04-20', '11:00:00');
    expect(run.state.end).toMatchObject({ reason: 'EXPIRED_INCOMPLETE', endedOn: '2027-04-12' });
  });

  it('runs an SSO to supervision end, then the operational period alone, then its end', () => {
    const run = suspendedSentenceOrder();
    run.do({ type: 'CompleteInduction', completedOn: '2026-04-13' });
    run.tick('2027-04-20');
    expect(run.state.status).toBe('SSO_OPERATIONAL_ONLY');
    expect(run.last('SupervisionEnded')).toMatchObject({
      reason: 'SSO_SUPERVISION_ENDED',
      endedOn: '2027-04-12',
    });
    expect(run.refused({ type: 'CompleteInduction', completedOn: '2026-04-13' }).code).toBe(
      'supervision-already-ended',
    );
    run.do({
      type: 'RecordRequirementStatus',
      requirementId: DRR_ID,
      status: 'TERMINATED',
      compliedWith: false,
      ended: 'TERMINATED_WITH_ORDER',
    });
    expect(nextOrderTimer(run.state, config)).toBe('2028-04-12T23:00:00.000Z');
    run.tick('2028-04-13');
    // R32: open to activation for an offence committed in the operational period, for the configured window.
    expect(run.state).toMatchObject({ status: 'SSO_OPEN_TO_ACTIVATION', end: null });
    expect(nextOrderTimer(run.state, config)).toBe('2029-04-12T23:00:00.000Z');
    run.tick('2029-04-13');
    expect(run.state.end).toMatchObject({ reason: 'EXPIRED_INCOMPLETE', endedOn: '2029-04-12' });
  });
});

const SENTENCE_DATE_PLUS_1 = '2026-04-14';
