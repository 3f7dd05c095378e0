import { accept, type DecideContext, stateConflict, ruleViolation, notFound, refuseWithin } from '../../core';
import type { OrderToRequirement } from '../../links';
import { withTermsReplaced } from '../../terms';
import type { Period } from '../../primitives';
import { type RequirementDecision, requirementEnded, stampOf } from './common';
import type { RequirementEvent } from '../events';
import { outstandingAfter } from '../rules/outstanding';
import { lastPeriodEnd, comprisesMoreThanTwelveMonths, withLastPeriodEndingOn } from '../rules/periods';
import { reviewScheduled } from './reviews';
import type { ImposedRequirement } from '../state';
import { checkImposition } from '../rules/terms';
import { addMonths, minDate } from '../../calendar';

// What the order tells its requirement (links.ts): its end, a new end date, the court's amendments (R28),
// and the responsible officer's decision on an incident (R25: a reasonable refusal is decided ACCEPTABLE).

type Message<K extends OrderToRequirement['kind']> = Extract<OrderToRequirement, { kind: K }>;

function clampPeriods(periods: readonly Period[], lastDay: string): Period[] {
  const kept = periods
    .filter((p) => p.start <= lastDay)
    .map((p) => ({ start: p.start, end: minDate(p.end, lastDay) }));
  const first = periods[0];
  return kept.length > 0 || !first ? kept : [{ start: minDate(first.start, lastDay), end: lastDay }];
}

function onEndDateChanged(
  s: ImposedRequirement,
  m: Message<'OrderEndDateChanged'>,
  ctx: DecideContext,
): RequirementDecision {
  if (m.orderEndDate < s.imposition.sentenceDate)
    return ruleViolation(
      'order-end-before-sentence',
      'The order cannot end before the sentence.',
      '/message/orderEndDate',
    );
  const periods = clampPeriods(s.imposition.periods, m.orderEndDate);
  const withdrawn = outstandingAfter(s, lastPeriodEnd(periods));
  return accept({
    type: 'OrderEndDateChanged',
    ...stampOf(s, ctx.now),
    orderEndDate: m.orderEndDate,
    periods,
    withdrawn,
  });
}

function onExtension(
  s: ImposedRequirement,
  m: Message<'RequirementAmended'>,
  ctx: DecideContext,
): RequirementDecision {
  const field = '/message/newPeriodEnd';
  const newEnd = m.newPeriodEnd;
  if (newEnd === undefined)
    return ruleViolation('new-period-end-required', 'An extension gives the new end.', field);
  const periods = s.imposition.periods;
  if (newEnd <= lastPeriodEnd(periods))
    return ruleViolation('extension-not-later', 'An extension ends later.', field);
  if (newEnd > s.imposition.orderEndDate)
    return ruleViolation(
      'r13-period-beyond-order-end',
      "A requirement runs at most to the order's end date.",
      field,
    );
  const extended = withLastPeriodEndingOn(periods, newEnd);
  const review = s.imposition.review;
  if (s.imposition.type === 'DRR' && !review && comprisesMoreThanTwelveMonths(extended, ctx.config))
    return ruleViolation(
      'r10-review-provision-required',
      'Beyond 12 months a DRR must provide for reviews.',
      field,
    );
  const events: RequirementEvent[] = [
    { type: 'PeriodExtended', ...stampOf(s, ctx.now), newPeriodEnd: newEnd },
  ];
  const reviews = Object.values(s.reviews);
  if (review && !reviews.some((r) => r.status === 'SCHEDULED')) {
    const last = reviews.reduce<string | null>(
      (d, r) => (r.status === 'HELD' && (d === null || r.date > d) ? r.date : d),
      null,
    );
    const date = last === null ? review.firstReviewDate : addMonths(last, review.intervalMonths);
    if (date <= newEnd)
      events.push(reviewScheduled(s.imposition, ctx.now, ctx.newId(), date, s.reviewMode ?? review.mode));
  }
  return accept(...events);
}

function onReplacement(
  s: ImposedRequirement,
  m: Message<'RequirementAmended'>,
  ctx: DecideContext,
): RequirementDecision {
  if (!m.replacement)
    return ruleViolation(
      'replacement-required',
      'A replacement gives the new terms.',
      '/message/replacement',
    );
  const problem = checkImposition(withTermsReplaced(s.imposition, m.replacement), ctx.config);
  if (problem) return refuseWithin('/message/replacement', problem);
  const withdrawn = outstandingAfter(s, lastPeriodEnd(m.replacement.periods));
  return accept({ type: 'TermsReplaced', ...stampOf(s, ctx.now), terms: m.replacement, withdrawn });
}

function onIncidentDecided(
  s: ImposedRequirement,
  m: Message<'IncidentDecided'>,
  ctx: DecideContext,
): RequirementDecision {
  const incident = s.incidents[m.incidentId];
  if (!incident)
    return notFound('incident-not-found', 'No such incident on this requirement.', '/message/incidentId');
  if (incident.decision === m.decision) return accept();
  const events: RequirementEvent[] = [
    { type: 'IncidentDecided', ...stampOf(s, ctx.now), incidentId: incident.id, decision: m.decision },
  ];
  return accept(...events);
}

export function decideOrderMessage(
  s: ImposedRequirement,
  m: OrderToRequirement,
  ctx: DecideContext,
): RequirementDecision {
  switch (m.kind) {
    case 'OrderEnded':
      return accept(requirementEnded(s, ctx.now, 'TERMINATED_WITH_ORDER'));
    case 'OrderEndDateChanged':
      return onEndDateChanged(s, m, ctx);
    case 'IncidentDecided':
      return onIncidentDecided(s, m, ctx);
    case 'RequirementAmended':
      if (m.change === 'EXTEND_PERIOD') return onExtension(s, m, ctx);
      if (m.change === 'REPLACE') return onReplacement(s, m, ctx);
      return accept(
        requirementEnded(
          s,
          ctx.now,
          s.clinicallyCompletedOn !== null || s.amendmentPending?.opinion === 'NO_FURTHER_TREATMENT'
            ? 'COMPLETED_EARLY_COURT_CANCELLED'
            : 'CANCELLED_BY_COURT',
        ),
      );
    default:
      return stateConflict(
        'unknown-order-message',
        'The order sent a message this requirement does not know.',
      );
  }
}
