import { DEFAULT_CONFIG } from '../../domain/config';
import type { Deadline } from '../../domain/deadlines';
import { type Recipients, deadlineOrg } from '../../domain/notifications';
import { orderDeadlines, orderView } from '../../domain/order';
import { requirementDeadlines, requirementView } from '../../domain/requirement';
import { deadlineRows, eventRows, orderRows, requirementRows } from '../../db/projections/rows';
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
  requirement_disclosures: Row[];
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
  requirement_disclosures: [],
  appointments: [],
  drug_tests: [],
  reviews: [],
  incidents: [],
  enforcement_actions: [],
  deadlines: [],
});

/** The event rows only: what appendEvents writes. */
export function eventRowsOf(life: OrderLife, into: Row[]): void {
  for (const { requirementId, record } of life.events)
    into.push(...eventRows({ orderId: life.orderId, requirementId }, [record]));
}

function scopedDeadlines(aggregateId: string, deadlines: Deadline[], to: Recipients): Row[] {
  const scoped = deadlines.map((d) => ({ ...d, org: deadlineOrg(d, to) })).filter((d) => d.org !== '');
  return deadlineRows(aggregateId, scoped);
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
    const scope = { pdu: c.probationDeliveryUnit, courtCode: c.court.code };
    const r = requirementRows(rv, scope, version, lastAt.get(requirementId)!);
    // The persist activity keeps the assessing provider in SQL (coalesce); here there is no earlier row.
    rows.requirements.push({ ...r.requirement, provider_org_id: rv.providerOrgId ?? assessedBy });
    rows.requirement_disclosures.push(...r.disclosures);
    rows.appointments.push(...r.appointments);
    rows.drug_tests.push(...r.drugTests);
    rows.reviews.push(...r.reviews);
    const to: Recipients = { ...base, requirementId, providerOrgId: rv.providerOrgId };
    rows.deadlines.push(...scopedDeadlines(requirementId, requirementDeadlines(state, DEFAULT_CONFIG), to));
  }
  const o = orderRows(view, streams.order.length, lastAt.get(null)!)!;
  rows.orders.push(o.order);
  rows.requirements.push(...o.preSentenceRequirements.filter((r) => !sentenced.has(r.id)));
  rows.incidents.push(...o.incidents);
  rows.enforcement_actions.push(...o.enforcementActions);
  const to: Recipients = { ...base, requirementId: null, providerOrgId: null };
  rows.deadlines.push(...scopedDeadlines(life.orderId, orderDeadlines(folded.order, DEFAULT_CONFIG), to));
}
