import type { RequirementEvent } from './events';
import { evolveItems, foldingInPlace, scheduledIdsOf, withItem } from './evolve/items';
import { evolveLifecycle, imposed } from './evolve/lifecycle';
import { type RequirementState, isImposed } from './state';

/** Applies one event. Pure and total: it never validates, and an event that does not fit changes nothing. */
export function evolveRequirement(state: RequirementState, event: RequirementEvent): RequirementState {
  if (event.type === 'RequirementImposed') return isImposed(state) ? state : imposed(event);
  if (!isImposed(state)) return state;
  // Inside a fold the map comes back the same object, changed in place: the state need not be copied for it.
  const fired = 'timer' in event ? withItem(state.fired, event.timer, true as const) : state.fired;
  const timed = fired === state.fired ? state : { ...state, fired };
  return evolveItems(evolveLifecycle(timed, event), event);
}

/** The state after the events: the same as evolving them one by one, with each map copied once per fold. */
export function foldRequirement(
  state: RequirementState,
  events: readonly RequirementEvent[],
): RequirementState {
  return foldingInPlace(() => events.reduce(evolveRequirement, state));
}

/**
 * A state as a run carried it across continue-as-new: one carried before the index of scheduled appointments
 * (`scheduledIds`) existed gets it, worked out from its appointments; any other is returned as it is.
 */
export function carriedRequirement(state: RequirementState): RequirementState {
  if (!isImposed(state) || Array.isArray(state.scheduledIds)) return state;
  return { ...state, scheduledIds: scheduledIdsOf(state.appointments) };
}
