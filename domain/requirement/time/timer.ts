import type { Instant } from '../../calendar';
import type { DeadlineKind } from '../../deadlines';
import type { CaseRole } from '../../primitives';
import { stampOf } from '../decide/common';
import type { RequirementEvent } from '../events';
import type { ImposedRequirement } from '../state';
import { withinOrder } from './instants';

/** An open obligation with its due instant, and the event its passing produces (once). */
export interface Timer {
  key: string;
  kind: DeadlineKind;
  dueAt: Instant;
  role: CaseRole;
  subjectId: string | null;
  description: string;
  fire: (at: Instant) => RequirementEvent;
}

export type TimerSpec = Omit<Timer, 'fire'>;
export type TimerBase = { requirementId: string; at: Instant; timer: string };

/** An open obligation due as its own rule says, before the order's end caps it (`timer`). */
export interface UncappedTimer {
  spec: TimerSpec;
  fire: (base: TimerBase) => RequirementEvent;
}

/** A timer due no later than the order's end, whose event carries its key. */
export function timer(
  s: ImposedRequirement,
  spec: TimerSpec,
  fire: (base: TimerBase) => RequirementEvent,
): Timer {
  return {
    ...spec,
    dueAt: withinOrder(s, spec.dueAt),
    fire: (at) => fire({ ...stampOf(s, at), timer: spec.key }),
  };
}
