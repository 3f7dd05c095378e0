import { log } from '@temporalio/activity';
import type { Kysely, Transaction } from 'kysely';
import type { DomainConfig } from '../domain/config';
import type { Deadline } from '../domain/deadlines';
import {
  type PlannedNotification,
  type Recipients,
  deadlineOrg,
  orderNotifications,
  requirementNotifications,
} from '../domain/notifications';
import type { OrderEvent, OrderView } from '../domain/order';
import { type EventRecord, type SentRecord, storedRecord } from '../domain/records';
import type { RequirementEvent, RequirementView } from '../domain/requirement';
import { replaceDeadlines } from '../db/projections/deadlines';
import { appendAndReadEvents, appendEvents } from '../db/projections/events';
import { projectOrder } from '../db/projections/order';
import { lockOrderBatches } from '../db/projections/order-lock';
import { type RequirementScope, projectRequirement } from '../db/projections/requirement';
import type { Database } from '../db/schema';
import { uuidFromName } from '../db/uuid';
import { type BatchIds, writeOrRecordFailure } from './failed-batches';
import { type Rebuilt, rebuildOrder, rebuildRequirement } from './rebuild';

/**
 * One batch of an aggregate's events. The activity rebuilds the view and deadlines from the stored events;
 * runs that began before the workflows' `small-histories` patch send them instead.
 */
interface Batch<E extends { type: string }, V> {
  /** How many events the aggregate has folded, this batch included: newer views win. */
  version: number;
  records: SentRecord<E>[];
  /** The settings the run decides with, where they differ from the defaults. */
  config?: Partial<DomainConfig>;
  view?: V;
  deadlines?: Deadline[];
}

/**
 * Whose batch it is. Batches sent before issue 15 name it; since, the activity reads it from the id of the
 * workflow that sent it (see `activities/index.ts`).
 */
export interface OrderOwner {
  orderId: string;
}

export interface RequirementOwner extends OrderOwner {
  requirementId: string;
}

export type OrderBatch = Batch<OrderEvent, OrderView> & Partial<OrderOwner>;

/**
 * A requirement's batch. Where it sits (`scope`) comes from its stored imposition; batches that carry their
 * view (older runs, which are not rebuilt) carry it too.
 */
export type RequirementBatch = Batch<RequirementEvent, RequirementView> &
  Partial<RequirementOwner> & { scope?: RequirementScope };

/** The view and deadlines an older run's batch carries, to be projected as they are. */
function sentView<V>(batch: Batch<{ type: string }, V>): Rebuilt<V> | null {
  return batch.view && batch.deadlines
    ? { version: batch.version, view: batch.view, deadlines: batch.deadlines }
    : null;
}

/**
 * The view and deadlines to project, unless the store lacks events the aggregate folded (an earlier batch
 * refused for good): then the events are written, the projection is left as it was, and an operator alerted.
 */
function inStep<V>(batch: { version: number }, orderId: string, now: Rebuilt<V>): Rebuilt<V> | null {
  if (now.version === batch.version) return now;
  log.error('the stored events are not the events the aggregate folded; projection left as it was', {
    orderId,
    version: batch.version,
    stored: now.version,
    alert: 'projection-behind',
  });
  return null;
}

function batchIds(
  ids: { orderId: string; requirementId: string | null },
  version: number,
  records: { id: string }[],
): BatchIds {
  return { ...ids, version, eventIds: records.map((r) => r.id) };
}

/**
 * The id of an aggregate's event at `position` (its first is 1), for the records of runs that name their events
 * by position (workflows/aggregate.ts, POSITIONAL_IDS_PATCH): a retried batch names its events the same, and an
 * aggregate's events are never two at one position (its version only grows).
 */
export function eventIdAt(ids: { orderId: string; requirementId: string | null }, position: number): string {
  return ids.requirementId === null
    ? uuidFromName('order-event', ids.orderId, String(position))
    : uuidFromName('requirement-event', ids.requirementId, String(position));
}

/** The records a batch stands for, as stored: each with its id, time and requirement. */
function storedRecords<E extends { type: string }>(
  ids: { orderId: string; requirementId: string | null },
  batch: Batch<E, unknown>,
): EventRecord<E>[] {
  const first = batch.version - batch.records.length + 1;
  return batch.records.map((record, n) =>
    storedRecord(record, {
      id: () => eventIdAt(ids, first + n),
      requirementId: ids.requirementId ?? undefined,
    }),
  );
}

