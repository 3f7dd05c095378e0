import type { Kysely, Transaction } from 'kysely';
import { DEFAULT_CONFIG, type DomainConfig } from '../domain/config';
import { foldEvents } from '../domain/core';
import type { Deadline } from '../domain/deadlines';
import {
  type OrderEvent,
  type OrderView,
  evolveOrder,
  initialOrderState,
  orderDeadlines,
  orderView,
} from '../domain/order';
import {
  type RequirementEvent,
  type RequirementView,
  foldRequirement,
  initialRequirementState,
  requirementDeadlines,
  requirementView,
} from '../domain/requirement';
import { isImposed } from '../domain/requirement/state';
import type { RequirementScope } from '../db/projections/requirement';
import type { Database } from '../db/schema';

/** What the projections are written from: the aggregate's view and deadlines, and how many events made them. */
export interface Rebuilt<V> {
  version: number;
  view: V;
  deadlines: Deadline[];
}

/**
 * The order as its stored events make it, this batch's included: a batch carries only its events, and the
 * events are the state (every batch before it was written first, in order).
 */
export function rebuildOrder(
  stored: readonly unknown[],
  overrides: Partial<DomainConfig> | undefined,
): Rebuilt<OrderView> {
  const config = { ...DEFAULT_CONFIG, ...overrides };
  const state = foldEvents(evolveOrder, initialOrderState, stored as OrderEvent[]);
  return { version: stored.length, view: orderView(state, config), deadlines: orderDeadlines(state, config) };
}

/** The same for one requirement, with where its stored imposition places it (null before it is imposed). */
export function rebuildRequirement(
  stored: readonly unknown[],
  overrides: Partial<DomainConfig> | undefined,
): Rebuilt<RequirementView> & { scope: RequirementScope | null } {
  const config = { ...DEFAULT_CONFIG, ...overrides };
  const state = foldRequirement(initialRequirementState, stored as RequirementEvent[]);
  return {
    version: stored.length,
    view: requirementView(state, config),
    deadlines: requirementDeadlines(state, config),
    scope: isImposed(state)
      ? { pdu: state.imposition.probationDeliveryUnit, courtCode: state.imposition.sentencingCourt.code }
      : null,
  };
}

/** A requirement's stored events in the order they were appended: all of them, or the first `limit`. */
export async function storedRequirementEvents(
  db: Kysely<Database> | Transaction<Database>,
  requirementId: string,
  limit?: number,
): Promise<RequirementEvent[]> {
  let query = db
    .selectFrom('events')
    .select('payload')
    .where('requirement_id', '=', requirementId)
    .orderBy('seq');
  if (limit !== undefined) query = query.limit(limit);
  const rows = await query.execute();
  return rows.map((r) => r.payload as unknown as RequirementEvent);
}
