import type { EventRow } from '../../../db/schema';
import type { Role } from '../../../domain/primitives';
import { discloseEvent } from '../../disclosure/events';

/** The columns of the events table an event is shown from. */
export const SHOWN_EVENT_COLUMNS = [
  'id',
  'requirement_id',
  'type',
  'payload',
  'actor_role',
  'actor_org',
  'occurred_at',
  'recorded_at',
] as const;

/** An event as a read shows it to `role`: its payload through the disclosure allow-list. */
export function eventJson(role: Role, e: Pick<EventRow, (typeof SHOWN_EVENT_COLUMNS)[number]>) {
  return {
    id: e.id,
    requirementId: e.requirement_id,
    type: e.type,
    occurredAt: e.occurred_at.toISOString(),
    recordedAt: e.recorded_at.toISOString(),
    actor: { role: e.actor_role, org: e.actor_org },
    payload: discloseEvent(role, e.payload),
  };
}
