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
  const { incidents, appointments, drugTests } = s;
  // for…in rather than Object.values: the maps are large dictionaries, which Object.values copies and sorts.
  let count = 0;
  for (const id in incidents) if (incidents[id]!.decision === null) count++;
  for (const id of s.scheduledIds) if (isBefore(appointments[id]!.start, endsAt)) count++;
  for (const id in drugTests) {
    const t = drugTests[id]!;
    if (t.status === 'COLLECTED' || (t.status === 'RESULTED' && t.outcome === null)) count++;
  }
  return count;
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
