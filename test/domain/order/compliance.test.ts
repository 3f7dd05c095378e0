import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../domain/config';
import { decideOrder, orderView, requirementMessagesFor } from '../../../domain/order';
import {
  at,
  type CaseRun,
  communityOrder,
  coSentence,
  proposedCase,
  SENTENCE_DATE,
  DRR_ID,
  suspendedSentenceOrder,
  unacceptableFailure,
  uuid,
} from './fixtures';

/** A CO with a proved breach before the court: returns the proceeding id. */
function beforeTheCourt(run: CaseRun, date = '2026-06-01', n = 50): string {
  const incidentId = unacceptableFailure(run, n, date);
  run.do({ type: 'ReferToEnforcement', incidentId });
  const referralId = run.last('ReferredToEnforcementOfficer').referralId;
  run.do({ type: 'LayInformation', referralId, informationLaidOn: date, courtCode: 'B01LY' });
  return run.last('InformationLaid').proceedingId;
}

describe('compliance and enforcement per order', () => {
  it('records an incident once, pending a decision, and tells the requirement the decision', () => {
    const run = communityOrder();
    const incident = {
      type: 'RecordIncident' as const,
      incidentId: uuid(1),
      requirementId: DRR_ID,
      source: 'MISSED_APPOINTMENT' as const,
      occurredAt: at('2026-05-04', '09:00:00'),
      subjectId: 'appointment-1',
    };
    run.on('2026-05-04', '12:00:00').do(incident);
    expect(run.do(incident)).toEqual([]);
    expect(orderView(run.state).compliance.pendingDecisions).toBe(1);
    const [decided] = run.do({
      type: 'DecideIncident',
      incidentId: uuid(1),
      decision: 'ACCEPTABLE',
      reason: 'GP letter',
    });
    expect(requirementMessagesFor(decided!)).toEqual([
      {
        requirementId: DRR_ID,
        message: {
          kind: 'IncidentDecided',
          incidentId: uuid(1),
          subjectId: 'appointment-1',
          decision: 'ACCEPTABLE',
        },
      },
    ]);
    expect(run.refused({ type: 'DecideIncident', incidentId: uuid(1), decision: 'UNACCEPTABLE' }).code).toBe(
      'incident-already-decided',
    );
    expect(run.refused({ type: 'GiveWarning', incidentId: uuid(1), givenOn: '2026-05-04' }).code).toBe(
      'incident-not-unacceptable',
    );
  });

  it('R15: one warning in 12 months; a further failure within them must be referred', () => {
    const run = communityOrder();
    const first = unacceptableFailure(run, 1, '2026-05-04');
    run.on('2026-05-05').do({ type: 'GiveWarning', incidentId: first, givenOn: '2026-05-05' });
    expect(run.state.compliance.warnings[0]).toMatchObject({
      givenOn: '2026-05-05',
      expiresOn: '2027-05-05',
    });

    const second = unacceptableFailure(run, 2, '2026-08-03');
    expect(run.refused({ type: 'GiveWarning', incidentId: second, givenOn: '2026-08-03' })).toMatchObject({
      code: 'r15-referral-required',
      kind: 'STATE_CONFLICT',
    });
    run.do({ type: 'ReferToEnforcement', incidentId: second });
    expect(run.last('ReferredToEnforcementOfficer').mandatory).toBe(true);
  });

  it.each([
    { failedOn: '2027-05-04', covered: true },
    { failedOn: '2027-05-05', covered: false },
  ])(
    'R15: a warning given on 2026-05-05 covers a failure on $failedOn: $covered (its last day is the day before the anniversary)',
    ({ failedOn, covered }) => {
      const run = communityOrder(['DRR'], '2028-04-12');
      const first = unacceptableFailure(run, 1, '2026-05-04');
      run.on('2026-05-05').do({ type: 'GiveWarning', incidentId: first, givenOn: '2026-05-05' });
      expect(run.state.compliance.warnings[0]?.expiresOn).toBe('2027-05-05');

      const next = unacceptableFailure(run, 2, failedOn);
      const warning = run.decide({ type: 'GiveWarning', incidentId: next, givenOn: failedOn });
      const referral = run.decide({ type: 'ReferToEnforcement', incidentId: next });
      if (covered) {
        expect(warning).toMatchObject({ ok: false, rejection: { code: 'r15-referral-required' } });
        expect(referral).toMatchObject({ ok: true, events: [{ mandatory: true }] });
      } else {
        expect(warning).toMatchObject({ ok: true, events: [{ type: 'WarningGiven', givenOn: failedOn }] });
        expect(referral).toMatchObject({ ok: true, events: [{ mandatory: false }] });
      }
    },
  );

  it('R15: a warning within 12 months of another is refused even for an earlier failure; after 12 months it is allowed', () => {
    const run = communityOrder(['DRR'], '2028-04-12');
    const earlier = unacceptableFailure(run, 1, '2026-05-04');
    const later = unacceptableFailure(run, 2, '2026-05-06');
    run.do({ type: 'GiveWarning', incidentId: later, givenOn: '2026-05-06' });
    expect(run.refused({ type: 'GiveWarning', incidentId: earlier, givenOn: '2026-05-06' })).toMatchObject({
      code: 'r15-warning-already-live',
      field: '/givenOn',
    });
    run.tick('2027-05-06', '00:00:00');
    expect(run.last('WarningExpired').warningId).toBe(run.state.compliance.warnings[0]?.warningId);
    const afterExpiry = unacceptableFailure(run, 3, '2027-05-10');
    run.do({ type: 'GiveWarning', incidentId: afterExpiry, givenOn: '2027-05-10' });
    expect(run.state.compliance.warnings).toHaveLength(2);
  });

  it('R16: the warning records the circumstances, that the failure is unacceptable, and the liability to court', () => {
    const run = communityOrder();
    const incidentId = unacceptableFailure(run, 1, '2026-05-04');
    expect(run.refused({ type: 'GiveWarning', incidentId, givenOn: '2026-05-03' }).code).toBe(
      'r16-warning-before-failure',
    );
    run.do({ type: 'GiveWarning', incidentId, givenOn: '2026-05-04', deliveryMethod: 'LETTER' });
    const warning = run.last('WarningGiven');
    expect(warning.circumstances).toBe('missed appointment on 2026-05-04');
    expect(warning.statement).toMatch(/unacceptable/);
    expect(warning.statement).toMatch(/liable to be brought before a court/);
    expect(warning.statement).toMatch(/2027-05-04/);
  });

  it('R17: the RO may refer a first failure instead of warning', () => {
    const run = communityOrder();
    const incidentId = unacceptableFailure(run, 1, '2026-05-04');
    run.do({ type: 'ReferToEnforcement', incidentId });
    expect(run.last('ReferredToEnforcementOfficer').mandatory).toBe(false);
    expect(run.refused({ type: 'GiveWarning', incidentId, givenOn: '2026-05-04' }).code).toBe(
      'incident-already-actioned',
    );
  });

  it('R18: the enforcement officer lays an information or takes no further action, once per referral', () => {
    const run = communityOrder();
    const a = unacceptableFailure(run, 1, '2026-05-04');
    run.do({ type: 'ReferToEnforcement', incidentId: a });
    const referralId = run.last('ReferredToEnforcementOfficer').referralId;
    run.do({ type: 'RecordNoFurtherAction', referralId, reason: 'Evidence of illness received' });
    expect(
      run.refused({ type: 'LayInformation', referralId, informationLaidOn: '2026-05-04', courtCode: 'B01LY' })
        .code,
    ).toBe('referral-not-open');
    expect(
      run.refused({
        type: 'LayInformation',
        referralId: uuid(99),
        informationLaidOn: '2026-05-04',
        courtCode: 'B01LY',
      }).kind,
    ).toBe('NOT_FOUND');
    const proceedingId = beforeTheCourt(run, '2026-06-01');
    expect(orderView(run.state).inBreachProceedings).toBe(true);
    expect(run.state.compliance.proceedings[proceedingId]?.status).toBe('OPEN');
  });

  it('Sch 10 para 8: the court issues a summons or a warrant on the information, each once and nothing after a warrant', () => {
    const run = communityOrder();
    const proceedingId = beforeTheCourt(run, '2026-06-01');
    const issue = { type: 'RecordSummonsOrWarrant' as const, proceedingId, issuedOn: '2026-06-01' };
    expect(run.refused({ ...issue, process: 'SUMMONS', issuedOn: '2026-05-31' })).toMatchObject({
      code: 'date-too-early',
      field: '/issuedOn',
    });
    expect(run.refused({ ...issue, proceedingId: uuid(98), process: 'SUMMONS' }).kind).toBe('NOT_FOUND');
    run.do({ ...issue, process: 'SUMMONS' });
    expect(run.refused({ ...issue, process: 'SUMMONS' })).toMatchObject({
      code: 'process-already-issued',
      kind: 'STATE_CONFLICT',
    });
    run.do({ ...issue, process: 'WARRANT' });
    expect(run.refused({ ...issue, process: 'WARRANT' }).code).toBe('process-already-issued');
    expect(orderView(run.state).compliance.proceedings[0]?.processes).toEqual([
      { process: 'SUMMONS', issuedOn: '2026-06-01' },
      { process: 'WARRANT', issuedOn: '2026-06-01' },
    ]);
    run.do({ type: 'RecordBreachOutcome', proceedingId, finding: 'NOT_PROVED' });
    expect(run.refused({ ...issue, process: 'SUMMONS' }).code).toBe('proceeding-already-dealt-with');
  });

  it('R19: a CO breach fine is at most £2,500; new unpaid work at least 20 hours; the end date moves once, by 6 months at most', () => {
    const run = communityOrder();
    const proceedingId = beforeTheCourt(run);
    const outcome = { type: 'RecordBreachOutcome' as const, proceedingId, finding: 'PROVED' as const };
    expect(run.refused({ ...outcome, disposal: 'FINE', fineAmountPence: 250_001 })).toMatchObject({
      code: 'r19-fine-over-maximum',
      field: '/fineAmountPence',
    });
    expect(run.refused({ ...outcome, disposal: 'ADD_UNPAID_WORK', unpaidWorkHours: 19 }).code).toBe(
      'r19-unpaid-work-under-minimum',
    );
    expect(run.refused({ ...outcome, disposal: 'EXTEND_END_DATE', newEndDate: '2027-10-13' }).code).toBe(
      'r19-extension-over-six-months',
    );
    expect(run.refused({ ...outcome, disposal: 'ACTIVATE_FULL' }).code).toBe('disposal-not-for-order-type');
    run.do({ ...outcome, disposal: 'EXTEND_END_DATE', newEndDate: '2027-10-12' });
    expect(run.state.order).toMatchObject({ endDate: '2027-10-12', endDateExtendedOnBreach: true });
    expect(orderView(run.state).inBreachProceedings).toBe(false);

    const again = beforeTheCourtAgain(run);
    expect(
      run.refused({ ...outcome, proceedingId: again, disposal: 'EXTEND_END_DATE', newEndDate: '2027-12-01' }),
    ).toMatchObject({
      code: 'r19-extension-already-used',
      kind: 'STATE_CONFLICT',
    });
    run.do({ ...outcome, proceedingId: again, disposal: 'FINE', fineAmountPence: 250_000 });
    expect(run.state.compliance.proceedings[again]?.outcome?.fineAmountPence).toBe(250_000);
  });

  it('R19: unpaid work added on breach is at least 20 hours only where the order had none, whatever the disposal', () => {
    const run = communityOrder();
    const proceedingId = beforeTheCourt(run);
    const outcome = { type: 'RecordBreachOutcome' as const, proceedingId, finding: 'PROVED' as const };
    // No unpaid work on the order: the floor applies, to more onerous requirements as to added unpaid work.
    expect(
      run.refused({ ...outcome, disposal: 'MORE_ONEROUS_REQUIREMENTS', unpaidWorkHours: 10 }),
    ).toMatchObject({
      code: 'r19-unpaid-work-under-minimum',
      kind: 'RULE_VIOLATION',
      field: '/unpaidWorkHours',
    });
    expect(
      run.refused({ ...outcome, disposal: 'FINE', fineAmountPence: 100, unpaidWorkHours: 10 }).code,
    ).toBe('unpaid-work-not-for-disposal');
    run.do({ ...outcome, disposal: 'ADD_UNPAID_WORK', unpaidWorkHours: 20 });
    expect(run.state.order?.otherRequirements).toEqual([
      expect.objectContaining({ type: 'UNPAID_WORK', hours: 20, compliedOn: null }),
    ]);

    // With unpaid work on the order, fewer hours may be added to it.
    const withUnpaidWork = proposedCase().on(SENTENCE_DATE, '14:00:00');
    withUnpaidWork.do({ ...coSentence, otherRequirements: [{ type: 'UNPAID_WORK', hours: 80 }] });
    const again = beforeTheCourt(withUnpaidWork);
    withUnpaidWork.do({ ...outcome, proceedingId: again, disposal: 'ADD_UNPAID_WORK', unpaidWorkHours: 10 });
    expect(withUnpaidWork.state.order?.otherRequirements).toEqual([
      expect.objectContaining({ type: 'UNPAID_WORK', hours: 90 }),
    ]);

    // Before the correction only ADD_UNPAID_WORK had the floor: replayed decisions keep that.
    const before = communityOrder();
    const replayed = beforeTheCourt(before);
    const legacy = decideOrder(
      before.state,
      { ...outcome, proceedingId: replayed, disposal: 'MORE_ONEROUS_REQUIREMENTS', unpaidWorkHours: 10 },
      { ...before.ctx(), config: { ...DEFAULT_CONFIG, lawBeforeCorrections: true } },
    );
    expect(legacy.ok).toBe(true);
  });

  it('R20: an SSO is activated unless unjust, and the court gives reasons when it does not activate', () => {
    const run = suspendedSentenceOrder();
    const proceedingId = beforeTheCourt(run);
    const outcome = { type: 'RecordBreachOutcome' as const, proceedingId, finding: 'ADMITTED' as const };
    expect(run.refused({ ...outcome, disposal: 'FINE', fineAmountPence: 20_000 })).toMatchObject({
      code: 'r20-reasons-for-not-activating-required',
      field: '/reasonsForNotActivating',
    });
    expect(
      run.refused({
        ...outcome,
        disposal: 'FINE',
        fineAmountPence: 300_000,
        reasonsForNotActivating: 'Engaging well',
      }).code,
    ).toBe('r20-fine-over-maximum');
    expect(
      run.refused({
        ...outcome,
        disposal: 'EXTEND_SUPERVISION_PERIOD',
        newEndDate: '2028-04-13',
        reasonsForNotActivating: 'x',
      }).code,
    ).toBe('r4-period-over-two-years');
    run.do({ ...outcome, disposal: 'ACTIVATE_REDUCED_TERM', activatedTermMonths: 6 });
    expect(run.state.end).toMatchObject({ reason: 'SSO_ACTIVATED', detail: 'custodial term of 6 months' });
  });

  it('R22: re-sentencing records the extent of compliance', () => {
    const run = communityOrder();
    const proceedingId = beforeTheCourt(run);
    const outcome = {
      type: 'RecordBreachOutcome' as const,
      proceedingId,
      finding: 'PROVED' as const,
      disposal: 'REVOKE_AND_RESENTENCE' as const,
    };
    expect(run.refused(outcome)).toMatchObject({
      code: 'r22-extent-of-compliance-required',
      field: '/extentOfCompliance',
    });
    run.do({ ...outcome, extentOfCompliance: 'Attended 30 of 34 sessions' });
    expect(run.last('BreachDealtWith').complianceRecord).toEqual({
      acceptableIncidents: 0,
      unacceptableIncidents: 1,
      warningsGiven: 0,
      requirementsImposed: 1,
      requirementsCompliedWith: 0,
    });
    expect(run.state.end?.reason).toBe('REVOKED_RESENTENCED_BREACH');
  });

  it('counts failures to comply by day since the last breach dealt with (nDelius ftcCount)', () => {
    const run = communityOrder();
    unacceptableFailure(run, 1, '2026-05-04');
    unacceptableFailure(run, 2, '2026-05-04');
    expect(orderView(run.state).compliance.ftcCount).toBe(1);
    unacceptableFailure(run, 3, '2026-05-11');
    expect(orderView(run.state).compliance).toMatchObject({ ftcCount: 2, reviewEnforcementStatus: true });
    const proceedingId = beforeTheCourt(run, '2026-06-01');
    run.do({ type: 'RecordBreachOutcome', proceedingId, finding: 'NOT_PROVED' });
    expect(orderView(run.state).compliance.ftcCount).toBe(0);
  });

  it('R31: no failure, warning or referral for a failure after a CO’s end date; proceedings only if begun before it', () => {
    const run = communityOrder(); // ends 2027-04-12
    const incident = (n: number, day: string) => ({
      type: 'RecordIncident' as const,
      incidentId: uuid(n),
      requirementId: DRR_ID,
      source: 'MISSED_APPOINTMENT' as const,
      occurredAt: at(day, '09:00:00'),
      subjectId: `appointment-${n}`,
    });
    run.on('2027-04-12', '12:00:00').do(incident(2, '2027-04-12'));
    run.do({ type: 'DecideIncident', incidentId: uuid(2), decision: 'UNACCEPTABLE' });
    run.on('2027-04-14', '09:00:00');
    expect(run.refused(incident(1, '2027-04-13'))).toMatchObject({
      code: 'r31-failure-after-end-date',
      kind: 'RULE_VIOLATION',
      field: '/occurredAt',
    });
    expect(run.refused({ type: 'GiveWarning', incidentId: uuid(2), givenOn: '2027-04-13' })).toMatchObject({
      code: 'r31-warning-after-end-date',
      field: '/givenOn',
    });
    // A failure before the end may still be referred; proceedings begun after it are refused.
    run.do({ type: 'ReferToEnforcement', incidentId: uuid(2) });
    const referralId = run.last('ReferredToEnforcementOfficer').referralId;
    expect(
      run.refused({
        type: 'LayInformation',
        referralId,
        informationLaidOn: '2027-04-14',
        courtCode: 'B01LY',
      }),
    ).toMatchObject({ code: 'r31-proceedings-after-end-date', field: '/informationLaidOn' });
    run.tick('2027-04-30');
    expect(run.state.status).toBe('ENDED');
  });

  it('R31: proceedings begun before the end date keep the CO open, expired; the court still deals with the breach', () => {
    const run = communityOrder();
    const proceedingId = beforeTheCourt(run, '2027-04-01');
    run.tick('2027-04-14', '10:00:00');
    expect(run.state.status).toBe('EXPIRED_PROCEEDINGS_PENDING');
    expect(orderView(run.state).status).toBe('EXPIRED_PROCEEDINGS_PENDING');
    run.on('2027-04-20').do({
      type: 'RecordBreachOutcome',
      proceedingId,
      finding: 'PROVED',
      disposal: 'FINE',
      fineAmountPence: 5_000,
    });
    run.tick('2027-04-20', '11:00:00');
    expect(run.state.status).toBe('ENDED');
  });

  it('R31: a CO extended on breach after its end date is in force again until the new one', () => {
    const run = communityOrder();
    const proceedingId = beforeTheCourt(run, '2027-04-01');
    run.tick('2027-04-14');
    expect(run.state.status).toBe('EXPIRED_PROCEEDINGS_PENDING');
    run.do({
      type: 'RecordBreachOutcome',
      proceedingId,
      finding: 'PROVED',
      disposal: 'EXTEND_END_DATE',
      newEndDate: '2027-08-12',
    });
    expect(run.state).toMatchObject({ status: 'ACTIVE', order: { endDate: '2027-08-12' } });
  });
});

/** A second failure, referred and before the court, on an order already in the compliance record. */
function beforeTheCourtAgain(run: CaseRun): string {
  const incidentId = unacceptableFailure(run, 2, '2026-09-07');
  run.do({ type: 'ReferToEnforcement', incidentId });
  const referralId = run.last('ReferredToEnforcementOfficer').referralId;
  run.do({ type: 'LayInformation', referralId, informationLaidOn: '2026-09-07', courtCode: 'B01LY' });
  return run.last('InformationLaid').proceedingId;
}
