import { accept, type DecideContext, stateConflict, ruleViolation, notFound, refuseWithin } from '../core';
import { decideBooking, decideOutcome, decideReschedule } from './decide/appointments';
import type { CommandOf, RequirementCommand } from './commands';
import { type RequirementDecision } from './decide/common';
import { decideDirection, decideResult, decideSample } from './decide/drug-tests';
import type { RequirementEvent } from './events';
import {
  decideAcceptance,
  decideAllocation,
  decideApplication,
  decideApplicationRefused,
  decidePractitionerReport,
  decideReferral,
} from './decide/lifecycle';
import { impositionNotices } from './rules/notices';
import { decideOrderMessage } from './decide/order-messages';
import { decideReviewOutcome } from './decide/review-outcome';
import { decideProviderViews, decideReviewReport, reviewScheduled } from './decide/reviews';
import { type ImposedRequirement, type RequirementState, isImposed, isRequirementTerminal } from './state';
import { settled } from './decide/settlement';
import { checkImposition } from './rules/terms';
import {
  decideAdmission,
  decideClinicalCompletion,
  decideDischarge,
  decidePlaceChange,
} from './decide/treatment';

function decideImposition(
  state: RequirementState,
  c: CommandOf<'Impose'>,
  ctx: DecideContext,
): RequirementDecision {
  if (isImposed(state))
    return stateConflict('requirement-already-imposed', 'The requirement is already imposed.');
  const problem = checkImposition(c.imposition, ctx.config);
  if (problem) return refuseWithin('/imposition', problem);
  const imposed: RequirementEvent = {
    type: 'RequirementImposed',
    requirementId: c.imposition.requirementId,
    at: ctx.now,
    imposition: c.imposition,
    notices: impositionNotices(c.imposition, ctx.config),
  };
  const review = c.imposition.review;
  if (!review) return accept(imposed);
  return accept<RequirementEvent>(
    imposed,
    reviewScheduled(c.imposition, ctx.now, ctx.newId(), review.firstReviewDate, review.mode),
  );
}

function decideImposed(
  s: ImposedRequirement,
  c: Exclude<RequirementCommand, { type: 'Impose' }>,
  ctx: DecideContext,
): RequirementDecision {
  switch (c.type) {
    case 'ReferToProvider':
      return decideReferral(s, c, ctx);
    case 'RecordAcceptance':
      return decideAcceptance(s, c, ctx);
    case 'AllocatePractitioner':
      return decideAllocation(s, c, ctx);
    case 'BookAppointment':
      return decideBooking(s, c, ctx);
    case 'RescheduleAppointment':
      return decideReschedule(s, c, ctx);
    case 'RecordOutcome':
      return decideOutcome(s, c, ctx);
    case 'DirectDrugTest':
      return decideDirection(s, c, ctx);
    case 'RecordSample':
      return decideSample(s, c, ctx);
    case 'RecordTestResult':
      return decideResult(s, c, ctx);
    case 'SubmitPractitionerReport':
      return decidePractitionerReport(s, c, ctx);
    case 'RecordApplicationToCourt':
      return decideApplication(s, c, ctx);
    case 'RecordApplicationRefused':
      return decideApplicationRefused(s, ctx);
    case 'SubmitProviderViews':
      return decideProviderViews(s, c, ctx);
    case 'SubmitReviewReport':
      return decideReviewReport(s, c, ctx);
    case 'RecordReviewOutcome':
      return decideReviewOutcome(s, c, ctx);
    case 'RecordClinicalCompletion':
      return decideClinicalCompletion(s, c, ctx);
    case 'RecordAdmission':
      return decideAdmission(s, c, ctx);
    case 'RecordDischarge':
      return decideDischarge(s, c, ctx);
    case 'ChangeTreatmentPlace':
      return decidePlaceChange(s, c, ctx);
    case 'ApplyOrderMessage':
      return decideOrderMessage(s, c.message, ctx);
    default:
      return ruleViolation('unknown-command', 'This requirement does not know that command.');
  }
}

/** Decides a command against the requirement: the events it causes, or why it is refused. Pure. */
export function decideRequirement(
  state: RequirementState,
  command: RequirementCommand,
  ctx: DecideContext,
): RequirementDecision {
  if (command.type === 'Impose') return decideImposition(state, command, ctx);
  if (!isImposed(state))
    return stateConflict('requirement-not-imposed', 'The requirement has not been imposed.');
  if (command.requirementId !== state.imposition.requirementId)
    return notFound('requirement-not-found', 'This is a different requirement.', '/requirementId');
  // The order's cascade may arrive after the requirement ended: nothing more happens to an ended requirement.
  if (isRequirementTerminal(state))
    return command.type === 'ApplyOrderMessage'
      ? accept()
      : stateConflict('requirement-ended', `The requirement ended: ${state.ended}.`);
  const decision = decideImposed(state, command, ctx);
  return decision.ok ? accept(...settled(state, decision.events, ctx.now)) : decision;
}
