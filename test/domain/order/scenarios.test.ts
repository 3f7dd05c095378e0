import { describe, expect, it } from 'vitest';
import { orderView, requirementMessagesFor } from '../../../domain/order';
import {
  CaseRun,
  communityOrder,
  coSentence,
  DRR_ID,
  drrTerms,
  MHTR_ID,
  openCase,
  suspendedSentenceOrder,
  unacceptableFailure,
} from './fixtures';

function referAndLay(run: CaseRun, incidentId: string, on: string): string {
  run.on(on).do({ type: 'ReferToEnforcement', incidentId });
  const referral = run.last('ReferredToEnforcementOfficer');
  expect(referral.mandatory).toBe(true);
  run.do({
    type: 'LayInformation',
    referralId: referral.referralId,
    informationLaidOn: on,
    courtCode: 'B01LY',
  });
  expect(orderView(run.state).inBreachProceedings).toBe(true);
  return run.last('InformationLaid').proceedingId;
}

describe('worked scenarios: the order', () => {
  it('a CO: a missed session brings a warning, a second 3 months later a referral, breach proved, end date extended once', () => {
    const run = communityOrder(['DRR', 'MHTR']);
    const first = unacceptableFailure(run, 1, '2026-05-06');
    run.do({ type: 'GiveWarning', incidentId: first, givenOn: '2026-05-06', deliveryMethod: 'IN_PERSON' });
    expect(orderView(run.state).compliance.liveWarning?.expiresOn).toBe('2027-05-06');

    const second = unacceptableFailure(run, 2, '2026-08-06');
    expect(run.refused({ type: 'GiveWarning', incidentId: second, givenOn: '2026-08-06' }).code).toBe(
      'r15-referral-required',
    );
    const proceedingId = referAndLay(run, second, '2026-08-10');

    run.on('2026-09-14');
    const events = run.do({
      type: 'RecordBreachOutcome',
      proceedingId,
      finding: 'PROVED',
      disposal: 'EXTEND_END_DATE',
      newEndDate: '2027-10-12',
    });
    expect(run.state.order?.endDate).toBe('2027-10-12');
    const told = events.flatMap(requirementMessagesFor);
    expect(told.map((m) => m.requirementId).sort()).toEqual([DRR_ID, MHTR_ID].sort());
    expect(told[0]?.message).toEqual({ kind: 'OrderEndDateChanged', orderEndDate: '2027-10-12' });
    expect(orderView(run.state).inBreachProceedings).toBe(false);

    const third = unacceptableFailure(run, 3, '2027-01-11');
    const again = referAndLay(run, third, '2027-01-12');
    expect(
      run.refused({
        type: 'RecordBreachOutcome',
        proceedingId: again,
        finding: 'PROVED',
        disposal: 'EXTEND_END_DATE',
        newEndDate: '2027-12-01',
      }),
    ).toMatchObject({ code: 'r19-extension-already-used', kind: 'STATE_CONFLICT' });
  });

  it('an SSO activated on breach', () => {
    const run = suspendedSentenceOrder();
    const first = unacceptableFailure(run, 1, '2026-05-06');
    run.do({ type: 'GiveWarning', incidentId: first, givenOn: '2026-05-06' });
    const second = unacceptableFailure(run, 2, '2026-07-01');
    const proceedingId = referAndLay(run, second, '2026-07-03');
    run.on('2026-08-03');
    const events = run.do({
      type: 'RecordBreachOutcome',
      proceedingId,
      finding: 'ADMITTED',
      disposal: 'ACTIVATE_FULL',
    });
    expect(events.map((e) => e.type)).toEqual(['BreachDealtWith', 'OrderEnded']);
    expect(run.state.end).toEqual({
      reason: 'SSO_ACTIVATED',
      endedOn: '2026-08-03',
      detail: 'custodial term of 12 months',
    });
    expect(events.flatMap(requirementMessagesFor)).toEqual([
      {
        requirementId: DRR_ID,
        message: { kind: 'OrderEnded', endedOn: '2026-08-03', reason: 'SSO_ACTIVATED' },
      },
    ]);
    expect(run.refused({ type: 'DecideIncident', incidentId: second, decision: 'ACCEPTABLE' }).code).toBe(
      'order-closed',
    );
  });

  it('an order terminated on completion under the 2026 rules, not before they are in force nor with a requirement outstanding', () => {
    const run = new CaseRun();
    run.on('2025-06-02').do({
      ...openCase,
      hearingDate: '2025-06-02',
      identification: { source: 'PROBATION_COURT_TEAM', date: '2025-06-02' },
    });
    run.do({ type: 'RecordScreening', outcome: 'PROCEED_TO_ASSESSMENT' });
    run.do({ type: 'RequestAssessment', requirementId: DRR_ID, requirementType: 'DRR', providerOrgId: 'p' });
    run.do({
      type: 'RecordAssessment',
      requirementId: DRR_ID,
      outcome: 'SUITABLE',
      proposedMode: 'NON_RESIDENT',
      proposedPeriodMonths: 9,
    });
    run.do({ type: 'RecordConsent', requirementId: DRR_ID, given: true, date: '2025-06-02' });
    run.do({ type: 'SubmitProposal', psrReference: 'PSR-2025-0602' });
    run.do({
      ...coSentence,
      sentenceDate: '2025-06-02',
      endDate: '2027-06-01',
      requirements: [{ ...drrTerms, periods: [{ start: '2025-06-02', end: '2026-03-01' }] }],
    });
    run.on('2026-03-02').do({
      type: 'RecordRequirementStatus',
      requirementId: DRR_ID,
      status: 'IN_TREATMENT',
      compliedWith: false,
    });
    expect(run.refused({ type: 'TerminateOnCompletion', terminationDate: '2026-03-02' })).toMatchObject({
      code: 'r27-not-in-force',
      kind: 'RULE_VIOLATION',
    });
    run.on('2026-03-23');
    expect(run.refused({ type: 'TerminateOnCompletion', terminationDate: '2026-03-23' }).code).toBe(
      'r27-requirement-not-complied-with',
    );
    run.do({
      type: 'RecordRequirementStatus',
      requirementId: DRR_ID,
      status: 'COMPLETED',
      compliedWith: true,
      ended: 'COMPLETED',
    });
    const [ended] = run.do({
      type: 'TerminateOnCompletion',
      terminationDate: '2026-03-23',
      sentencePlanObjectivesMet: true,
    });
    expect(run.state.end).toMatchObject({ reason: 'TERMINATED_ON_COMPLETION_BY_RO', endedOn: '2026-03-23' });
    expect(ended).toMatchObject({ type: 'OrderEnded', requirementIds: [] });
  });
});
