import type { ColumnType, Generated, Insertable, JSONColumnType, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface EventsTable {
  seq: Generated<string>;
  id: string;
  order_id: string;
  requirement_id: string | null;
  type: string;
  payload: JSONColumnType<Record<string, unknown>>;
  actor_sub: string;
  actor_role: string;
  actor_org: string;
  occurred_at: Timestamp;
  recorded_at: DefaultedTimestamp;
}

export interface AccessLogTable {
  id: Generated<string>;
  at: DefaultedTimestamp;
  actor_sub: string;
  actor_role: string;
  actor_org: string;
  action: 'READ' | 'WRITE';
  resource_type: string;
  resource_id: string;
  order_id: string | null;
  purpose: string;
  request_id: string | null;
  status: number | null;
}

export interface IdempotencyKeysTable {
  client_id: string;
  key: string;
  request_fingerprint: string;
  state: 'IN_FLIGHT' | 'DONE';
  response_status: number | null;
  response_body: JSONColumnType<object> | null;
  created_at: DefaultedTimestamp;
  completed_at: Date | null;
}

export interface NotificationsTable {
  id: string;
  kind: string;
  recipient_role: string;
  recipient_org: string;
  order_id: string | null;
  requirement_id: string | null;
  payload: JSONColumnType<Record<string, unknown>>;
  created_at: DefaultedTimestamp;
  attempts: Generated<number>;
  next_attempt_at: DefaultedTimestamp;
  delivered_at: Date | null;
  last_error: string | null;
}

export interface Database {
  events: EventsTable;
  access_log: AccessLogTable;
  idempotency_keys: IdempotencyKeysTable;
  notifications: NotificationsTable;
}

export type EventRow = Selectable<EventsTable>;
export type NewEventRow = Insertable<EventsTable>;
export type AccessLogRow = Selectable<AccessLogTable>;
export type NewAccessLogRow = Insertable<AccessLogTable>;
export type IdempotencyKeyRow = Selectable<IdempotencyKeysTable>;
export type NotificationRow = Selectable<NotificationsTable>;
export type NewNotificationRow = Insertable<NotificationsTable>;
