import { addMs, instantMs, londonDate, type Instant } from '../../calendar';
import type { DomainConfig } from '../../config';
import type { DecideContext } from '../../core';
import type { Deadline } from '../../deadlines';
import type { OrderEvent } from '../events';
import { evolveOrder } from '../evolve';
import { allRequirementsSettled, isInBreachProceedings, openRequirementIds } from '../rules/status';
import type { OrderState } from '../state';
import { terminatedOnCompletion, terminationProblem } from '../decide/endings';
import { orderObligations, type Obligation } from './obligations';

/** Open obligations with their due instants, overdue ones included, for the worklist. */
export function orderDeadlines(state: OrderState, config: DomainConfig): Deadline[] {
  return orderObligations(state, config).map((o) => o.deadline);
}

/** When an obligation's passing is decided: when it falls due, or later for an end awaiting its requirements. */
export const decidedAt = (o: Obligation): Instant => o.decidedAt ?? o.deadline.dueAt;

/**
 * While breach proceedings are open the order's end waits for them; a CO still active then expires at its end
 * date with the proceedings pending (R31), on the day, without waiting for its requirements' reports.
 */
function pendingProceedings(o: Obligation, state: OrderState, config: DomainConfig): Obligation | null {
  if (o.passes !== 'ENDS_ORDER' || !isInBreachProceedings(state)) return o;
  const expires =
    !config.lawBeforeCorrections && state.status === 'ACTIVE' && state.order?.orderType === 'COMMUNITY_ORDER';
  return expires ? { deadline: o.deadline, key: o.key, passes: 'EXPIRES_PROCEEDINGS_PENDING' } : null;
}

/** The obligations whose due time would produce an event, as listed. */
export function timedObligations(state: OrderState, config: DomainConfig): Obligation[] {
  return orderObligations(state, config)
    .filter((o) => (o.passes === 'MARKS_MISSED' ? !state.firedDeadlines.includes(o.key) : true))
    .flatMap((o) => pendingProceedings(o, state, config) ?? []);
}

/** The first of them by when its passing is decided (of those decided at one instant, the first listed). */
export function firstTimed(state: OrderState, config: DomainConfig): Obligation | null {
  let first: Obligation | null = null;
  let firstMs = 0;
  for (const o of timedObligations(state, config)) {
    const ms = instantMs(decidedAt(o));
    if (first === null || ms < firstMs) {
      first = o;
      firstMs = ms;
    }
  }
  return first;
}

export function nextOrderTimer(state: OrderState, config: DomainConfig): Instant | null {
  const next = firstTimed(state, config);
  return next ? decidedAt(next) : null;
}

function finalEnd(state: OrderState): Extract<OrderEvent, { type: 'OrderEnded' }>['reason'] {
  const supervision = state.order?.supervisionEnded?.reason;
  if (supervision === 'TERMINATED_ON_COMPLETION_BY_RO' || supervision === 'REVOKED_GOOD_PROGRESS')
    return supervision;
  return allRequirementsSettled(state) ? 'COMPLETED_END_DATE' : 'EXPIRED_INCOMPLETE';
}

function eventFor(o: Obligation, state: OrderState, at: Instant): OrderEvent {
  const { deadline } = o;
  switch (o.passes) {
    case 'EXPIRES_WARNING':
      return { type: 'WarningExpired', at, warningId: deadline.subjectId ?? '' };
    case 'ENDS_SUPERVISION':
      return {
        type: 'SupervisionEnded',
        at,
        endedOn: dayBefore(deadline.dueAt),
        reason: 'SSO_SUPERVISION_ENDED',
        requirementIds: openRequirementIds(state),
      };
    case 'ENDS_ORDER':
      return {
        type: 'OrderEnded',
        at,
        endedOn: dayBefore(deadline.dueAt),
        reason: finalEnd(state),
        requirementIds: openRequirementIds(state),
        detail: null,
      };
    case 'ENDS_OPERATIONAL_PERIOD':
      return { type: 'OperationalPeriodEnded', at, endedOn: dayBefore(deadline.dueAt) };
    case 'TERMINATES_ON_COMPLETION': {
      const on = londonDate(deadline.dueAt);
      const problem = terminationProblem(state);
      return problem
        ? { type: 'TerminationCancelled', at, terminationDate: on, reason: problem.rejection.message }
        : terminatedOnCompletion(state, at, on);
    }
    case 'EXPIRES_PROCEEDINGS_PENDING':
      return { type: 'OrderExpiredProceedingsPending', at, endDate: dayBefore(deadline.dueAt) };
    case 'MARKS_MISSED':
      return {
        type: 'DeadlineMissed',
        at,
        kind: deadline.kind,
        key: o.key,
        subjectId: deadline.subjectId ?? null,
        dueAt: deadline.dueAt,
      };
  }
}

/** Ends fall due at the end of their last day: the day they end on is the one before the due instant. */
function dayBefore(dueAt: Instant): string {
  return londonDate(addMs(dueAt, -1));
}

/** The events the passage of time to ctx.now produces, each once, in due order. */
export function tickOrder(state: OrderState, ctx: DecideContext): OrderEvent[] {
  const events: OrderEvent[] = [];
  let current = state;
  for (;;) {
    const next = firstTimed(current, ctx.config);
    if (!next || instantMs(decidedAt(next)) > instantMs(ctx.now)) return events;
    const event = eventFor(next, current, ctx.now);
    events.push(event);
    current = evolveOrder(current, event);
  }
}
