import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../domain/config';
import { requirementMessagesFor } from '../../../domain/order';
import { CaseRun, communityOrder, DRR_ID, MHTR_ID, suspendedSentenceOrder, uuid } from './fixtures';

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

  it('ends on death, on transfer out, on activation of an SSO for a further offence, and at a DRR review', () => {
    const died = communityOrder().on('2026-09-01');
    died.do({ type: 'RecordDeath', diedOn: '2026-08-30' });
    expect(died.state.end).toMatchObject({ reason: 'DECEASED', endedOn: '2026-08-30' });

    const moved = communityOrder().on('2026-09-01');
    moved.do({ type: 'RecordTransferOut', jurisdiction: 'SCOTLAND', transferredOn: '2026-09-01' });
    expect(moved.state.end).toMatchObject({ reason: 'TRANSFERRED_SCOTLAND_OR_NI', detail: 'SCOTLAND' });

    const sso = suspendedSentenceOrder().on('2026-09-01');
    expect(
      sso.refused({ type: 'ActivateSuspendedSentence', activatedOn: '2026-09-01', reducedTermMonths: 12 })
        .code,
    ).toBe('reduced-term-not-shorter');
    sso.do({ type: 'ActivateSuspendedSentence', activatedOn: '2026-09-01', reducedTermMonths: 8 });
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
