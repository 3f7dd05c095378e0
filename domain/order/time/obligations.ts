import {
  addDays,
  addMonths,
  addWorkingDays,
  endOfLondonDay,
  instantMs,
  londonDate,
  startOfLondonDay,
  type Instant,
  type LocalDate,
} from '../../calendar';
import type { DomainConfig } from '../../config';
import type { Deadline } from '../../deadlines';
import { isInBreachProceedings, isOrderOpen, openRequirementIds } from '../rules/status';
import { isReferralMandatory } from '../rules/warnings';
import type { MadeOrder, OrderState } from '../state';

/**
 * What is due on the order and when. `passes` says what the passage of the due time does: it changes the
 * order (a warning expires, a period or the order ends), or it marks an obligation missed, once.
 */
export interface Obligation {
  deadline: Deadline;
  key: string;
  passes:
    | 'EXPIRES_WARNING'
    | 'ENDS_SUPERVISION'
    | 'ENDS_ORDER'
    /** R31: a CO's end date passes while breach proceedings are open: it expires, proceedings pending. */
    | 'EXPIRES_PROCEEDINGS_PENDING'
    /** R32: an SSO's operational period ends; it stays open to activation for an offence within it. */
    | 'ENDS_OPERATIONAL_PERIOD'
    /** R27: the date the RO specified comes: the order terminates on completion if nothing has gone wrong. */
    | 'TERMINATES_ON_COMPLETION'
    | 'MARKS_MISSED';
  /** When its passing is decided, if later than it falls due (an end waits for its requirements' reports). */
  decidedAt?: Instant;
}

type Role = Deadline['role'];

