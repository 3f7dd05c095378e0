import { londonDate } from '../../calendar';
import { accept, type DecideContext, stateConflict, ruleViolation } from '../../core';
import type { CommandOf } from '../commands';
import { type RequirementDecision, stampOf } from './common';
import type { RequirementEvent } from '../events';
import type { ImposedRequirement } from '../state';

// What happens inside treatment beyond appointments: MHTR clinical completion and change of place
// (MHTR), in-patient and residential phases (MHTR, DRR and ATR).

export function decideClinicalCompletion(
  s: ImposedRequirement,
  c: CommandOf<'RecordClinicalCompletion'>,
  ctx: DecideContext,
): RequirementDecision {
  if (s.imposition.type !== 'MHTR')
    return ruleViolation('clinical-completion-only-for-mhtr', 'Clinical completion is recorded for an MHTR.');
  if (s.status !== 'IN_TREATMENT') return stateConflict('not-in-treatment', 'Treatment has not started.');
  if (s.clinicallyCompletedOn !== null)
    return stateConflict('already-clinically-complete', 'Clinical completion is already recorded.');
  return accept({
    type: 'ClinicalCompletionRecorded',
    ...stampOf(s, ctx.now),
    on: londonDate(ctx.now),
    notes: c.notes ?? null,
  });
}

function isResidentialMode(s: ImposedRequirement): boolean {
  return s.imposition.type === 'MHTR' ? s.imposition.mode === 'IN_PATIENT' : s.imposition.mode === 'RESIDENT';
}

export function decideAdmission(
  s: ImposedRequirement,
  c: CommandOf<'RecordAdmission'>,
  ctx: DecideContext,
): RequirementDecision {
  if (!isResidentialMode(s))
    return ruleViolation(
      'admission-not-for-mode',
      'Only in-patient MHTRs and resident DRRs or ATRs admit the person.',
    );
  if (s.status !== 'AWAITING_START' && s.status !== 'IN_TREATMENT')
    return stateConflict('not-ready-for-admission', 'The provider has not accepted the referral.');
  if (s.admittedOn !== null) return stateConflict('already-admitted', 'The person is already admitted.');
  if (c.admittedOn > londonDate(ctx.now) || c.admittedOn < s.imposition.sentenceDate)
    return ruleViolation(
      'admission-date-out-of-range',
      'The admission falls between sentence and today.',
      '/admittedOn',
    );
  const events: RequirementEvent[] = [
    { type: 'PatientAdmitted', ...stampOf(s, ctx.now), admittedOn: c.admittedOn },
  ];
  if (s.status === 'AWAITING_START')
    events.push({ type: 'TreatmentStarted', ...stampOf(s, ctx.now), appointmentId: null });
  return accept(...events);
}

export function decideDischarge(
  s: ImposedRequirement,
  c: CommandOf<'RecordDischarge'>,
  ctx: DecideContext,
): RequirementDecision {
  if (s.admittedOn === null) return stateConflict('not-admitted', 'The person is not admitted.');
  if (c.dischargedOn < s.admittedOn || c.dischargedOn > londonDate(ctx.now))
    return ruleViolation(
      'discharge-date-out-of-range',
      'The discharge falls between admission and today.',
      '/dischargedOn',
    );
  return accept({ type: 'PatientDischarged', ...stampOf(s, ctx.now), dischargedOn: c.dischargedOn });
}

/** Sch 9 para 18 (MHTR): with the person's consent, and with written notice to the responsible officer. */
export function decidePlaceChange(
  s: ImposedRequirement,
  c: CommandOf<'ChangeTreatmentPlace'>,
  ctx: DecideContext,
): RequirementDecision {
  if (s.imposition.type !== 'MHTR')
    return ruleViolation(
      'place-change-only-for-mhtr',
      'Only an MHTR practitioner may move treatment to another place.',
    );
  if (!c.offenderConsented)
    return ruleViolation(
      'mhtr-place-change-needs-consent',
      'Treatment moves elsewhere only with the person’s consent.',
      '/offenderConsented',
    );
  if (s.status !== 'AWAITING_START' && s.status !== 'IN_TREATMENT')
    return stateConflict('not-in-treatment', 'Treatment has not been arranged.');
  const stamp = stampOf(s, ctx.now);
  return accept(
    { type: 'TreatmentPlaceChanged', ...stamp, newPlace: c.newPlace, underPractitioner: c.underPractitioner },
    { type: 'ResponsibleOfficerNotifiedOfPlaceChange', ...stamp, newPlace: c.newPlace },
  );
}
