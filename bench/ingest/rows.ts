import { DEFAULT_CONFIG } from '../../domain/config';
import type { Deadline } from '../../domain/deadlines';
import { type Recipients, deadlineOrg } from '../../domain/notifications';
import { type OrderView, orderDeadlines, orderView } from '../../domain/order';
import { type RequirementView, requirementDeadlines, requirementView } from '../../domain/requirement';
import { foldStreams, streamsOf } from '../data/fold';
import type { OrderLife } from '../data/records';

// The rows the projections (db/projections) hold for an order once all its events are in, built from the
// same folded views the persist activity writes, for loading many orders in a few multi-row statements.
// Notifications are not queued: loading history must not tell anyone anything.

export type Row = Record<string, unknown>;

export interface TableRows {
  events: Row[];
  orders: Row[];
  requirements: Row[];
  appointments: Row[];
  drug_tests: Row[];
  reviews: Row[];
  incidents: Row[];
  enforcement_actions: Row[];
  deadlines: Row[];
}

export const emptyRows = (): TableRows => ({
  events: [],
  orders: [],
  requirements: [],
  appointments: [],
  drug_tests: [],
  reviews: [],
  incidents: [],
  enforcement_actions: [],
  deadlines: [],
});

const json = (value: unknown) => JSON.stringify(value);

/** The event rows only: what appendEvents writes. */
export function eventRows(life: OrderLife, into: Row[]): void {
  for (const { requirementId, record } of life.events)
    into.push({
      id: record.id,
      order_id: life.orderId,
      requirement_id: requirementId,
      type: record.event.type,
      payload: json(record.event),
      actor_sub: record.actor.sub,
      actor_role: record.actor.role,
      actor_org: record.actor.org,
      occurred_at: record.occurredAt,
    });
}

function deadlineRows(aggregateId: string, deadlines: Deadline[], to: Recipients, into: Row[]): void {
  const unique = new Map(deadlines.map((d) => [`${d.kind}/${d.subjectId ?? ''}`, d]));
  for (const d of unique.values()) {
    const org = deadlineOrg(d, to);
    if (org === '') continue;
    into.push({
      aggregate_id: aggregateId,
      kind: d.kind,
      subject_id: d.subjectId ?? '',
      order_id: d.orderId,
      requirement_id: d.requirementId ?? null,
      role: d.role,
      org,
      due_at: d.dueAt,
      description: d.description,
    });
  }
}

function preSentenceStatus(r: OrderView['proposedRequirements'][number]): string {
  if (r.consent?.status === 'GIVEN') return 'READY_TO_PROPOSE';
  if (r.consent) return 'CLOSED_DECLINED';
  return r.assessment ? `ASSESSED_${r.assessment.outcome}` : 'AWAITING_ASSESSMENT';
}

function orderRows(
  view: OrderView,
  version: number,
  at: string,
  sentenced: ReadonlySet<string>,
  rows: TableRows,
): void {
  const c = view.case!;
  const orderId = view.orderId!;
  const providers = [
    ...new Set([
      ...view.proposedRequirements.map((r) => r.providerOrgId),
      ...view.requirements.map((r) => r.providerOrgId),
    ]),
  ].filter((p): p is string => typeof p === 'string');
  rows.orders.push({
    id: orderId,
    version,
    status: view.status,
    order_type: view.order?.orderType ?? null,
    court_code: c.court.code,
    pdu: c.probationDeliveryUnit,
    provider_org_ids: providers,
    requirement_types: [...new Set(view.proposedRequirements.map((r) => r.type))],
    hearing_date: c.hearingDate,
    sentence_date: view.order?.sentenceDate ?? null,
    end_date: view.order?.endDate ?? null,
    opened_at: c.openedAt,
    updated_at: at,
    view: json(view),
  });
  for (const r of view.proposedRequirements)
    if (!sentenced.has(r.requirementId))
      rows.requirements.push({
        id: r.requirementId,
        order_id: orderId,
        stage: 'PRE_SENTENCE',
        version,
        type: r.type,
        status: preSentenceStatus(r),
        provider_org_id: r.providerOrgId,
        pdu: c.probationDeliveryUnit,
        court_code: c.court.code,
        period_start: null,
        period_end: null,
        updated_at: at,
        view: json(r),
      });
  for (const i of view.compliance.incidents)
    rows.incidents.push({
      id: i.incidentId,
      order_id: orderId,
      requirement_id: i.requirementId,
      source: i.source,
      status: i.status,
      occurred_at: i.occurredAt,
      data: json(i),
    });
  const { warnings, referrals, proceedings } = view.compliance;
  for (const w of warnings)
    rows.enforcement_actions.push({
      id: w.warningId,
      order_id: orderId,
      kind: 'WARNING',
      status: w.expired ? 'EXPIRED' : 'LIVE',
      acted_on: w.givenOn,
      data: json(w),
    });
  for (const r of referrals)
    rows.enforcement_actions.push({
      id: r.referralId,
      order_id: orderId,
      kind: 'REFERRAL',
      status: r.status,
      acted_on: r.referredOn,
      data: json(r),
    });
  for (const p of proceedings)
    rows.enforcement_actions.push({
      id: p.proceedingId,
      order_id: orderId,
      kind: 'PROCEEDING',
      status: p.status,
      acted_on: p.informationLaidOn,
      data: json(p),
    });
}

