import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../domain/config';
import { impositionsFor } from '../../../domain/order';
import {
  CaseRun,
  CO_END_DATE,
  coSentence,
  DRR_ID,
  drrTerms,
  MHTR_ID,
  mhtrTerms,
  openCase,
  proposedCase,
  SENTENCE_DATE,
  ssoSentence,
} from './fixtures';

function atSentencing(types: ReadonlyArray<'DRR' | 'MHTR'> = ['DRR']): CaseRun {
  return proposedCase(new CaseRun(), types).on(SENTENCE_DATE, '14:00:00');
}

describe('the sentence (the order made)', () => {
  it('makes a community order and one imposition per CSTR, with the assessing provider', () => {
    const run = atSentencing(['DRR', 'MHTR']);
    const [made] = run.do({ ...coSentence, requirements: [drrTerms, mhtrTerms] });
    expect(run.state.status).toBe('ACTIVE');
    const impositions = impositionsFor(made!);
    expect(impositions.map((i) => [i.requirementId, i.type, i.assessedByProviderOrgId])).toEqual([
      [DRR_ID, 'DRR', 'provider-drugs'],
      [MHTR_ID, 'MHTR', 'provider-mh'],
    ]);
    expect(impositions[1]).toMatchObject({ careLevel: 'PRIMARY_CARE', orderEndDate: '2027-04-12' });
  });

  it('R2: a CO end date is at most 3 years after the order', () => {
    const run = atSentencing();
    expect(run.refused({ ...coSentence, endDate: '2029-04-14' })).toMatchObject({
      code: 'r2-end-date-over-three-years',
      kind: 'RULE_VIOLATION',
      field: '/endDate',
    });
    run.do({ ...coSentence, endDate: '2029-04-13' });
    expect(run.state.order?.endDate).toBe('2029-04-13');
  });

  it('R3: each requirement period ends by the end date (the latest may equal it)', () => {
    const run = atSentencing();
    const beyond = { ...drrTerms, periods: [{ start: SENTENCE_DATE, end: '2027-04-13' }] };
    expect(run.refused({ ...coSentence, requirements: [beyond] })).toMatchObject({
      code: 'r13-period-beyond-order-end',
      field: '/requirements/0/periods/0/end',
    });
    run.do(coSentence);
    expect(run.state.requirements[DRR_ID]?.terms.periods.at(-1)?.end).toBe(run.state.order?.endDate);
  });

  it('R4: SSO operational and supervision periods are 6 months to 2 years, supervision within operational', () => {
    const run = atSentencing();
    expect(run.refused({ ...ssoSentence, operationalPeriodMonths: 25 }).code).toBe(
      'r4-operational-period-out-of-range',
    );
    expect(run.refused({ ...ssoSentence, supervisionPeriodMonths: 5 }).code).toBe(
      'r4-supervision-period-out-of-range',
    );
    expect(
      run.refused({ ...ssoSentence, operationalPeriodMonths: 12, supervisionPeriodMonths: 18 }),
    ).toMatchObject({
      code: 'r4-supervision-longer-than-operational',
      field: '/supervisionPeriodMonths',
    });
    run.do(ssoSentence);
    expect(run.state.order).toMatchObject({ endDate: '2027-04-12', operationalPeriodEndDate: '2028-04-12' });
  });

  it('R5: up to 3 years may be suspended from 22 March 2026, 2 years before; the presumption is recorded', () => {
    const after = atSentencing();
    expect(after.refused({ ...ssoSentence, custodialTermMonths: 37 }).code).toBe(
      'r5-custodial-term-over-maximum',
    );
    after.do({ ...ssoSentence, custodialTermMonths: 36 });
    expect(after.state.order?.presumptionToSuspendApplied).toBe(false);

    const before = new CaseRun();
    before.on('2026-03-01').do({
      ...openCase,
      hearingDate: '2026-03-16',
      identification: { source: 'SELF', date: '2026-03-01' },
    });
    before.do({ type: 'RecordScreening', outcome: 'PROCEED_TO_ASSESSMENT' });
    before.do({
      type: 'RequestAssessment',
      requirementId: DRR_ID,
      requirementType: 'DRR',
      providerOrgId: 'p',
    });
    before.do({
      type: 'RecordAssessment',
      requirementId: DRR_ID,
      outcome: 'SUITABLE',
      proposedMode: 'NON_RESIDENT',
      proposedPeriodMonths: 6,
    });
    before.do({ type: 'RecordConsent', requirementId: DRR_ID, given: true, date: '2026-03-01' });
    before.do({ type: 'SubmitProposal', psrReference: 'PSR-0316' });
    before.on('2026-03-16');
    const early = { ...drrTerms, periods: [{ start: '2026-03-16', end: '2026-09-15' }] };
    const sso = { ...ssoSentence, sentenceDate: '2026-03-16', requirements: [early] };
    expect(before.refused({ ...sso, custodialTermMonths: 25 })).toMatchObject({
      code: 'r5-custodial-term-over-maximum',
      field: '/custodialTermMonths',
    });
    expect(before.refused({ ...sso, custodialTermMonths: 0.25 }).code).toBe('r5-custodial-term-too-short');
    before.do({ ...sso, custodialTermMonths: 6 });
    expect(before.state.order?.presumptionToSuspendApplied).toBe(false);

    const presumed = atSentencing();
    presumed.do({ ...ssoSentence, custodialTermMonths: 8 });
    expect(presumed.state.order?.presumptionToSuspendApplied).toBe(true);
  });

  it('R6: a requirement is imposed only with consent given before the sentence', () => {
    const run = atSentencing();
    run
      .on('2026-04-10')
      .do({ type: 'RecordConsent', requirementId: DRR_ID, given: false, date: '2026-04-10' });
    run.on(SENTENCE_DATE);
    expect(run.refused(coSentence)).toMatchObject({
      code: 'r6-consent-required',
      field: '/requirements/0/requirementId',
    });
    run.do({ type: 'RecordConsent', requirementId: DRR_ID, given: true, date: SENTENCE_DATE });
    run.do(coSentence);
    expect(run.state.status).toBe('ACTIVE');
  });

  it('applies the requirement terms with pointers into the sentence body', () => {
    const run = atSentencing();
    const noDirector = { ...drrTerms, treatmentDirector: undefined };
    expect(run.refused({ ...coSentence, requirements: [noDirector] })).toMatchObject({
      code: 'drr-treatment-director-required',
      field: '/requirements/0/treatmentDirector',
    });
    expect(run.refused({ ...coSentence, requirements: [{ ...drrTerms, requirementId: MHTR_ID }] }).kind).toBe(
      'NOT_FOUND',
    );
    expect(run.refused({ ...coSentence, endDate: undefined })).toMatchObject({ field: '/endDate' });
    expect(run.refused({ ...coSentence, custodialTermMonths: 6 }).code).toBe('field-not-for-order-type');
  });

  it('imposes a CSTR only on a submitted proposal, and only once', () => {
    const run = new CaseRun();
    run.do(openCase);
    run.do({ type: 'RecordScreening', outcome: 'PROCEED_TO_ASSESSMENT' });
    expect(run.on(SENTENCE_DATE).refused(coSentence).code).toBe('sentence-before-proposal');
    const sentenced = atSentencing();
    sentenced.do(coSentence);
    expect(sentenced.refused(coSentence)).toMatchObject({
      code: 'case-already-sentenced',
      kind: 'STATE_CONFLICT',
    });
  });
  it('R11: at sentence a review provision is for review hearings the person must attend', () => {
    const run = atSentencing();
    const review = { firstReviewDate: '2026-05-13', intervalMonths: 1 };
    const reviewed = (extra: object) => ({
      ...coSentence,
      requirements: [{ ...drrTerms, review: { ...review, ...extra } }],
    });
    expect(run.refused(reviewed({ mode: 'WITHOUT_HEARING', offenderMustAttend: false }))).toMatchObject({
      code: 'r11-review-at-hearing-only',
      kind: 'RULE_VIOLATION',
      field: '/requirements/0/review/mode',
    });
    expect(run.refused(reviewed({ mode: 'HEARING', offenderMustAttend: false }))).toMatchObject({
      code: 'r11-offender-must-attend',
      field: '/requirements/0/review/offenderMustAttend',
    });
    const [made] = run.do(reviewed({}));
    expect(impositionsFor(made!)[0]?.review).toEqual({
      ...review,
      mode: 'HEARING',
      offenderMustAttend: true,
    });
  });

  it('R11: a sentence recorded before the correction replays as it was made', () => {
    const run = proposedCase(new CaseRun({ ...DEFAULT_CONFIG, lawBeforeCorrections: true })).on(
      SENTENCE_DATE,
    );
    const paper = { firstReviewDate: '2026-05-13', intervalMonths: 1, mode: 'WITHOUT_HEARING' as const };
    run.do({
      ...coSentence,
      requirements: [{ ...drrTerms, review: { ...paper, offenderMustAttend: false } }],
    });
    expect(run.state.requirements[DRR_ID]?.terms.review?.mode).toBe('WITHOUT_HEARING');
  });
  it('R1: a CO only for a person 18 or over when convicted, whatever the sentence or hearing date', () => {
    // 17 at the first hearing (13 April 2026), 18 from 14 April.
    const person = { ...openCase.person, dateOfBirth: '2008-04-14' };
    const seventeen = () => proposedCase(new CaseRun(), ['DRR'], { ...openCase, person });
    const onTheDay = seventeen().on(SENTENCE_DATE);
    expect(onTheDay.refused(coSentence)).toMatchObject({
      code: 'r1-under-18-at-conviction',
      kind: 'RULE_VIOLATION',
      field: '/sentenceDate',
    });
    const later = seventeen().on('2026-04-20');
    const periods = [{ start: '2026-04-20', end: CO_END_DATE }];
    const sentence = { ...coSentence, sentenceDate: '2026-04-20', requirements: [{ ...drrTerms, periods }] };
    expect(later.refused({ ...sentence, convictionDate: SENTENCE_DATE })).toMatchObject({
      code: 'r1-under-18-at-conviction',
      field: '/convictionDate',
    });
    expect(later.refused({ ...sentence, convictionDate: '2026-04-21' }).code).toBe(
      'conviction-after-sentence',
    );
    later.do({ ...sentence, convictionDate: '2026-04-14' });
    expect(later.state.order?.convictionDate).toBe('2026-04-14');
    // Without a conviction date it is the sentence date.
    const byDefault = seventeen().on('2026-04-20');
    byDefault.do(sentence);
    expect(byDefault.state.order?.convictionDate).toBe('2026-04-20');
  });
});
