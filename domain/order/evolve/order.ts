import { withTermsReplaced } from '../../terms';
import type { OrderEvent, OrderEventOf } from '../events';
import { withLastPeriodEndingOn } from '../../requirement/rules/periods';
import { otherRequirementsOf } from '../rules/status';
import type { ImposedRequirement, OrderState } from '../state';

type LifecycleEvent = Extract<
  OrderEvent,
  {
    type:
      | 'OrderMade'
      | 'InductionCompleted'
      | 'AmendmentApplied'
      | 'EndDateExtended'
      | 'OperationalPeriodExtended'
      | 'ResidenceChangePermitted'
      | 'HomeLocalJusticeAreaAmended'
      | 'AppealLodged'
      | 'AppealDetermined'
      | 'RequirementStatusRecorded'
      | 'SupervisionEnded'
      | 'OrderExpiredProceedingsPending'
      | 'OtherRequirementCompliedWith'
      | 'TerminationScheduled'
      | 'TerminationCancelled'
      | 'OperationalPeriodEnded'
      | 'OrderEnded'
      | 'DeadlineMissed';
  }
>;

function made(e: OrderEventOf<'OrderMade'>, state: OrderState): OrderState {
  const requirements: Record<string, ImposedRequirement> = {};
  for (const terms of e.impositions)
    requirements[terms.requirementId] = { terms, status: 'IMPOSED', compliedWith: false, ended: null };
  return {
    ...state,
    status: 'ACTIVE',
    requirements,
    order: {
      orderType: e.orderType,
      sentenceDate: e.sentenceDate,
      convictionDate: e.convictionDate ?? e.sentenceDate,
      endDate: e.endDate,
      operationalPeriodEndDate: e.operationalPeriodEndDate,
      custodialTermMonths: e.custodialTermMonths,
      presumptionToSuspendApplied: e.presumptionToSuspendApplied,
      endDateExtendedOnBreach: false,
      inductionCompletedOn: null,
      homeLocalJusticeArea: state.case?.person.homeLocalJusticeArea ?? '',
      pendingResidenceChange: null,
      appealPending: false,
      supervisionEnded: null,
      otherRequirements: (e.otherRequirements ?? []).map((r) => ({
        ...r,
        compliedOn: null,
        hoursDone: null,
      })),
      terminationScheduledFor: null,
    },
  };
}

function amended(e: OrderEventOf<'AmendmentApplied'>, state: OrderState): OrderState {
  const r = state.requirements[e.requirementId];
  if (!r) return state;
  let next: ImposedRequirement = r;
  if (e.change === 'CANCEL') next = { ...r, status: 'CANCELLED', ended: 'CANCELLED_BY_COURT' };
  if (e.change === 'REPLACE' && e.replacement) {
    next = { ...r, terms: withTermsReplaced(r.terms, e.replacement), compliedWith: false };
  }
  if (e.change === 'EXTEND_PERIOD' && e.newPeriodEnd) {
    const periods = withLastPeriodEndingOn(r.terms.periods, e.newPeriodEnd);
    next = { ...r, terms: { ...r.terms, periods }, compliedWith: false };
  }
  return { ...state, requirements: { ...state.requirements, [e.requirementId]: next } };
}

function endRequirements(state: OrderState, ids: readonly string[]): OrderState['requirements'] {
  const requirements = { ...state.requirements };
  for (const id of ids) {
    const r = requirements[id];
    if (r && r.ended === null) requirements[id] = { ...r, ended: 'TERMINATED_WITH_ORDER' };
  }
  return requirements;
}

export function evolveLifecycle(state: OrderState, e: LifecycleEvent): OrderState {
  if (e.type === 'OrderMade') return made(e, state);
  if (e.type === 'DeadlineMissed') return { ...state, firedDeadlines: [...state.firedDeadlines, e.key] };
  if (e.type === 'RequirementStatusRecorded') {
    const r = state.requirements[e.requirementId];
    if (!r) return state;
    const next = { ...r, status: e.status, compliedWith: e.compliedWith, ended: e.ended ?? r.ended };
    return { ...state, requirements: { ...state.requirements, [e.requirementId]: next } };
  }
  if (e.type === 'AmendmentApplied') return amended(e, state);
  if (e.type === 'OrderEnded')
    return {
      ...state,
      status: 'ENDED',
      end: { reason: e.reason, endedOn: e.endedOn, detail: e.detail },
      requirements: endRequirements(state, e.requirementIds),
    };
  if (e.type === 'OrderExpiredProceedingsPending') return { ...state, status: 'EXPIRED_PROCEEDINGS_PENDING' };
  if (e.type === 'OperationalPeriodEnded') return { ...state, status: 'SSO_OPEN_TO_ACTIVATION' };
  const order = state.order;
  if (!order) return state;
  switch (e.type) {
    case 'InductionCompleted':
      return { ...state, order: { ...order, inductionCompletedOn: e.completedOn } };
    case 'EndDateExtended':
      return {
        ...state,
        // A CO extended on breach after its end date is in force again until the new one.
        status: state.status === 'EXPIRED_PROCEEDINGS_PENDING' ? 'ACTIVE' : state.status,
        order: {
          ...order,
          endDate: e.newEndDate,
          endDateExtendedOnBreach: order.endDateExtendedOnBreach || e.onBreach,
        },
      };
    case 'OperationalPeriodExtended':
      return { ...state, order: { ...order, operationalPeriodEndDate: e.newEndDate } };
    case 'ResidenceChangePermitted':
      return {
        ...state,
        order: {
          ...order,
          pendingResidenceChange: {
            newHomeLocalJusticeArea: e.newHomeLocalJusticeArea,
            permittedOn: e.permittedOn,
          },
        },
      };
    case 'HomeLocalJusticeAreaAmended':
      return {
        ...state,
        order: { ...order, homeLocalJusticeArea: e.newHomeLocalJusticeArea, pendingResidenceChange: null },
      };
    case 'AppealLodged':
      return { ...state, order: { ...order, appealPending: true } };
    case 'AppealDetermined':
      return { ...state, order: { ...order, appealPending: false } };
    case 'OtherRequirementCompliedWith':
      return {
        ...state,
        order: {
          ...order,
          otherRequirements: otherRequirementsOf(state).map((r) =>
            r.otherRequirementId === e.otherRequirementId
              ? { ...r, compliedOn: e.compliedOn, hoursDone: e.hoursDone }
              : r,
          ),
        },
      };
    case 'TerminationScheduled':
      return { ...state, order: { ...order, terminationScheduledFor: e.terminationDate } };
    case 'TerminationCancelled':
      return { ...state, order: { ...order, terminationScheduledFor: null } };
    case 'SupervisionEnded':
      return {
        ...state,
        status: 'SSO_OPERATIONAL_ONLY',
        order: { ...order, supervisionEnded: { reason: e.reason, endedOn: e.endedOn } },
        requirements: endRequirements(state, e.requirementIds),
      };
  }
}
