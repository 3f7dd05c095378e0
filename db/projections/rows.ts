import type { Deadline } from '../../domain/deadlines';
import type { OrderView } from '../../domain/order';
import type { EventRecord } from '../../domain/records';
import type { RequirementView } from '../../domain/requirement';
import { DISCLOSURE_RULES, keptDisclosures } from './disclosures';

// The projection rows an aggregate's view becomes: one mapping, used by the persist activity (through the
// projections in this folder) and by bulk loading (bench/ingest).

type ImposedView = Exclude<RequirementView, { status: 'NOT_IMPOSED' }>;
type ProposedRequirement = OrderView['proposedRequirements'][number];

const json = (value: unknown) => JSON.stringify(value);

export function eventRows(
  ids: { orderId: string; requirementId: string | null },
  records: readonly EventRecord[],
) {
  return records.map((r) => ({
    id: r.id,
    order_id: ids.orderId,
    requirement_id: ids.requirementId,
    type: r.event.type,
    payload: json(r.event),
    actor_sub: r.actor.sub,
    actor_role: r.actor.role,
    actor_org: r.actor.org,
    occurred_at: r.occurredAt,
  }));
}

/** A deadline as the worklist stores it: scoped to the organisation whose role must act. */
export interface ScopedDeadline extends Deadline {
  org: string;
}

/** One row per (kind, subject): an aggregate lists each obligation once. */
export function deadlineRows(aggregateId: string, deadlines: readonly ScopedDeadline[]) {
  const unique = new Map(deadlines.map((d) => [`${d.kind}/${d.subjectId ?? ''}`, d]));
  return [...unique.values()].map((d) => ({
    aggregate_id: aggregateId,
    kind: d.kind,
    subject_id: d.subjectId ?? '',
    order_id: d.orderId,
    requirement_id: d.requirementId ?? null,
    role: d.role,
    org: d.org,
    due_at: d.dueAt,
    description: d.description,
  }));
}

function preSentenceStatus(r: ProposedRequirement): string {
  if (r.consent?.status === 'GIVEN') return 'READY_TO_PROPOSE';
  if (r.consent) return 'CLOSED_DECLINED';
  return r.assessment ? `ASSESSED_${r.assessment.outcome}` : 'AWAITING_ASSESSMENT';
}

/** The order's own rows, or null before the case is opened. */
export function orderRows(view: OrderView, version: number, at: string) {
  const c = view.case;
  const orderId = view.orderId;
  if (!c || !orderId) return null;
  const { warnings, referrals, proceedings } = view.compliance;
  return {
    order: {
      id: orderId,
      version,
      status: view.status,
      order_type: view.order?.orderType ?? null,
      court_code: c.court.code,
      pdu: c.probationDeliveryUnit,
      hearing_date: c.hearingDate,
      sentence_date: view.order?.sentenceDate ?? null,
      end_date: view.order?.endDate ?? null,
      opened_at: c.openedAt,
      updated_at: at,
      view: json(view),
    },
    preSentenceRequirements: view.proposedRequirements.map((r) => ({
      id: r.requirementId,
      order_id: orderId,
      stage: 'PRE_SENTENCE' as const,
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
    })),
    incidents: view.compliance.incidents.map((i) => ({
      id: i.incidentId,
      order_id: orderId,
      requirement_id: i.requirementId,
      source: i.source,
      status: i.status,
      occurred_at: i.occurredAt,
      data: json(i),
    })),
    enforcementActions: [
      ...warnings.map((w) => ({
        id: w.warningId,
        kind: 'WARNING' as const,
        status: w.expired ? 'EXPIRED' : 'LIVE',
        acted_on: w.givenOn,
        data: w,
      })),
      ...referrals.map((r) => ({
        id: r.referralId,
        kind: 'REFERRAL' as const,
        status: r.status,
        acted_on: r.referredOn,
        data: r,
      })),
      ...proceedings.map((p) => ({
        id: p.proceedingId,
        kind: 'PROCEEDING' as const,
        status: p.status,
        acted_on: p.informationLaidOn,
        data: p,
      })),
    ].map((a) => ({ ...a, order_id: orderId, data: json(a.data) })),
  };
}

/** Where a requirement sits: the PDU that supervises it and the court that made the order. */
export interface RequirementScope {
  pdu: string;
  courtCode: string;
}

export type RequirementRows = ReturnType<typeof requirementRows>;

/** A `requirements` row's columns, in the order the upserts name them (a pre-sentence row has the same). */
export const REQUIREMENT_COLUMNS = [
  'id',
  'order_id',
  'stage',
  'version',
  'type',
  'status',
  'provider_org_id',
  'pdu',
  'court_code',
  'period_start',
  'period_end',
  'updated_at',
  'view',
] as const satisfies readonly (keyof RequirementRows['requirement'])[];

/** A sentenced requirement's rows. */
export function requirementRows(view: ImposedView, scope: RequirementScope, version: number, at: string) {
  const keys = { requirement_id: view.requirementId, order_id: view.orderId };
  return {
    requirement: {
      id: view.requirementId,
      order_id: view.orderId,
      stage: 'SENTENCED' as const,
      version,
      type: view.type,
      status: view.displayStatus,
      provider_org_id: view.providerOrgId,
      pdu: scope.pdu,
      court_code: scope.courtCode,
      period_start: view.periods[0]?.start ?? null,
      period_end: view.periods.at(-1)?.end ?? null,
      updated_at: at,
      view: json(view),
    },
    appointments: view.appointments.map((a) => ({
      ...keys,
      id: a.id,
      status: a.status,
      start_at: a.start,
      kind: a.kind,
      enforceable: a.enforceable,
      outcome: a.outcome,
      data: json(a),
    })),
    drugTests: view.drugTests.map((t) => ({
      ...keys,
      id: t.id,
      status: t.status,
      due_at: t.dueAt,
      outcome: t.outcome,
      data: json(t),
    })),
    reviews: view.reviews.map((r) => ({
      ...keys,
      id: r.id,
      status: r.status,
      review_date: r.date,
      mode: r.mode,
      data: json(r),
    })),
    disclosures: keptDisclosures(view).map((k) => ({ ...keys, ...k, version, rules: DISCLOSURE_RULES })),
  };
}
