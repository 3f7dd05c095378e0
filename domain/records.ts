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

/**
 * A record as a workflow sends it to be stored: without its time when that is its event's own `at` (most
 * events are stamped with the time they were decided at), which the workflow's history would keep twice.
 */
export type SentRecord<E extends { type: string } = { type: string }> = Omit<EventRecord<E>, 'occurredAt'> & {
  occurredAt?: Instant;
};

const stampOf = (event: { type: string }): unknown => (event as { at?: unknown }).at;

export function sentRecord<E extends { type: string }>(record: EventRecord<E>): SentRecord<E> {
  if (stampOf(record.event) !== record.occurredAt) return record;
  const { occurredAt: _stamped, ...sent } = record;
  return sent;
}

/** The record a sent one stands for. */
export function storedRecord<E extends { type: string }>(record: SentRecord<E>): EventRecord<E> {
  if (record.occurredAt !== undefined) return { ...record, occurredAt: record.occurredAt };
  const at = stampOf(record.event);
  if (typeof at !== 'string') throw new TypeError(`event ${record.id} was sent without its time`);
  return { ...record, occurredAt: at };
}
