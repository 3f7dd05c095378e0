import type { OrderEvent } from './events';
import { evolveCompliance } from './evolve/compliance';
import { evolveLifecycle } from './evolve/order';
import { evolvePreSentence } from './evolve/pre-sentence';
import type { OrderState } from './state';

/** Pure and total: the next state after an event, with no validation (that is decideOrder's job). */
export function evolveOrder(state: OrderState, event: OrderEvent): OrderState {
  switch (event.type) {
    case 'CaseIdentified':
    case 'ScreeningRecorded':
    case 'AssessmentRequested':
    case 'AssessmentCompleted':
    case 'ConsentRecorded':
    case 'ProposalSubmitted':
    case 'HearingAdjourned':
    case 'CaseWithdrawn':
    case 'SentenceRecorded':
      return evolvePreSentence(state, event);
    case 'IncidentRecorded':
    case 'IncidentDecided':
    case 'WarningGiven':
    case 'WarningExpired':
    case 'ReferredToEnforcementOfficer':
    case 'InformationLaid':
    case 'NoFurtherActionRecorded':
    case 'SummonsOrWarrantIssued':
    case 'BreachDealtWith':
      return evolveCompliance(state, event);
    default:
      return evolveLifecycle(state, event);
  }
}
