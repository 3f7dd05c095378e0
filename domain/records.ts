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
 * events are stamped with the time they were decided at), which the workflow's history would keep twice; and,
 * from runs that name their events by position (workflows/aggregate.ts, POSITIONAL_IDS_PATCH), without its id
 * and its event without the requirement it belongs to (see LeftOut).
 */
export type SentRecord<E extends { type: string } = { type: string }> = Omit<
  EventRecord<E>,
  'id' | 'occurredAt'
> & { id?: string; occurredAt?: Instant };

/** What a run that names its events by position leaves out of the records it sends; the activity restores it. */
export interface LeftOut {
  /** Each record's id: the activity names it from the aggregate and the event's position in it. */
  ids: boolean;
  /** The requirement whose events they are (each names it): the activity knows it from the workflow's id. */
  requirementId?: string;
}

/** What the activity restores a sent record with: the id of a record sent without one, the requirement's id. */
export interface Restored {
  id: () => string;
  requirementId?: string;
}

const stampOf = (event: { type: string }): unknown => (event as { at?: unknown }).at;

export function sentRecord<E extends { type: string }>(
  record: EventRecord<E>,
  leftOut: LeftOut = { ids: false },
): SentRecord<E> {
  const { id, occurredAt, actor, event } = record;
  const { requirementId, ...rest } = event as E & { requirementId?: unknown };
  return {
    ...(!leftOut.ids && { id }),
    ...(stampOf(event) !== occurredAt && { occurredAt }),
    actor,
    event:
      leftOut.requirementId !== undefined && requirementId === leftOut.requirementId ? (rest as E) : event,
  };
}

/** The record a sent one stands for. */
export function storedRecord<E extends { type: string }>(
  record: SentRecord<E>,
  restored: Restored,
): EventRecord<E> {
  const id = record.id ?? restored.id();
  const event =
    restored.requirementId === undefined || 'requirementId' in record.event
      ? record.event
      : { ...record.event, requirementId: restored.requirementId };
  const occurredAt = record.occurredAt ?? stampOf(event);
  if (typeof occurredAt !== 'string') throw new TypeError(`event ${id} was sent without its time`);
  return { id, occurredAt, actor: record.actor, event };
}
