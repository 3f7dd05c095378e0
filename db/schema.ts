import type { ColumnType, Generated, GeneratedAlways, JSONColumnType, Selectable } from 'kysely';

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

/** A copy of each event the KPIs read, by the day a period takes it (a trigger on events writes it). */
export interface KpiEventsTable {
  seq: string;
  order_id: string;
  requirement_id: string | null;
  type: string;
  day: string;
  occurred_at: Timestamp;
  payload: JSONColumnType<Record<string, unknown>>;
}

/** Whether a ledger row is counted in `kpi_group_sums`, and under which group (2026_12_06_0070_kpi_kept_sums). */
interface PostedToGroup {
  posted: Generated<boolean>;
  p_type: string | null;
  p_provider: string | null;
  p_court: string | null;
  p_pdu: string | null;
}

/** Appointment and drug test KPI units summed per requirement and London month (kept by triggers). */
export interface KpiMonthlySumsTable extends PostedToGroup {
  month: string;
  fact: string;
  /** '' where the fact has none. */
  category: string;
  requirement_id: string;
  order_id: string;
  num: number;
  den: number;
}

/** The units of an event that add up over months, per requirement (or order) and month. */
export interface KpiEventUnitsTable extends PostedToGroup {
  seq: string;
  unit: number;
  month: string;
  fact: string;
  category: string;
  requirement_id: string | null;
  order_id: string;
  num: number;
  den: number;
}

/** A change of a group's sums, appended by a ledger's triggers and folded into `kpi_group_sums`. */
export interface KpiGroupDeltasTable {
  id: Generated<string>;
  month: string;
  fact: string;
  category: string;
  type: string | null;
  provider: string | null;
  court: string | null;
  pdu: string | null;
  num: number;
  den: number;
}

/** The folded sums per month, fact, category and dimension's value ('' where none). */
export interface KpiGroupSumsTable {
  month: string;
  fact: string;
  category: string;
  dimension: 'all' | 'type' | 'provider' | 'court' | 'pdu';
  value: string;
  num: number;
  den: number;
}

/** A requirement's, order's or DRR review's KPI dates and flags (2026_12_07_0010_kpi_milestones, kept by triggers). */
export interface KpiMilestonesTable extends PostedToGroup {
  owner: string;
  kind: 'requirement' | 'order' | 'review';
  order_id: string;
  requirement_id: string | null;
  sentenced: string | null;
  /** A requirement's first treatment session; an order's induction. */
  reached_on: string | null;
  started_appointment: string | null;
  ended_on: string | null;
  decided: string | null;
  proposed: string | null;
  suitable_consented: boolean | null;
  scheduled: string | null;
  counted: boolean | null;
  on_schedule: boolean | null;
  in_time: boolean | null;
}

/** A change of a group's count of a days value, appended by the milestones' trigger and folded into `kpi_group_days`. */
export interface KpiGroupDayDeltasTable {
  id: Generated<string>;
  month: string;
  fact: string;
  days: number;
  type: string | null;
  provider: string | null;
  court: string | null;
  pdu: string | null;
  n: number;
}

/** The folded count of each days value per month, fact and dimension's value ('' where none). */
export interface KpiGroupDaysTable {
  month: string;
  fact: string;
  dimension: 'all' | 'type' | 'provider' | 'court' | 'pdu';
  value: string;
  days: number;
  n: number;
}

/**
 * A change of a group's counts of units by month span (since, until, previous), appended by triggers and folded
 * into `kpi_span_sums` (2026_12_09_0010_kpi_span_sums).
 */
export interface KpiSpanDeltasTable {
  id: Generated<string>;
  fact: string;
  since: string;
  until: string;
  previous: string;
  type: string | null;
  provider: string | null;
  court: string | null;
  pdu: string | null;
  num: number;
  den: number;
}

/** The folded counts per fact, month span and dimension's value ('' where none). */
export interface KpiSpanSumsTable {
  fact: string;
  since: string;
  until: string;
  previous: string;
  dimension: 'all' | 'type' | 'provider' | 'court' | 'pdu';
  value: string;
  num: number;
  den: number;
}

/** The access log up to 2026_12_13_0010: one row for each resource a request read or wrote. Written no more. */
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

/** The access log: one row for each request's action on one type of resource; order_ids[i] is resource_ids[i]'s. */
export interface AccessesTable extends Omit<AccessLogTable, 'resource_id' | 'order_id'> {
  resource_ids: string[];
  order_ids: (string | null)[];
}

/** A view: both access logs as one row for each resource a request read or wrote. */
export type AccessLogEntriesView = Selectable<AccessLogTable>;

export interface WebSessionsTable {
  id_hash: string;
  sub: string;
  role: string;
  org: string;
  csrf_token: string;
  created_at: DefaultedTimestamp;
  last_seen_at: DefaultedTimestamp;
}

export type RefusalReason =
  | 'token-rejected'
  | 'out-of-scope'
  | 'no-such-resource'
  | 'role-not-allowed'
  | 'csrf-rejected'
  | 'rate-limited'
  | 'sign-in-refused';

