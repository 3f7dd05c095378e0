import { endAtPeriodEnd, requirementEnded } from './common';
import type { RequirementEvent } from '../events';
import { evolveRequirement } from '../evolve';
import { type ImposedRequirement, isImposed, isRequirementTerminal } from '../state';
import { isBefore, requirementEndsAt } from '../time/instants';

/**
 * What still has to be settled before a requirement whose period has ended can end (it may not end with a
 * breach unresolved): incidents awaiting the RO's decision, appointments held before the end awaiting their outcome,
 * and samples awaiting their result (which still go to the RO, R9).
 */
export function unsettled(s: ImposedRequirement): number {
  const endsAt = requirementEndsAt(s);
  const incidents = Object.values(s.incidents).filter((i) => i.decision === null);
  const outcomes = Object.values(s.appointments).filter(
    (a) => a.status === 'SCHEDULED' && isBefore(a.start, endsAt),
  );
  const results = Object.values(s.drugTests).filter(
    (t) => t.status === 'COLLECTED' || (t.status === 'RESULTED' && t.outcome === null),
  );
  return incidents.length + outcomes.length + results.length;
}

/** The events, followed by the requirement's ending once its period has ended and nothing is left to settle. */
export function settled(
  state: ImposedRequirement,
  events: RequirementEvent[],
  at: string,
): RequirementEvent[] {
  if (events.some((e) => e.type === 'RequirementEnded')) return events;
  // Only a period that has ended, or ends with these events, lets the requirement end: no need to fold them.
  if (!state.periodEnded && !events.some((e) => e.type === 'TreatmentPeriodEnded')) return events;
  const after = events.reduce(evolveRequirement, state);
  if (!isImposed(after) || !after.periodEnded || isRequirementTerminal(after) || unsettled(after) > 0)
    return events;
  return [...events, requirementEnded(after, at, endAtPeriodEnd(after))];
}
