import type { OrderEvent, OrderEventOf } from '../events';
import { preSentenceStage } from '../rules/status';
import type { OrderState, ProposedRequirement } from '../state';

type PreSentenceEvent = Extract<
  OrderEvent,
  {
    type:
      | 'CaseIdentified'
      | 'ScreeningRecorded'
      | 'AssessmentRequested'
      | 'AssessmentCompleted'
      | 'ConsentRecorded'
      | 'ProposalSubmitted'
      | 'HearingAdjourned'
      | 'CaseWithdrawn'
      | 'SentenceRecorded';
  }
>;

function restage(state: OrderState): OrderState {
  if (state.status === 'PROPOSED' || state.status === 'IDENTIFIED') return state;
  const stage = preSentenceStage(Object.values(state.proposed));
  return { ...state, status: stage ?? 'CLOSED_DECLINED' };
}

function withProposed(state: OrderState, p: ProposedRequirement): OrderState {
  return restage({ ...state, proposed: { ...state.proposed, [p.requirementId]: p } });
}

function identified(e: OrderEventOf<'CaseIdentified'>, state: OrderState): OrderState {
  const { type: _type, at, orderId, ...details } = e;
  return {
    ...state,
    orderId,
    status: 'IDENTIFIED',
    case: {
      ...details,
      convictionDate: details.convictionDate ?? null,
      openedAt: at,
      screening: null,
      proposal: null,
      closure: null,
    },
  };
}

export function evolvePreSentence(state: OrderState, e: PreSentenceEvent): OrderState {
  if (e.type === 'CaseIdentified') return identified(e, state);
  const record = state.case;
  if (!record) return state;
  switch (e.type) {
    case 'ScreeningRecorded':
      return {
        ...state,
        status: e.outcome === 'PROCEED_TO_ASSESSMENT' ? 'SCREENED_IN' : 'CLOSED_SCREENED_OUT',
        case: { ...record, screening: { outcome: e.outcome, notes: e.notes } },
      };
    case 'AssessmentRequested':
      return withProposed(state, {
        requirementId: e.requirementId,
        type: e.requirementType,
        providerOrgId: e.providerOrgId,
        requestedAt: e.at,
        assessment: null,
        consent: null,
      });
    case 'AssessmentCompleted': {
      const p = state.proposed[e.requirementId];
      if (!p) return state;
      const { type: _type, requirementId: _id, ...assessment } = e;
      return withProposed(state, { ...p, assessment });
    }
    case 'ConsentRecorded': {
      const p = state.proposed[e.requirementId];
      if (!p) return state;
      return withProposed(state, { ...p, consent: { status: e.status, date: e.date } });
    }
    case 'ProposalSubmitted':
      return {
        ...state,
        status: 'PROPOSED',
        case: {
          ...record,
          proposal: { psrReference: e.psrReference, submittedAt: e.at, requirementIds: e.requirementIds },
        },
      };
    case 'HearingAdjourned':
      return { ...state, case: { ...record, hearingDate: e.nextHearingDate } };
    case 'CaseWithdrawn':
      return {
        ...state,
        status: 'CLOSED_WITHDRAWN',
        case: { ...record, closure: { reason: e.reason, closedAt: e.at } },
      };
    case 'SentenceRecorded':
      return {
        ...state,
        status: 'CLOSED_NOT_SENTENCED',
        case: { ...record, closure: { reason: e.reason, closedAt: e.at } },
      };
  }
}
