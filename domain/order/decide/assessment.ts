import { accept, type DecideContext, notFound, ruleViolation, stateConflict } from '../../core';
import type { RequirementType } from '../../enums';
import { ATR_MODES, DRR_MODES, MHTR_MODES } from '../../vocabulary';
import type { OrderCommandOf } from '../commands';
import type { OrderState } from '../state';
import { checkFactDate, type OrderDecision } from './common';

const MODES_BY_TYPE: Record<RequirementType, readonly string[]> = {
  MHTR: MHTR_MODES,
  DRR: DRR_MODES,
  ATR: ATR_MODES,
};

export function modeFitsType(type: RequirementType, mode: string): boolean {
  return MODES_BY_TYPE[type].includes(mode);
}

export function decideAssessmentRequest(
  state: OrderState,
  c: OrderCommandOf<'RequestAssessment'>,
  ctx: DecideContext,
): OrderDecision {
  if (state.status === 'IDENTIFIED')
    return stateConflict(
      'case-not-screened-in',
      'Assessment follows a screening that proceeds to assessment.',
    );
  if (state.status === 'PROPOSED')
    return stateConflict(
      'proposal-already-submitted',
      'The proposal has been submitted; no new assessments.',
    );
  if (state.proposed[c.requirementId])
    return stateConflict(
      'requirement-id-already-used',
      'A requirement with this id exists.',
      '/requirementId',
    );
  const open = Object.values(state.proposed).find(
    (p) => p.type === c.requirementType && (p.assessment === null || p.assessment.outcome === 'SUITABLE'),
  );
  if (open)
    return stateConflict(
      'assessment-already-requested',
      `A ${c.requirementType} assessment is already requested for this case: one request per requirement type.`,
      '/requirementType',
    );
  return accept({
    type: 'AssessmentRequested',
    at: ctx.now,
    requirementId: c.requirementId,
    requirementType: c.requirementType,
    providerOrgId: c.providerOrgId,
  });
}

export function decideAssessment(
  state: OrderState,
  c: OrderCommandOf<'RecordAssessment'>,
  ctx: DecideContext,
): OrderDecision {
  const p = state.proposed[c.requirementId];
  if (!p)
    return notFound('requirement-not-found', 'No assessment was requested with this id.', '/requirementId');
  if (p.assessment)
    return stateConflict('assessment-already-recorded', 'This requirement has been assessed.');
  const suitable = c.outcome === 'SUITABLE';
  if (suitable && c.proposedMode === undefined)
    return ruleViolation('proposed-mode-required', 'A suitable assessment proposes a mode.', '/proposedMode');
  if (suitable && c.proposedPeriodMonths === undefined)
    return ruleViolation(
      'proposed-period-required',
      'A suitable assessment proposes a period.',
      '/proposedPeriodMonths',
    );
  if (c.proposedMode !== undefined && !modeFitsType(p.type, c.proposedMode))
    return ruleViolation('mode-not-for-type', `This mode is not a mode of ${p.type}.`, '/proposedMode');
  const mhtr = p.type === 'MHTR';
  if (!mhtr && (c.careLevel !== undefined || c.hospitalOrderThresholdMet !== undefined))
    return ruleViolation(
      'mhtr-only-field',
      'Care level and the hospital-order test are for an MHTR.',
      '/careLevel',
    );
  if (mhtr && suitable && c.careLevel === undefined)
    return ruleViolation(
      'mhtr-care-level-required',
      'An MHTR assessment gives the care level.',
      '/careLevel',
    );
  if (mhtr && c.hospitalOrderThresholdMet === undefined)
    return ruleViolation(
      'r7-hospital-order-test-required',
      'An MHTR assessment says whether the condition warrants a hospital or guardianship order.',
      '/hospitalOrderThresholdMet',
    );
  if (mhtr && suitable && c.hospitalOrderThresholdMet)
    return ruleViolation(
      'r7-hospital-order-threshold-met',
      'An MHTR is not for a condition that warrants a hospital or guardianship order.',
      '/hospitalOrderThresholdMet',
    );
  return accept({
    type: 'AssessmentCompleted',
    at: ctx.now,
    requirementId: c.requirementId,
    outcome: c.outcome,
    proposedMode: c.proposedMode ?? null,
    proposedPeriodMonths: c.proposedPeriodMonths ?? null,
    treatmentDirector: c.treatmentDirector ?? null,
    place: c.place ?? null,
    careLevel: c.careLevel ?? null,
    hospitalOrderThresholdMet: c.hospitalOrderThresholdMet ?? null,
  });
}

export function decideConsent(
  state: OrderState,
  c: OrderCommandOf<'RecordConsent'>,
  ctx: DecideContext,
): OrderDecision {
  const p = state.proposed[c.requirementId];
  if (!p)
    return notFound('requirement-not-found', 'No assessment was requested with this id.', '/requirementId');
  if (!p.assessment) return stateConflict('consent-before-assessment', 'Consent follows the assessment.');
  if (p.assessment.outcome !== 'SUITABLE')
    return stateConflict(
      'requirement-not-suitable',
      'Consent is asked only for a requirement assessed suitable.',
    );
  const late = checkFactDate(c.date, ctx, '/date');
  if (late) return late;
  const status = c.given ? 'GIVEN' : p.consent?.status === 'GIVEN' ? 'WITHDRAWN_PRE_SENTENCE' : 'DECLINED';
  return accept({
    type: 'ConsentRecorded',
    at: ctx.now,
    requirementId: c.requirementId,
    status,
    date: c.date,
  });
}
