import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../domain/config';
import { requirementMessagesFor } from '../../../domain/order';
import {
  at,
  CaseRun,
  coSentence,
  communityOrder,
  DRR_ID,
  drrTerms,
  MHTR_ID,
  proposedCase,
  SENTENCE_DATE,
  suspendedSentenceOrder,
  uuid,
} from './fixtures';

function complied(run: CaseRun, requirementId = DRR_ID) {
  run.do({
    type: 'RecordRequirementStatus',
    requirementId,
    status: 'COMPLETED',
    compliedWith: true,
    ended: 'COMPLETED',
  });
}

describe('the order after sentence', () => {
  it('records the induction once, not before the order or in the future', () => {
    const run = communityOrder().on('2026-04-15');
    expect(run.refused({ type: 'CompleteInduction', completedOn: '2026-04-16' }).code).toBe('date-in-future');
    run.do({ type: 'CompleteInduction', completedOn: '2026-04-15' });
    expect(run.state.order?.inductionCompletedOn).toBe('2026-04-15');
    expect(run.refused({ type: 'CompleteInduction', completedOn: '2026-04-15' }).code).toBe(
      'induction-already-completed',
    );
  });

  it('R6: an amendment that imposes anything needs the person’s willingness; a cancellation does not', () => {
    const run = communityOrder(['DRR', 'MHTR']).on('2026-06-01');
    const extend = {
      type: 'AmendRequirement' as const,
      requirementId: MHTR_ID,
      change: 'EXTEND_PERIOD' as const,
      effectiveOn: '2026-06-01',
      newPeriodEnd: '2026-12-31',
    };
    expect(run.refused({ ...extend, offenderWilling: false })).toMatchObject({
      code: 'r6-offender-not-willing',
      field: '/offenderWilling',
    });
    run.do({ ...extend, offenderWilling: true });
    expect(run.state.requirements[MHTR_ID]?.terms.periods.at(-1)?.end).toBe('2026-12-31');
    run.do({ ...extend, change: 'CANCEL', offenderWilling: false, newPeriodEnd: undefined });
    expect(run.state.requirements[MHTR_ID]?.ended).toBe('CANCELLED_BY_COURT');
  });

  it('R28: a requirement is replaced only by one of the same kind, on terms the court may impose', () => {
    const run = communityOrder().on('2026-06-01');
    const replace = {
      type: 'AmendRequirement' as const,
      requirementId: DRR_ID,
      change: 'REPLACE' as const,
      effectiveOn: '2026-06-01',
      offenderWilling: true,
    };
    const periods = [{ start: '2026-06-01', end: '2027-01-31' }];
    expect(
      run.refused({ ...replace, replacement: { mode: 'PRACTITIONER_BASED', periods, practitioner: 'Dr X' } }),
    ).toMatchObject({ code: 'r28-replacement-not-same-kind', field: '/replacement/mode' });
    expect(run.refused({ ...replace, replacement: { mode: 'RESIDENT', periods } })).toMatchObject({
      code: 'drr-treatment-director-required',
      field: '/replacement/treatmentDirector',
    });
    const [amended] = run.do({
      ...replace,
      replacement: { mode: 'RESIDENT', periods, treatmentDirector: 'Dr B', place: 'Residential unit' },
    });
    expect(run.state.requirements[DRR_ID]?.terms).toMatchObject({
      mode: 'RESIDENT',
      place: 'Residential unit',
    });
    expect(run.state.requirements[DRR_ID]?.terms.intervals).toBeUndefined();
    expect(requirementMessagesFor(amended!)[0]?.message).toMatchObject({
      kind: 'RequirementAmended',
      change: 'REPLACE',
    });
  });

  it('R19: on application the CO end date moves at most 6 months later', () => {
    const run = communityOrder().on('2027-01-04');
    expect(run.refused({ type: 'ExtendEndDate', newEndDate: '2027-10-13' }).code).toBe(
      'r19-extension-over-six-months',
    );
    const [extended] = run.do({ type: 'ExtendEndDate', newEndDate: '2027-10-12' });
    expect(run.state.order?.endDate).toBe('2027-10-12');
    expect(requirementMessagesFor(extended!)).toEqual([
      { requirementId: DRR_ID, message: { kind: 'OrderEndDateChanged', orderEndDate: '2027-10-12' } },
    ]);
  });

  it('R32: an SSO is activated for an offence committed in its operational period, even once that has ended', () => {
    // Sentenced 2026-04-13: supervision to 2027-04-12, operational period to 2028-04-12.
    const sso = suspendedSentenceOrder();
    sso.tick('2028-05-01');
    expect(sso.state.status).toBe('SSO_OPEN_TO_ACTIVATION');
    const activation = (offenceDate: string, convictionDate: string) => ({
      type: 'ActivateSuspendedSentence' as const,
      activatedOn: '2028-06-01',
      offenceDate,
      convictionDate,
    });
    sso.on('2028-06-01');
    expect(sso.refused(activation('2028-04-13', '2028-05-20'))).toMatchObject({
      code: 'r32-offence-outside-operational-period',
      kind: 'RULE_VIOLATION',
      field: '/offenceDate',
    });
    expect(sso.refused({ type: 'ActivateSuspendedSentence', activatedOn: '2028-06-01' })).toMatchObject({
      code: 'r32-offence-date-required',
      field: '/offenceDate',
    });
    expect(sso.refused(activation('2028-04-12', '2028-04-11')).code).toBe('conviction-before-offence');
    expect(sso.refused({ type: 'CompleteInduction', completedOn: '2028-06-01' }).code).toBe(
      'operational-period-ended',
    );
    sso.do(activation('2028-04-12', '2028-05-20'));
    expect(sso.state.end).toMatchObject({ reason: 'SSO_ACTIVATED', endedOn: '2028-06-01' });
  });

  it('R26: the court amends the home area only to the one the RO permitted', () => {
    const run = communityOrder().on('2026-07-01');
    const amend = {
      type: 'AmendHomeLocalJusticeArea' as const,
      newHomeLocalJusticeArea: 'Kent',
      amendedOn: '2026-07-01',
    };
    expect(run.refused(amend)).toMatchObject({
      code: 'r26-residence-change-not-permitted',
      kind: 'STATE_CONFLICT',
    });
    run.do({ type: 'PermitResidenceChange', newHomeLocalJusticeArea: 'Kent', permittedOn: '2026-06-30' });
    expect(run.refused({ ...amend, newHomeLocalJusticeArea: 'Essex' }).code).toBe(
      'r26-residence-change-not-permitted',
    );
    run.do(amend);
    expect(run.state.order).toMatchObject({ homeLocalJusticeArea: 'Kent', pendingResidenceChange: null });
  });

  it('R21: revocation for good progress ends a CO; an SSO keeps its operational period', () => {
    const co = communityOrder().on('2026-12-01');
    const [ended] = co.do({ type: 'RevokeOrder', reason: 'GOOD_PROGRESS', revokedOn: '2026-12-01' });
    expect(co.state.end).toMatchObject({ reason: 'REVOKED_GOOD_PROGRESS', endedOn: '2026-12-01' });
    expect(requirementMessagesFor(ended!)[0]?.message).toEqual({
      kind: 'OrderEnded',
      endedOn: '2026-12-01',
      reason: 'REVOKED_GOOD_PROGRESS',
    });

    const sso = suspendedSentenceOrder().on('2026-12-01');
    sso.do({ type: 'RevokeOrder', reason: 'GOOD_PROGRESS', revokedOn: '2026-12-01' });
    expect(sso.state.status).toBe('SSO_OPERATIONAL_ONLY');
    expect(sso.refused({ type: 'RevokeOrder', reason: 'GOOD_PROGRESS', revokedOn: '2026-12-01' }).code).toBe(
      'supervision-already-ended',
    );
  });

  it('R10: a DRR extended beyond 12 months, its separate periods summed, must provide for reviews', () => {
    const run = proposedCase(new CaseRun(), ['DRR']);
    const periods = [
      { start: SENTENCE_DATE, end: '2026-10-12' },
      { start: '2027-01-13', end: '2027-04-12' },
    ];
    run.on(SENTENCE_DATE, '14:00:00').do({
      ...coSentence,
      endDate: '2028-04-12',
      requirements: [{ ...drrTerms, periods }],
    });
    const extend = (newPeriodEnd: string) => ({
      type: 'AmendRequirement' as const,
      requirementId: DRR_ID,
      change: 'EXTEND_PERIOD' as const,
      offenderWilling: true,
      newPeriodEnd,
    });
    run.on('2027-02-01');
    // 183 days and 183 days laid end to end from 2026-04-13 end on 2027-04-13: not more than 12 months,
    // though the first start and the last end are 15 months apart. One day more is.
    expect(run.refused(extend('2027-07-15'))).toMatchObject({
      code: 'r10-review-provision-required',
      field: '/newPeriodEnd',
    });
    run.do(extend('2027-07-14'));
    expect(run.state.requirements[DRR_ID]?.terms.periods).toEqual([
      periods[0],
      { ...periods[1], end: '2027-07-14' },
    ]);
  });

  it('R29: no revocation while an appeal is pending; an appeal that quashes ends the order', () => {
    const run = communityOrder().on('2026-05-01');
    run.do({ type: 'RecordAppeal', lodgedOn: '2026-04-30' });
    expect(run.refused({ type: 'RevokeOrder', reason: 'OTHER', revokedOn: '2026-05-01' })).toMatchObject({
      code: 'r29-appeal-pending',
      kind: 'STATE_CONFLICT',
    });
    run.do({ type: 'RecordAppealDetermined', determinedOn: '2026-05-01', result: 'DISMISSED' });
    run.do({ type: 'RevokeOrder', reason: 'OTHER' });
    expect(run.state.end).toMatchObject({ reason: 'REVOKED_OTHER', endedOn: '2026-05-01' });

    const quashed = communityOrder().on('2026-05-01');
    quashed.do({ type: 'RecordAppeal', lodgedOn: '2026-04-30' });
    quashed.do({ type: 'RecordAppealDetermined', determinedOn: '2026-05-01', result: 'ORDER_QUASHED' });
    expect(quashed.state.end?.reason).toBe('QUASHED_ON_APPEAL');
  });

  it('R27: terminates on completion only when in force and every requirement is complied with', () => {
    const run = communityOrder(['DRR', 'MHTR']).on('2027-01-04');
    const terminate = { type: 'TerminateOnCompletion' as const, terminationDate: '2027-01-04' };
    complied(run, MHTR_ID);
    expect(run.refused(terminate)).toMatchObject({
      code: 'r27-requirement-not-complied-with',
      kind: 'STATE_CONFLICT',
    });
    complied(run, DRR_ID);
    const notYet = new CaseRun({ ...DEFAULT_CONFIG, terminationOnCompletionInForceFrom: '2027-06-01' });
    notYet.state = run.state;
    notYet.on('2027-01-04');
    expect(notYet.refused(terminate)).toMatchObject({ code: 'r27-not-in-force', field: '/terminationDate' });
    expect(run.refused({ ...terminate, sentencePlanObjectivesMet: false }).code).toBe(
      'r27-sentence-plan-objectives-not-met',
    );
    run.do(terminate);
    expect(run.state.end).toMatchObject({ reason: 'TERMINATED_ON_COMPLETION_BY_RO', endedOn: '2027-01-04' });
  });

  it('R27: every other requirement complied with too; a later date the RO specifies terminates the order then', () => {
    const run = proposedCase().on(SENTENCE_DATE, '14:00:00');
    run.do({
      ...coSentence,
      otherRequirements: [
        { type: 'UNPAID_WORK', hours: 60 },
        { type: 'REHABILITATION_ACTIVITY', days: 10 },
      ],
    });
    const [unpaid, activity] = run.state.order!.otherRequirements!;
    expect(unpaid).toMatchObject({ type: 'UNPAID_WORK', hours: 60, compliedOn: null });
    run.on('2027-01-04');
    complied(run, DRR_ID);
    const terminate = { type: 'TerminateOnCompletion' as const, terminationDate: '2027-01-04' };
    expect(run.refused(terminate)).toMatchObject({ code: 'r27-other-requirement-not-complied-with' });
    const record = { type: 'RecordOtherRequirementCompliance' as const, compliedOn: '2027-01-04' };
    expect(
      run.refused({ ...record, otherRequirementId: unpaid!.otherRequirementId, hoursDone: 59 }),
    ).toMatchObject({
      code: 'r27-unpaid-work-hours-outstanding',
      field: '/hoursDone',
    });
    expect(run.refused({ ...record, otherRequirementId: uuid(404) }).kind).toBe('NOT_FOUND');
    run.do({ ...record, otherRequirementId: unpaid!.otherRequirementId });
    run.do({ ...record, otherRequirementId: activity!.otherRequirementId });
    expect(run.state.order!.otherRequirements![0]).toMatchObject({ compliedOn: '2027-01-04', hoursDone: 60 });
    expect(run.refused({ ...terminate, terminationDate: '2027-04-13' }).code).toBe(
      'r27-termination-after-end-date',
    );
    // A date in the future: the order terminates then, by timer, unless something goes wrong before it.
    run.do({ ...terminate, terminationDate: '2027-02-01' });
    expect(run.state).toMatchObject({ status: 'ACTIVE', order: { terminationScheduledFor: '2027-02-01' } });
    run.tick('2027-01-31', '22:00:00');
    expect(run.state.status).toBe('ACTIVE');
    run.tick('2027-02-01', '00:30:00');
    expect(run.state.end).toMatchObject({ reason: 'TERMINATED_ON_COMPLETION_BY_RO', endedOn: '2027-02-01' });
  });

  it('R27: a failure reported before the date specified cancels the termination', () => {
    const run = communityOrder().on('2027-01-04');
    complied(run, DRR_ID);
    run.do({ type: 'TerminateOnCompletion', terminationDate: '2027-02-01' });
    const [, cancelled] = run.on('2027-01-10').do({
      type: 'RecordIncident',
      incidentId: uuid(1),
      requirementId: DRR_ID,
      source: 'MISSED_APPOINTMENT',
      occurredAt: at('2027-01-10', '09:00:00'),
      subjectId: 'appointment-1',
    });
    expect(cancelled).toMatchObject({ type: 'TerminationCancelled', terminationDate: '2027-02-01' });
    run.tick('2027-02-02');
    expect(run.state).toMatchObject({ status: 'ACTIVE', order: { terminationScheduledFor: null } });
  });

  it('ends on death, on transfer out, on activation of an SSO for a further offence, and at a DRR review', () => {
    const died = communityOrder().on('2026-09-01');
    died.do({ type: 'RecordDeath', diedOn: '2026-08-30' });
    expect(died.state.end).toMatchObject({ reason: 'DECEASED', endedOn: '2026-08-30' });

    const moved = communityOrder().on('2026-09-01');
    moved.do({ type: 'RecordTransferOut', jurisdiction: 'SCOTLAND', transferredOn: '2026-09-01' });
    expect(moved.state.end).toMatchObject({ reason: 'TRANSFERRED_SCOTLAND_OR_NI', detail: 'SCOTLAND' });

    const sso = suspendedSentenceOrder().on('2026-09-01');
    const further = { offenceDate: '2026-08-01', convictionDate: '2026-09-01' };
    expect(
      sso.refused({
        type: 'ActivateSuspendedSentence',
        activatedOn: '2026-09-01',
        ...further,
        reducedTermMonths: 12,
      }).code,
    ).toBe('reduced-term-not-shorter');
    sso.do({
      type: 'ActivateSuspendedSentence',
      activatedOn: '2026-09-01',
      ...further,
      reducedTermMonths: 8,
    });
    expect(sso.state.end?.reason).toBe('SSO_ACTIVATED');
    expect(
      communityOrder()
        .on('2026-09-01')
        .refused({ type: 'ActivateSuspendedSentence', activatedOn: '2026-09-01' }).code,
    ).toBe('suspended-sentence-only');

    const reviewed = communityOrder().on('2026-09-01');
    reviewed.do({
      type: 'RecordRevocationAtReview',
      requirementId: DRR_ID,
      reviewId: uuid(77),
      revokedOn: '2026-09-01',
    });
    expect(reviewed.state.end?.reason).toBe('REVOKED_OTHER');
  });

  it('takes requirement status reports, idempotently, and refuses an unknown requirement', () => {
    const run = communityOrder().on('2026-05-01');
    expect(
      run.do({
        type: 'RecordRequirementStatus',
        requirementId: DRR_ID,
        status: 'IN_TREATMENT',
        compliedWith: false,
      }),
    ).toHaveLength(1);
    expect(
      run.do({
        type: 'RecordRequirementStatus',
        requirementId: DRR_ID,
        status: 'IN_TREATMENT',
        compliedWith: false,
      }),
    ).toHaveLength(0);
    expect(
      run.refused({
        type: 'RecordRequirementStatus',
        requirementId: MHTR_ID,
        status: 'X',
        compliedWith: false,
      }).kind,
    ).toBe('NOT_FOUND');
  });

  it('moves no ended order', () => {
    const run = communityOrder().on('2026-09-01');
    run.do({ type: 'RecordDeath', diedOn: '2026-09-01' });
    expect(run.refused({ type: 'CompleteInduction', completedOn: '2026-09-01' })).toMatchObject({
      code: 'order-closed',
      kind: 'STATE_CONFLICT',
    });
  });
});