export interface SecurityLogTable {
  id: Generated<string>;
  at: DefaultedTimestamp;
  reason: RefusalReason;
  status: number;
  actor_sub: string | null;
  actor_role: string | null;
  actor_org: string | null;
  method: string;
  route: string;
  resource_type: string | null;
  resource_id: string | null;
  order_id: string | null;
  request_id: string;
}

/** A batch Postgres refused for good: ids and the SQLSTATE only. */
export interface FailedBatchesTable {
  id: Generated<string>;
  at: DefaultedTimestamp;
  order_id: string;
  requirement_id: string | null;
  version: number;
  event_ids: string[];
  sqlstate: string;
  attempt: number;
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

type Json = JSONColumnType<Record<string, unknown>>;

export interface OrdersTable {
  id: string;
  version: number;
  status: string;
  order_type: string | null;
  court_code: string;
  pdu: string;
  hearing_date: string | null;
  sentence_date: string | null;
  end_date: string | null;
  opened_at: Timestamp;
  updated_at: Timestamp;
  view: Json;
  /** The person's names from the view, written by Postgres (a generated column). */
  person_name: GeneratedAlways<string>;
}

export interface RequirementsTable {
  id: string;
  order_id: string;
  stage: 'PRE_SENTENCE' | 'SENTENCED';
  version: number;
  type: string;
  status: string;
  provider_org_id: string | null;
  pdu: string;
  court_code: string;
  period_start: string | null;
  period_end: string | null;
  updated_at: Timestamp;
  view: Json;
}

/** A sentenced requirement's view as one set of shown classes discloses it (db/projections/disclosures.ts). */
export interface RequirementDisclosuresTable {
  requirement_id: string;
  order_id: string;
  shown: string;
  version: number;
  rules: string;
  text: string;
  deadlines_at: number | null;
}

interface RequirementItemColumns {
  id: string;
  requirement_id: string;
  order_id: string;
  status: string;
  data: Json;
}

export interface AppointmentsTable extends RequirementItemColumns {
  start_at: Timestamp;
  kind: string;
  enforceable: boolean;
  outcome: string | null;
}

export interface DrugTestsTable extends RequirementItemColumns {
  due_at: Timestamp;
  outcome: string | null;
}

export interface ReviewsTable extends RequirementItemColumns {
  review_date: string;
  mode: string;
}

export interface IncidentsTable {
  id: string;
  order_id: string;
  requirement_id: string;
  source: string;
  status: string;
  occurred_at: Timestamp;
  data: Json;
}

export interface EnforcementActionsTable {
  id: string;
  order_id: string;
  kind: 'WARNING' | 'REFERRAL' | 'PROCEEDING';
  status: string;
  acted_on: string;
  data: Json;
}

export interface DeadlinesTable {
  aggregate_id: string;
  kind: string;
  subject_id: string;
  order_id: string;
  requirement_id: string | null;
  role: string;
  org: string;
  due_at: Timestamp;
  description: string;
}

export interface SubscribersTable {
  recipient_role: string;
  recipient_org: string;
  url: string;
  secret: string;
  created_at: DefaultedTimestamp;
}

export interface RegionsTable {
  code: string;
  name: string;
}

/** The region of a probation delivery unit or court: that of the longest prefix of its code listed. */
export interface UnitRegionsTable {
  kind: 'PDU' | 'COURT';
  code_prefix: string;
  name: string;
  region: string;
}

export interface Database {
  events: EventsTable;
  kpi_events: KpiEventsTable;
  kpi_monthly_sums: KpiMonthlySumsTable;
  kpi_event_units: KpiEventUnitsTable;
  kpi_group_deltas: KpiGroupDeltasTable;
  kpi_group_sums: KpiGroupSumsTable;
  kpi_milestones: KpiMilestonesTable;
  kpi_group_day_deltas: KpiGroupDayDeltasTable;
  kpi_group_days: KpiGroupDaysTable;
  kpi_span_deltas: KpiSpanDeltasTable;
  kpi_span_sums: KpiSpanSumsTable;
  access_log: AccessLogTable;
  accesses: AccessesTable;
  access_log_entries: AccessLogEntriesView;
  security_log: SecurityLogTable;
  failed_batches: FailedBatchesTable;
  idempotency_keys: IdempotencyKeysTable;
  notifications: NotificationsTable;
  orders: OrdersTable;
  requirements: RequirementsTable;
  requirement_disclosures: RequirementDisclosuresTable;
  appointments: AppointmentsTable;
  drug_tests: DrugTestsTable;
  reviews: ReviewsTable;
  incidents: IncidentsTable;
  enforcement_actions: EnforcementActionsTable;
  deadlines: DeadlinesTable;
  subscribers: SubscribersTable;
  regions: RegionsTable;
  unit_regions: UnitRegionsTable;
  web_sessions: WebSessionsTable;
}

export type EventRow = Selectable<EventsTable>;