type ImposedView = Exclude<RequirementView, { status: 'NOT_IMPOSED' }>;

function requirementRows(
  view: ImposedView,
  scope: { pdu: string; courtCode: string; assessedBy: string | null },
  version: number,
  at: string,
  rows: TableRows,
): void {
  const { pdu, courtCode } = scope;
  // Until probation refers it, the provider that assessed the person keeps the requirement in scope.
  const assessed = view.providerOrgId ?? scope.assessedBy;
  rows.requirements.push({
    id: view.requirementId,
    order_id: view.orderId,
    stage: 'SENTENCED',
    version,
    type: view.type,
    status: view.displayStatus,
    provider_org_id: assessed,
    pdu,
    court_code: courtCode,
    period_start: view.periods[0]?.start ?? null,
    period_end: view.periods.at(-1)?.end ?? null,
    updated_at: at,
    view: json(view),
  });
  const keys = { requirement_id: view.requirementId, order_id: view.orderId };
  for (const a of view.appointments)
    rows.appointments.push({
      ...keys,
      id: a.id,
      status: a.status,
      start_at: a.start,
      kind: a.kind,
      enforceable: a.enforceable,
      outcome: a.outcome,
      data: json(a),
    });
  for (const t of view.drugTests)
    rows.drug_tests.push({
      ...keys,
      id: t.id,
      status: t.status,
      due_at: t.dueAt,
      outcome: t.outcome,
      data: json(t),
    });
  for (const r of view.reviews)
    rows.reviews.push({
      ...keys,
      id: r.id,
      status: r.status,
      review_date: r.date,
      mode: r.mode,
      data: json(r),
    });
}

/** Every projection row of one order and its requirements, from the fold of its events. */
export function projectionRows(life: OrderLife, rows: TableRows): void {
  const streams = streamsOf(life);
  const folded = foldStreams(streams);
  const view = orderView(folded.order, DEFAULT_CONFIG);
  const c = view.case;
  if (!c || !view.orderId) return;
  const lastAt = new Map<string | null, string>();
  for (const e of life.events) lastAt.set(e.requirementId, e.record.occurredAt);
  const sentenced = new Set<string>();
  const base = { orderId: life.orderId, pdu: c.probationDeliveryUnit, courtCode: c.court.code };
  for (const [requirementId, state] of folded.requirements) {
    const rv = requirementView(state, DEFAULT_CONFIG);
    if (rv.status === 'NOT_IMPOSED') continue;
    sentenced.add(requirementId);
    const version = streams.requirements.get(requirementId)?.length ?? 0;
    const assessedBy =
      view.proposedRequirements.find((r) => r.requirementId === requirementId)?.providerOrgId ?? null;
    const scope = { pdu: c.probationDeliveryUnit, courtCode: c.court.code, assessedBy };
    requirementRows(rv, scope, version, lastAt.get(requirementId)!, rows);
    const to: Recipients = { ...base, requirementId, providerOrgId: rv.providerOrgId };
    deadlineRows(requirementId, requirementDeadlines(state, DEFAULT_CONFIG), to, rows.deadlines);
  }
  orderRows(view, streams.order.length, lastAt.get(null)!, sentenced, rows);
  const to: Recipients = { ...base, requirementId: null, providerOrgId: null };
  deadlineRows(life.orderId, orderDeadlines(folded.order, DEFAULT_CONFIG), to, rows.deadlines);
}
