import { accept, type DecideContext, notFound, stateConflict } from '../core';
import type { OrderCommand } from './commands';
import { type OrderDecision } from './decide/common';
import { decideAmendment } from './decide/amendment';
import { decideAppeal, decideAppealDetermined } from './decide/appeal';
import { decideAssessment, decideAssessmentRequest, decideConsent } from './decide/assessment';
import { decideBreachOutcome } from './decide/breach';
import {
  decideAdjournment,
  decideOpenCase,
  decideProposal,
  decideScreening,
  decideWithdrawal,
} from './decide/case';
import { decideIncident, decideIncidentDecision, decideReferral, decideWarning } from './decide/compliance';
import {
  decideActivation,
  decideDeath,
  decideRevocation,
  decideRevocationAtReview,
  decideTermination,
  decideTransfer,
} from './decide/endings';
import { decideInformation, decideNoFurtherAction, decideSummonsOrWarrant } from './decide/enforcement';
import { decideEndDateExtension, decideInduction, decideRequirementStatus } from './decide/lifecycle';
import { decideHomeAreaAmendment, decideResidencePermission } from './decide/residence';
import { decideOtherRequirementCompliance } from './decide/other-requirements';
import { decideSentence } from './decide/sentence';
import { isOrderOpen, isOrderTerminal, isPreSentenceOpen } from './rules/status';
import type { OrderState } from './state';

const PRE_SENTENCE: ReadonlySet<OrderCommand['type']> = new Set([
  'RecordScreening',
  'RequestAssessment',
  'RecordAssessment',
  'RecordConsent',
  'SubmitProposal',
  'AdjournHearing',
  'WithdrawCase',
  'RecordSentence',
]);

/** R32: after its operational period an SSO is open to activation for an offence committed within it, and little else. */
const OPEN_TO_ACTIVATION: ReadonlySet<OrderCommand['type']> = new Set([
  'ActivateSuspendedSentence',
  'RecordRequirementStatus',
  'RecordBreachOutcome',
  'RecordSummonsOrWarrant',
  'RecordDeath',
  'RecordTransferOut',
  'RecordAppeal',
  'RecordAppealDetermined',
]);

/** Commands that only make sense while the community requirements run (not an SSO's operational period only). */
const ACTIVE_ONLY: ReadonlySet<OrderCommand['type']> = new Set([
  'CompleteInduction',
  'AmendRequirement',
  'ExtendEndDate',
]);

function guard(state: OrderState, command: OrderCommand): OrderDecision | null {
  if (state.status === 'NOT_OPENED') return notFound('order-not-found', 'No case is open with this id.', '/');
  if (command.type === 'RecordIncident' && state.compliance.incidents[command.incidentId]) return accept();
  if (isOrderTerminal(state))
    return stateConflict('order-closed', `This ${state.order ? 'order has ended' : 'case is closed'}.`);
  if (PRE_SENTENCE.has(command.type))
    return isPreSentenceOpen(state)
      ? null
      : stateConflict('case-already-sentenced', 'The case has been sentenced.');
  if (!isOrderOpen(state)) return stateConflict('order-not-made', 'No order has been made on this case yet.');
  if (state.status === 'SSO_OPEN_TO_ACTIVATION' && !OPEN_TO_ACTIVATION.has(command.type))
    return stateConflict(
      'operational-period-ended',
      'The operational period has ended: the order is open only to activation for an offence committed within it.',
    );
  if (ACTIVE_ONLY.has(command.type) && state.status !== 'ACTIVE')
    return stateConflict('supervision-already-ended', 'The community requirements have ended.');
  return null;
}

/** Pure: whether the command is allowed now, and the events that record it. */
export function decideOrder(state: OrderState, command: OrderCommand, ctx: DecideContext): OrderDecision {
  if (command.type === 'OpenCase') return decideOpenCase(state, command, ctx);
  const refused = guard(state, command);
  if (refused) return refused;
  switch (command.type) {
    case 'RecordScreening':
      return decideScreening(state, command, ctx);
    case 'RequestAssessment':
      return decideAssessmentRequest(state, command, ctx);
    case 'RecordAssessment':
      return decideAssessment(state, command, ctx);
    case 'RecordConsent':
      return decideConsent(state, command, ctx);
    case 'SubmitProposal':
      return decideProposal(state, command, ctx);
    case 'AdjournHearing':
      return decideAdjournment(state, command, ctx);
    case 'WithdrawCase':
      return decideWithdrawal(state, command, ctx);
    case 'RecordSentence':
      return decideSentence(state, command, ctx);
    case 'CompleteInduction':
      return decideInduction(state, command, ctx);
    case 'AmendRequirement':
      return decideAmendment(state, command, ctx);
    case 'ExtendEndDate':
      return decideEndDateExtension(state, command, ctx);
    case 'PermitResidenceChange':
      return decideResidencePermission(state, command, ctx);
    case 'AmendHomeLocalJusticeArea':
      return decideHomeAreaAmendment(state, command, ctx);
    case 'RecordAppeal':
      return decideAppeal(state, command, ctx);
    case 'RecordAppealDetermined':
      return decideAppealDetermined(state, command, ctx);
    case 'RevokeOrder':
      return decideRevocation(state, command, ctx);
    case 'TerminateOnCompletion':
      return decideTermination(state, command, ctx);
    case 'RecordOtherRequirementCompliance':
      return decideOtherRequirementCompliance(state, command, ctx);
    case 'RecordDeath':
      return decideDeath(state, command, ctx);
    case 'RecordTransferOut':
      return decideTransfer(state, command, ctx);
    case 'ActivateSuspendedSentence':
      return decideActivation(state, command, ctx);
    case 'RecordRequirementStatus':
      return decideRequirementStatus(state, command, ctx);
    case 'RecordRevocationAtReview':
      return decideRevocationAtReview(state, command, ctx);
    case 'RecordIncident':
      return decideIncident(state, command, ctx);
    case 'DecideIncident':
      return decideIncidentDecision(state, command, ctx);
    case 'GiveWarning':
      return decideWarning(state, command, ctx);
    case 'ReferToEnforcement':
      return decideReferral(state, command, ctx);
    case 'LayInformation':
      return decideInformation(state, command, ctx);
    case 'RecordNoFurtherAction':
      return decideNoFurtherAction(state, command, ctx);
    case 'RecordSummonsOrWarrant':
      return decideSummonsOrWarrant(state, command, ctx);
    case 'RecordBreachOutcome':
      return decideBreachOutcome(state, command, ctx);
  }
}
