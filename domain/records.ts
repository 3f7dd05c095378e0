import type { Instant } from './calendar';
import type { Role } from './primitives';

/** Who did something: the token's subject, role and organisation, or the system when time did it. */
export interface Actor {
  sub: string;
  role: Role | 'system';
  org: string;
}

export const SYSTEM_ACTOR: Actor = { sub: 'cstr-engine', role: 'system', org: 'system' };

/** A domain event as it is stored: the event itself plus its id, time and author. */
export interface EventRecord<E extends { type: string } = { type: string }> {
  id: string;
  occurredAt: Instant;
  actor: Actor;
  event: E;
}
