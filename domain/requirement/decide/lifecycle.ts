import { londonDate } from '../../calendar';
import { accept, type DecideContext, stateConflict, ruleViolation } from '../../core';
import type { CommandOf } from '../commands';
import { type RequirementDecision, stampOf } from './common';
import type { ImposedRequirement } from '../state';

// Referral, acceptance and allocation (an MHTR's practitioner), and the practitioner report (R24).

export function decideReferral(
  s: ImposedRequirement,
  c: CommandOf<'ReferToProvider'>,
  ctx: DecideContext,
): RequirementDecision {
  if (s.status !== 'AWAITING_REFERRAL')
    return stateConflict('referral-not-awaited', `The requirement is ${s.status}, not awaiting referral.`);
  return accept({ type: 'ReferredToProvider', ...stampOf(s, ctx.now), providerOrgId: c.providerOrgId });
}

export function decideAcceptance(
  s: ImposedRequirement,
  c: CommandOf<'RecordAcceptance'>,
  ctx: DecideContext,
): RequirementDecision {
  if (s.status !== 'REFERRED')
    return stateConflict('no-referral-pending', 'There is no referral waiting for an answer.');
  if (!c.accepted)
    return accept({ type: 'ReferralDeclined', ...stampOf(s, ctx.now), reason: c.reason ?? null });
  // An MHTR provider accepts and then allocates the practitioner; DRR and ATR go straight to awaiting start.
  const status = s.imposition.type === 'MHTR' ? 'REFERRED' : 'AWAITING_START';
  return accept({ type: 'ReferralAccepted', ...stampOf(s, ctx.now), status });
}

export function decideAllocation(
  s: ImposedRequirement,
  c: CommandOf<'AllocatePractitioner'>,
  ctx: DecideContext,
): RequirementDecision {
  if (s.imposition.type !== 'MHTR')
    return ruleViolation('allocation-only-for-mhtr', 'Only an MHTR provider allocates a practitioner.');
  if (s.status === 'AWAITING_REFERRAL')
    return stateConflict('not-referred', 'The requirement has not been referred.');
  return accept({ type: 'PractitionerAllocated', ...stampOf(s, ctx.now), name: c.name, role: c.role });
}

export function decidePractitionerReport(
  s: ImposedRequirement,
  c: CommandOf<'SubmitPractitionerReport'>,
  ctx: DecideContext,
): RequirementDecision {
  if (s.status !== 'AWAITING_START' && s.status !== 'IN_TREATMENT')
    return stateConflict(
      'r24-not-in-treatment',
      'A practitioner reports on treatment that has been arranged.',
    );
  if (s.amendmentPending)
    return stateConflict(
      'r24-practitioner-report-pending',
      'A practitioner report already awaits the court.',
    );
  return accept({
    type: 'PractitionerReportSubmitted',
    ...stampOf(s, ctx.now),
    reportId: ctx.newId(),
    opinion: c.opinion,
    narrative: c.narrative,
  });
}

export function decideApplication(
  s: ImposedRequirement,
  c: CommandOf<'RecordApplicationToCourt'>,
  ctx: DecideContext,
): RequirementDecision {
  if (!s.amendmentPending)
    return stateConflict('r24-no-practitioner-report', 'No practitioner report awaits an application.');
  if (s.amendmentPending.appliedToCourtOn !== null)
    return stateConflict('r24-application-already-made', 'The application to court is already recorded.');
  if (c.appliedOn > londonDate(ctx.now) || c.appliedOn < londonDate(s.amendmentPending.submittedAt))
    return ruleViolation(
      'application-date-out-of-range',
      'The application falls between the report and today.',
      '/appliedOn',
    );
  return accept({ type: 'ApplicationToCourtRecorded', ...stampOf(s, ctx.now), appliedOn: c.appliedOn });
}

export function decideApplicationRefused(s: ImposedRequirement, ctx: DecideContext): RequirementDecision {
  if (!s.amendmentPending || s.amendmentPending.appliedToCourtOn === null)
    return stateConflict('r24-no-application', 'No application to court awaits a decision.');
  return accept({ type: 'ApplicationRefused', ...stampOf(s, ctx.now) });
}