/** A stable id per notification, so that a retried batch queues nothing twice. */
function notificationId(eventId: string, n: PlannedNotification): string {
  return uuidFromName('notification', eventId, n.kind, n.recipientRole, n.recipientOrg);
}

async function enqueue<E extends { type: string }>(
  trx: Transaction<Database>,
  records: EventRecord<E>[],
  planFor: (event: E) => PlannedNotification[],
): Promise<void> {
  const rows = records.flatMap((r) =>
    planFor(r.event).map((n) => ({
      id: notificationId(r.id, n),
      kind: n.kind,
      recipient_role: n.recipientRole,
      recipient_org: n.recipientOrg,
      order_id: n.payload.orderId,
      requirement_id: n.payload.requirementId,
      payload: JSON.stringify(n.payload),
      delivered_at: null,
      last_error: null,
    })),
  );
  if (rows.length === 0) return;
  await trx
    .insertInto('notifications')
    .values(rows)
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

function scoped(deadlines: Deadline[], to: Recipients) {
  return deadlines.map((d) => ({ ...d, org: deadlineOrg(d, to) })).filter((d) => d.org !== '');
}

/**
 * Events, projections, deadlines and notifications of one order batch, in one transaction, the order's batches
 * (its own and its requirements') one at a time; idempotent.
 * Answers nothing: its answer would only be recorded in the workflow's history.
 */
export async function persistOrderBatch(db: Kysely<Database>, owner: OrderOwner, batch: OrderBatch) {
  const ids = { orderId: owner.orderId, requirementId: null };
  const records = storedRecords(ids, batch);
  await writeOrRecordFailure(db, batchIds(ids, batch.version, records), () =>
    db.transaction().execute(async (trx) => {
      await lockOrderBatches(trx, owner.orderId);
      const sent = sentView(batch);
      if (sent) await appendEvents(trx, ids, records);
      const now = inStep(
        batch,
        owner.orderId,
        sent ?? rebuildOrder(await appendAndReadEvents(trx, ids, records), batch.config),
      );
      const c = now?.view.case;
      const to: Recipients = {
        orderId: owner.orderId,
        requirementId: null,
        pdu: c?.probationDeliveryUnit ?? '',
        courtCode: c?.court.code ?? '',
        providerOrgId: null,
      };
      const projected =
        now !== null && (await projectOrder(trx, now.view, batch.version, new Date().toISOString()));
      if (now && projected) await replaceDeadlines(trx, owner.orderId, scoped(now.deadlines, to));
      await enqueue(trx, records, (e) => orderNotifications(e, to));
    }),
  );
}

/** The same for one requirement batch. */
export async function persistRequirementBatch(
  db: Kysely<Database>,
  owner: RequirementOwner,
  batch: RequirementBatch,
) {
  const ids = { orderId: owner.orderId, requirementId: owner.requirementId };
  const records = storedRecords(ids, batch);
  await writeOrRecordFailure(db, batchIds(ids, batch.version, records), () =>
    db.transaction().execute(async (trx) => {
      await lockOrderBatches(trx, owner.orderId);
      const sent = sentView(batch);
      if (sent) await appendEvents(trx, ids, records);
      const rebuilt = sent
        ? null
        : rebuildRequirement(await appendAndReadEvents(trx, ids, records), batch.config);
      const now = inStep(batch, owner.orderId, sent ?? rebuilt!);
      const scope = batch.scope ?? rebuilt?.scope ?? null;
      const to: Recipients = {
        orderId: owner.orderId,
        requirementId: owner.requirementId,
        pdu: scope?.pdu ?? '',
        courtCode: scope?.courtCode ?? '',
        providerOrgId: !now || now.view.status === 'NOT_IMPOSED' ? null : now.view.providerOrgId,
      };
      const projected =
        now !== null &&
        scope !== null &&
        (await projectRequirement(trx, now.view, scope, batch.version, new Date().toISOString()));
      if (now && projected) await replaceDeadlines(trx, owner.requirementId, scoped(now.deadlines, to));
      await enqueue(trx, records, (e) => requirementNotifications(e, to));
    }),
  );
}
