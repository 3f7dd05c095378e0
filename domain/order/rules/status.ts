import type { LocalDate } from '../../calendar';
import type {
  ImposedRequirement,
  OtherRequirement,
  OrderState,
  PreSentenceStage,
  ProposedRequirement,
} from '../state';
import { PRE_SENTENCE_STAGES } from '../state';

const PRE_SENTENCE_OPEN: ReadonlySet<string> = new Set(PRE_SENTENCE_STAGES);

export function isOrderTerminal(state: OrderState): boolean {
  return state.status === 'ENDED' || state.status.startsWith('CLOSED_');
}

export function isPreSentenceOpen(state: OrderState): boolean {
  return PRE_SENTENCE_OPEN.has(state.status);
}

/** Made and not yet ended (an SSO in its operational period only included). */
export function isOrderInForce(state: OrderState): boolean {
  return state.status === 'ACTIVE' || state.status === 'SSO_OPERATIONAL_ONLY';
}

/** Made and not ended: in force, or (R31) a CO past its end date while breach proceedings are pending. */
export function isOrderOpen(state: OrderState): boolean {
  return (
    isOrderInForce(state) ||
    state.status === 'EXPIRED_PROCEEDINGS_PENDING' ||
    state.status === 'SSO_OPEN_TO_ACTIVATION'
  );
}

/** R31: a failure to comply can only happen while a CO is in force: is this after its end date (as extended)? */
export function isAfterOrderEnd(state: OrderState, date: LocalDate): boolean {
  return state.order?.orderType === 'COMMUNITY_ORDER' && date > state.order.endDate;
}

export function isReadyToPropose(p: ProposedRequirement): boolean {
  return p.assessment?.outcome === 'SUITABLE' && p.consent?.status === 'GIVEN';
}

/**
 * Where the case stands before proposal, from its requirement requests. Null: every suitable
 * requirement has been declined and nothing is left to assess (CLOSED_DECLINED).
 */
export function preSentenceStage(proposed: readonly ProposedRequirement[]): PreSentenceStage | null {
  if (proposed.length === 0) return 'SCREENED_IN';
  if (proposed.some((p) => p.assessment === null)) return 'AWAITING_ASSESSMENT';
  if (proposed.some(isReadyToPropose)) return 'READY_TO_PROPOSE';
  const suitable = proposed.filter((p) => p.assessment?.outcome === 'SUITABLE');
  if (suitable.some((p) => p.consent === null)) return 'ASSESSED';
  return suitable.length > 0 ? null : 'ASSESSED';
}

/** Nothing more is asked of the person under this requirement. */
export function isRequirementSettled(r: ImposedRequirement): boolean {
  return (
    r.compliedWith ||
    r.ended === 'CANCELLED_BY_COURT' ||
    r.ended === 'COMPLETED_EARLY_COURT_CANCELLED' ||
    r.ended === 'COMPLETED'
  );
}

/** §5.4a: the order's other requirements (none on an order made before they were recorded). */
export function otherRequirementsOf(state: OrderState): OtherRequirement[] {
  return state.order?.otherRequirements ?? [];
}

export function openRequirementIds(state: OrderState): string[] {
  return Object.values(state.requirements)
    .filter((r) => r.ended === null)
    .map((r) => r.terms.requirementId);
}

export function allRequirementsSettled(state: OrderState): boolean {
  return Object.values(state.requirements).every(isRequirementSettled);
}

export function openProceedingIds(state: OrderState): string[] {
  return Object.values(state.compliance.proceedings)
    .filter((p) => p.status === 'OPEN')
    .map((p) => p.proceedingId);
}

export function isInBreachProceedings(state: OrderState): boolean {
  return openProceedingIds(state).length > 0;
}
