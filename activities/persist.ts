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
import type { EventRecord } from '../domain/records';
import type { RequirementEvent, RequirementView } from '../domain/requirement';
import { replaceDeadlines } from '../db/projections/deadlines';
import { appendEvents } from '../db/projections/events';
import { projectOrder } from '../db/projections/order';
import { type RequirementScope, projectRequirement } from '../db/projections/requirement';
import type { Database } from '../db/schema';
import { uuidFromName } from '../db/uuid';
import { type BatchIds, writeOrRecordFailure } from './failed-batches';
import { type Rebuilt, rebuildOrder, rebuildRequirement } from './rebuild';

/**
 * One batch of an aggregate's events. The activity rebuilds the view and deadlines from the stored events;
 * runs that began before the workflows' `small-histories` patch send them instead (`Sent`).
 */
interface Batch<E extends { type: string }, V> {
  /** How many events the aggregate has folded, this batch included: newer views win. */
  version: number;
  records: EventRecord<E>[];
  /** The settings the run decides with, where they differ from the defaults. */
  config?: Partial<DomainConfig>;
  view?: V;
  deadlines?: Deadline[];
}

export interface OrderBatch extends Batch<OrderEvent, OrderView> {
  orderId: string;
}

export interface RequirementBatch extends Batch<RequirementEvent, RequirementView> {
  orderId: string;
  requirementId: string;
  scope: RequirementScope;
}

/**
 * The view and deadlines to project: the batch's own (an older run's), else rebuilt from the stored events.
 * Null when the store lacks events the aggregate folded (an earlier batch refused for good): the events are
 * written, the projection is left as it was, and an operator is alerted.
 */
async function projectable<V>(
  batch: Batch<{ type: string }, V> & { orderId: string },
  rebuild: () => Promise<Rebuilt<V>>,
): Promise<Rebuilt<V> | null> {
  if (batch.view && batch.deadlines)
    return { version: batch.version, view: batch.view, deadlines: batch.deadlines };
  const rebuilt = await rebuild();
  if (rebuilt.version === batch.version) return rebuilt;
  log.error('the stored events are not the events the aggregate folded; projection left as it was', {
    orderId: batch.orderId,
    version: batch.version,
    stored: rebuilt.version,
    alert: 'projection-behind',
  });
  return null;
}

function batchIds(
  ids: { orderId: string; requirementId: string | null },
  batch: { version: number; records: { id: string }[] },
): BatchIds {
  return { ...ids, version: batch.version, eventIds: batch.records.map((r) => r.id) };
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

/** Events, projections, deadlines and notifications of one order batch, in one transaction; idempotent. */
export async function persistOrderBatch(db: Kysely<Database>, batch: OrderBatch) {
  const ids = { orderId: batch.orderId, requirementId: null };
  return writeOrRecordFailure(db, batchIds(ids, batch), () =>
    db.transaction().execute(async (trx) => {
      const eventsWritten = await appendEvents(trx, ids, batch.records);
      const now = await projectable(batch, () => rebuildOrder(trx, batch.orderId, batch.config));
      const c = now?.view.case;
      const to: Recipients = {
        orderId: batch.orderId,
        requirementId: null,
        pdu: c?.probationDeliveryUnit ?? '',
        courtCode: c?.court.code ?? '',
        providerOrgId: null,
      };
      const projected =
        now !== null && (await projectOrder(trx, now.view, batch.version, new Date().toISOString()));
      if (now && projected) await replaceDeadlines(trx, batch.orderId, scoped(now.deadlines, to));
      await enqueue(trx, batch.records, (e) => orderNotifications(e, to));
      return { eventsWritten, projected };
    }),
  );
}

/** The same for one requirement batch. */
export async function persistRequirementBatch(db: Kysely<Database>, batch: RequirementBatch) {
  const ids = { orderId: batch.orderId, requirementId: batch.requirementId };
  return writeOrRecordFailure(db, batchIds(ids, batch), () =>
    db.transaction().execute(async (trx) => {
      const eventsWritten = await appendEvents(trx, ids, batch.records);
      const now = await projectable(batch, () => rebuildRequirement(trx, batch.requirementId, batch.config));
      const to: Recipients = {
        orderId: batch.orderId,
        requirementId: batch.requirementId,
        pdu: batch.scope.pdu,
        courtCode: batch.scope.courtCode,
        providerOrgId: !now || now.view.status === 'NOT_IMPOSED' ? null : now.view.providerOrgId,
      };
      const projected =
        now !== null &&
        (await projectRequirement(trx, now.view, batch.scope, batch.version, new Date().toISOString()));
      if (now && projected) await replaceDeadlines(trx, batch.requirementId, scoped(now.deadlines, to));
      await enqueue(trx, batch.records, (e) => requirementNotifications(e, to));
      return { eventsWritten, projected };
    }),
  );
}
