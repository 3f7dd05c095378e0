import { fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { addDays, addYears } from '../../../domain/calendar';
import { DEFAULT_CONFIG } from '../../../domain/config';
import { ATR_ID, CaseRun, DRR_ID, MHTR_ID, openCase, proposedCase } from './fixtures';

function screenedIn(): CaseRun {
  const run = new CaseRun().on('2026-04-01');
  run.do(openCase);
  run.do({ type: 'RecordScreening', outcome: 'PROCEED_TO_ASSESSMENT' });
  return run;
}

describe('the pre-sentence case', () => {
  it('R1: opens a case for a person who is 17 at the hearing (the age that counts is at conviction)', () => {
    const seventeen = { ...openCase, person: { ...openCase.person, dateOfBirth: '2008-04-14' } };
    const atHearing = new CaseRun();
    atHearing.do(seventeen);
    expect(atHearing.state.case?.convictionDate).toBeNull();
    // Where the conviction date is known at opening, the age is checked on it.
    expect(new CaseRun().refused({ ...seventeen, convictionDate: '2026-03-31' })).toMatchObject({
      code: 'r1-under-18-at-conviction',
      kind: 'RULE_VIOLATION',
      field: '/convictionDate',
    });
    const adult = new CaseRun();
    adult.do({ ...openCase, convictionDate: '2026-03-31' });
    expect(adult.state.case?.convictionDate).toBe('2026-03-31');
    // Before the correction the hearing date stood in for the conviction: replayed decisions keep that.
    const before = new CaseRun({ ...DEFAULT_CONFIG, lawBeforeCorrections: true });
    expect(before.refused(seventeen).code).toBe('r1-under-18-at-conviction');
  });

  it('refuses a date of birth before 1900-01-01 or after today (the clock of the decision), whatever the hearing', () => {
    const today = '2026-04-01';
    const edges = fc.constantFrom('1899-12-31', '1900-01-01', today, addDays(today, 1));
    const anyDay = fc.integer({ min: -1000, max: 60_000 }).map((n) => addDays('1900-01-01', n));
    fc.assert(
      fc.property(fc.oneof(edges, anyDay), (dateOfBirth) => {
        const run = new CaseRun().on(today);
        // A hearing when the person is 20, so that R1 has nothing to say.
        const decision = run.decide({
          ...openCase,
          hearingDate: addYears(dateOfBirth, 20),
          person: { ...openCase.person, dateOfBirth },
        });
        const sane = dateOfBirth >= '1900-01-01' && dateOfBirth <= today;
        if (sane) expect(decision.ok).toBe(true);
        else
          expect(decision).toMatchObject({
            ok: false,
            rejection: {
              code: 'date-of-birth-out-of-range',
              kind: 'RULE_VIOLATION',
              field: '/person/dateOfBirth',
            },
          });
      }),
    );
  });

  it('R1: screens in only where an offence is imprisonable', () => {
    const run = new CaseRun();
    run.do({ ...openCase, offences: [{ description: 'Speeding', imprisonable: false }] });
    expect(run.refused({ type: 'RecordScreening', outcome: 'PROCEED_TO_ASSESSMENT' }).code).toBe(
      'r1-offence-not-imprisonable',
    );
    run.do({ type: 'RecordScreening', outcome: 'NOT_ELIGIBLE_OFFENCE' });
    expect(run.state.status).toBe('CLOSED_SCREENED_OUT');
  });

  it('moves through assessment and consent to a proposal', () => {
    const run = screenedIn();
    run.do({ type: 'RequestAssessment', requirementId: DRR_ID, requirementType: 'DRR', providerOrgId: 'p' });
    expect(run.state.status).toBe('AWAITING_ASSESSMENT');
    expect(
      run.refused({
        type: 'RequestAssessment',
        requirementId: MHTR_ID,
        requirementType: 'DRR',
        providerOrgId: 'p',
      }).code,
    ).toBe('assessment-already-requested');
    run.do({
      type: 'RecordAssessment',
      requirementId: DRR_ID,
      outcome: 'SUITABLE',
      proposedMode: 'NON_RESIDENT',
      proposedPeriodMonths: 9,
    });
    expect(run.state.status).toBe('ASSESSED');
    run.do({ type: 'RecordConsent', requirementId: DRR_ID, given: true, date: '2026-04-01' });
    expect(run.state.status).toBe('READY_TO_PROPOSE');
    run.do({ type: 'SubmitProposal', psrReference: 'PSR-1' });
    expect(run.state.status).toBe('PROPOSED');
    expect(run.state.case?.proposal?.requirementIds).toEqual([DRR_ID]);
  });

  it('R6: refuses a proposal without a suitable requirement the person consents to, and closes on refusal', () => {
    const run = screenedIn();
    run.do({ type: 'RequestAssessment', requirementId: DRR_ID, requirementType: 'DRR', providerOrgId: 'p' });
    run.do({
      type: 'RecordAssessment',
      requirementId: DRR_ID,
      outcome: 'SUITABLE',
      proposedMode: 'RESIDENT',
      proposedPeriodMonths: 6,
    });
    expect(run.refused({ type: 'SubmitProposal', psrReference: 'PSR-1' })).toMatchObject({
      code: 'r6-no-requirement-ready-to-propose',
      kind: 'STATE_CONFLICT',
    });
    run.do({ type: 'RecordConsent', requirementId: DRR_ID, given: false, date: '2026-04-01' });
    expect(run.state.status).toBe('CLOSED_DECLINED');
    expect(run.refused({ type: 'SubmitProposal', psrReference: 'PSR-1' }).code).toBe('order-closed');
  });

  it('R7: an MHTR assessed suitable cannot be one whose condition warrants a hospital order', () => {
    const run = screenedIn();
    run.do({
      type: 'RequestAssessment',
      requirementId: MHTR_ID,
      requirementType: 'MHTR',
      providerOrgId: 'p',
    });
    const assessment = {
      type: 'RecordAssessment' as const,
      requirementId: MHTR_ID,
      outcome: 'SUITABLE' as const,
      proposedMode: 'PRACTITIONER_BASED' as const,
      proposedPeriodMonths: 6,
      careLevel: 'SECONDARY_CARE' as const,
    };
    expect(run.refused({ ...assessment, hospitalOrderThresholdMet: true })).toMatchObject({
      code: 'r7-hospital-order-threshold-met',
      kind: 'RULE_VIOLATION',
      field: '/hospitalOrderThresholdMet',
    });
    expect(run.refused(assessment).code).toBe('r7-hospital-order-test-required');
    run.do({ ...assessment, hospitalOrderThresholdMet: false });
    expect(run.state.proposed[MHTR_ID]?.assessment?.outcome).toBe('SUITABLE');
  });

  it('refuses a mode of another requirement type, and a consent before the assessment', () => {
    const run = screenedIn();
    run.do({ type: 'RequestAssessment', requirementId: DRR_ID, requirementType: 'DRR', providerOrgId: 'p' });
    expect(
      run.refused({ type: 'RecordConsent', requirementId: DRR_ID, given: true, date: '2026-04-01' }).code,
    ).toBe('consent-before-assessment');
    expect(
      run.refused({
        type: 'RecordAssessment',
        requirementId: DRR_ID,
        outcome: 'SUITABLE',
        proposedMode: 'PRACTITIONER_BASED',
        proposedPeriodMonths: 6,
      }),
    ).toMatchObject({ code: 'mode-not-for-type', field: '/proposedMode' });
    expect(
      run.refused({ type: 'RecordAssessment', requirementId: MHTR_ID, outcome: 'DID_NOT_ATTEND' }),
    ).toMatchObject({ kind: 'NOT_FOUND', field: '/requirementId' });
  });

  it('adjourns the hearing, withdraws, and records a sentence without a CSTR', () => {
    const run = proposedCase();
    run.do({ type: 'AdjournHearing', nextHearingDate: '2026-04-27', reason: 'Full PSR' });
    expect(run.state.case?.hearingDate).toBe('2026-04-27');
    expect(run.refused({ type: 'AdjournHearing', nextHearingDate: '2026-03-01' }).code).toBe(
      'hearing-date-in-past',
    );
    run.do({ type: 'RecordSentence', outcome: 'ADJOURNED', nextHearingDate: '2026-05-04' });
    expect(run.state.case?.hearingDate).toBe('2026-05-04');
    run.do({ type: 'RecordSentence', outcome: 'CUSTODY', reason: 'Custody threshold passed' });
    expect(run.state.status).toBe('CLOSED_NOT_SENTENCED');

    const withdrawn = proposedCase();
    withdrawn.do({ type: 'WithdrawCase', reason: 'Acquitted' });
    expect(withdrawn.state.status).toBe('CLOSED_WITHDRAWN');
  });

  it('answers NOT_FOUND for a command on a case never opened', () => {
    expect(new CaseRun().refused({ type: 'SubmitProposal', psrReference: 'x' }).kind).toBe('NOT_FOUND');
  });
});

describe('R14: an ATR needs a finding of alcohol dependency, not a link to the offence', () => {
  function atrAssessed(outcome: 'SUITABLE' | 'UNSUITABLE_NEED_TOO_LOW'): CaseRun {
    const run = screenedIn();
    run.do({ type: 'RequestAssessment', requirementId: ATR_ID, requirementType: 'ATR', providerOrgId: 'p' });
    run.do({
      type: 'RecordAssessment',
      requirementId: ATR_ID,
      outcome,
      ...(outcome === 'SUITABLE'
        ? {
            proposedMode: 'INSTITUTION_BASED' as const,
            proposedPeriodMonths: 6,
            treatmentDirector: 'Dr T',
            place: 'Clinic',
          }
        : {}),
    });
    return run;
  }

  it('R14: refuses to propose an ATR where the assessment found no dependency', () => {
    const run = atrAssessed('UNSUITABLE_NEED_TOO_LOW');
    expect(
      run.refused({ type: 'RecordConsent', requirementId: ATR_ID, given: true, date: '2026-04-01' }).code,
    ).toBe('requirement-not-suitable');
    expect(run.refused({ type: 'SubmitProposal', psrReference: 'PSR-1' }).code).toBe(
      'r6-no-requirement-ready-to-propose',
    );
  });

  it('R14: proposes an ATR on a finding of dependency for an offence not caused by drink', () => {
    const run = atrAssessed('SUITABLE');
    expect(openCase.offences.every((o) => !/alcohol|drunk/i.test(o.description))).toBe(true);
    run.do({ type: 'RecordConsent', requirementId: ATR_ID, given: true, date: '2026-04-01' });
    run.do({ type: 'SubmitProposal', psrReference: 'PSR-1' });
    expect(run.state.status).toBe('PROPOSED');
  });
});
