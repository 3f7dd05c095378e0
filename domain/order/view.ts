import { londonDate } from '../calendar';
import { DEFAULT_CONFIG, type DomainConfig } from '../config';
import { isInBreachProceedings, isOrderTerminal, otherRequirementsOf } from './rules/status';
import { isReferralMandatory } from './rules/warnings';
import type { OrderState } from './state';

/**
 * nDelius-style failures to comply: distinct days with an unacceptable failure since the later of the order
 * and the last breach dealt with by a court.
 */
export function failuresToComply(state: OrderState): number {
  const since = state.compliance.lastBreachResolvedOn;
  const from = state.order?.sentenceDate ?? '';
  const days = new Set<string>();
  for (const i of Object.values(state.compliance.incidents)) {
    if (i.decision?.decision !== 'UNACCEPTABLE') continue;
    const day = londonDate(i.occurredAt);
    if (day >= from && (since === null || day > since)) days.add(day);
  }
  return days.size;
}

/** The plain JSON the order workflow returns after each command and answers queries with. */
export function orderView(state: OrderState, config: DomainConfig = DEFAULT_CONFIG) {
  const incidents = Object.values(state.compliance.incidents);
  const referrals = Object.values(state.compliance.referrals);
  const ftcCount = failuresToComply(state);
  const enforcementPending = referrals.some((r) => r.status === 'OPEN') || isInBreachProceedings(state);
  return {
    orderId: state.orderId,
    status: state.status,
    terminal: isOrderTerminal(state),
    inBreachProceedings: isInBreachProceedings(state),
    case: state.case,
    proposedRequirements: Object.values(state.proposed),
    order: state.order && {
      ...state.order,
      otherRequirements: otherRequirementsOf(state),
      terminationScheduledFor: state.order.terminationScheduledFor ?? null,
    },
    requirements: Object.values(state.requirements).map((r) => ({
      requirementId: r.terms.requirementId,
      type: r.terms.type,
      mode: r.terms.mode,
      periods: r.terms.periods,
      providerOrgId: r.terms.assessedByProviderOrgId,
      status: r.status,
      compliedWith: r.compliedWith,
      ended: r.ended,
    })),
    compliance: {
      incidents: incidents.map((i) => ({ ...i, referralMandatory: isReferralMandatory(state, i) })),
      pendingDecisions: incidents.filter((i) => i.status === 'PENDING_DECISION').length,
      acceptableIncidents: incidents.filter((i) => i.status === 'ACCEPTABLE').length,
      unacceptableIncidents: incidents.filter((i) => i.decision?.decision === 'UNACCEPTABLE').length,
      ftcCount,
      reviewEnforcementStatus: ftcCount > config.ftcLimit && !enforcementPending,
      warnings: state.compliance.warnings,
      liveWarning: state.compliance.warnings.find((w) => !w.expired) ?? null,
      referrals,
      proceedings: Object.values(state.compliance.proceedings).map((p) => ({
        ...p,
        processes: p.processes ?? [],
      })),
    },
    end: state.end,
  };
}
export type OrderView = ReturnType<typeof orderView>;