function allObligations(state: OrderState, config: DomainConfig): Obligation[] {
  const orderId = state.orderId;
  if (orderId === null) return [];
  const calendar = { extraBankHolidays: config.extraBankHolidays };
  const list: Obligation[] = [];
  const add = (
    passes: Obligation['passes'],
    kind: Deadline['kind'],
    dueAt: Instant,
    role: Role,
    description: string,
    subjectId?: string,
    requirementId?: string,
  ) => {
    const deadline: Deadline = { kind, dueAt, role, orderId, description };
    if (subjectId !== undefined) deadline.subjectId = subjectId;
    if (requirementId !== undefined) deadline.requirementId = requirementId;
    list.push({ deadline, key: `${kind}:${subjectId ?? orderId}:${dueAt}`, passes });
  };

  /**
   * An end falls due at the end of its day, but its requirements' own ends fall at the same instant and
   * reach the order as messages: the order decides how it ended once each has reported, or, for one that
   * never does, once the grace has passed.
   */
  const awaitingRequirements = (ends: Obligation['passes'], endDate: string) => {
    const last = list.at(-1);
    if (!last || last.passes !== ends || openRequirementIds(state).length === 0) return;
    last.decidedAt = endOfLondonDay(
      addWorkingDays(endDate, config.requirementEndsAwaitedWorkingDays, calendar),
    );
  };

  const hearing = state.case?.hearingDate;
  if (
    hearing &&
    ['IDENTIFIED', 'SCREENED_IN', 'AWAITING_ASSESSMENT', 'ASSESSED', 'READY_TO_PROPOSE', 'PROPOSED'].includes(
      state.status,
    )
  )
    add(
      'MARKS_MISSED',
      'HEARING_DATE',
      endOfLondonDay(hearing),
      'court-assessor',
      `Hearing on ${hearing}: sentence or adjournment to be recorded`,
    );

  const order = state.order;
  if (!order || !isOrderOpen(state)) return list;

  if (state.status === 'ACTIVE' && order.inductionCompletedOn === null) {
    const due = addDays(order.sentenceDate, config.inductionWithinDays);
    add('MARKS_MISSED', 'INDUCTION_DUE', endOfLondonDay(due), 'probation', `Induction by ${due}`);
  }
  for (const incident of Object.values(state.compliance.incidents)) {
    if (incident.status !== 'PENDING_DECISION' && incident.status !== 'UNACCEPTABLE') continue;
    const failedOn = londonDate(incident.occurredAt);
    if (incident.status === 'PENDING_DECISION') {
      const due = addWorkingDays(failedOn, config.responsibleOfficerFollowUpWorkingDays, calendar);
      add(
        'MARKS_MISSED',
        'ABSENCE_DECISION_DUE',
        endOfLondonDay(due),
        'probation',
        `Decide whether the ${incident.source} of ${failedOn} was acceptable`,
        incident.incidentId,
        incident.requirementId,
      );
    }
    if (incident.status === 'UNACCEPTABLE' && isReferralMandatory(state, incident)) {
      const due = addWorkingDays(failedOn, config.breachActionWorkingDays, calendar);
      add(
        'MARKS_MISSED',
        'BREACH_ACTION_DUE',
        endOfLondonDay(due),
        'probation',
        `Refer the failure of ${failedOn} to the enforcement officer`,
        incident.incidentId,
        incident.requirementId,
      );
    }
  }
  for (const referral of Object.values(state.compliance.referrals)) {
    const incident = state.compliance.incidents[referral.incidentId];
    if (referral.status !== 'OPEN' || !referral.mandatory || !incident) continue;
    const due = addWorkingDays(londonDate(incident.occurredAt), config.breachActionWorkingDays, calendar);
    add(
      'MARKS_MISSED',
      'BREACH_ACTION_DUE',
      endOfLondonDay(due),
      'enforcement',
      'Decide whether to lay an information',
      referral.referralId,
      incident.requirementId,
    );
  }
  for (const w of state.compliance.warnings)
    if (!w.expired)
      add(
        'EXPIRES_WARNING',
        'WARNING_EXPIRES',
        startOfLondonDay(w.expiresOn),
        'probation',
        `Warning of ${w.givenOn} expires`,
        w.warningId,
      );

  const terminates = order.terminationScheduledFor;
  if (terminates && state.status === 'ACTIVE')
    add(
      'TERMINATES_ON_COMPLETION',
      'ORDER_ENDS',
      startOfLondonDay(terminates),
      'probation',
      `Terminates on completion on ${terminates}`,
    );

  if (order.orderType === 'COMMUNITY_ORDER') {
    add(
      'ENDS_ORDER',
      'ORDER_ENDS',
      endOfLondonDay(order.endDate),
      'probation',
      `Order ends on ${order.endDate}`,
    );
    awaitingRequirements('ENDS_ORDER', order.endDate);
    return list;
  }
  if (state.status === 'ACTIVE') {
    add(
      'ENDS_SUPERVISION',
      'SUPERVISION_PERIOD_ENDS',
      endOfLondonDay(order.endDate),
      'probation',
      `Supervision period ends on ${order.endDate}`,
    );
    awaitingRequirements('ENDS_SUPERVISION', order.endDate);
  }
  const operationalEnd = order.operationalPeriodEndDate ?? order.endDate;
  if (config.lawBeforeCorrections) {
    add(
      'ENDS_ORDER',
      'OPERATIONAL_PERIOD_ENDS',
      endOfLondonDay(operationalEnd),
      'probation',
      `Operational period ends on ${operationalEnd}`,
    );
    awaitingRequirements('ENDS_ORDER', operationalEnd);
    return list;
  }
  // R32: after its operational period the SSO stays open to activation for an offence committed within it.
  if (state.status !== 'SSO_OPEN_TO_ACTIVATION') {
    add(
      'ENDS_OPERATIONAL_PERIOD',
      'OPERATIONAL_PERIOD_ENDS',
      endOfLondonDay(operationalEnd),
      'probation',
      `Operational period ends on ${operationalEnd}`,
    );
    awaitingRequirements('ENDS_OPERATIONAL_PERIOD', operationalEnd);
  }
  const closes = ssoClosesOn(operationalEnd, config);
  add(
    'ENDS_ORDER',
    'ORDER_ENDS',
    endOfLondonDay(closes),
    'court',
    `Open to activation for an offence committed in the operational period until ${closes}`,
  );
  return list;
}

/** R32: the last day an SSO is open to activation for an offence committed within its operational period. */
export function ssoClosesOn(operationalEnd: LocalDate, config: DomainConfig): LocalDate {
  return addMonths(operationalEnd, config.ssoActivationWindowMonths);
}

/** The last day the order is open: a CO's end date, an SSO's operational period (R32: and its window). */
function lastOpenDay(order: MadeOrder, config: DomainConfig): LocalDate {
  if (order.orderType === 'COMMUNITY_ORDER') return order.endDate;
  const operationalEnd = order.operationalPeriodEndDate ?? order.endDate;
  return config.lawBeforeCorrections ? operationalEnd : ssoClosesOn(operationalEnd, config);
}

/**
 * Nothing falls due after the order's end (a warning outlives a CO that ends first), unless breach
 * proceedings keep the order open past it.
 */
export function orderObligations(state: OrderState, config: DomainConfig): Obligation[] {
  const all = allObligations(state, config);
  const order = state.order;
  if (!order || isInBreachProceedings(state)) return all;
  const end = instantMs(endOfLondonDay(lastOpenDay(order, config)));
  return all.filter((o) => instantMs(o.deadline.dueAt) <= end);
}
