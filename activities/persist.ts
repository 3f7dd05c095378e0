import type { Kysely, Transaction } from 'kysely';
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

export interface OrderBatch {
  orderId: string;
  /** How many events the aggregate has folded, this batch included: newer views win. */
  version: number;
  records: EventRecord<OrderEvent>[];
  view: OrderView;
  deadlines: Deadline[];
}

export interface RequirementBatch {
  orderId: string;
  requirementId: string;
  version: number;
  records: EventRecord<RequirementEvent>[];
  view: RequirementView;
  deadlines: Deadline[];
  scope: RequirementScope;
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
  const c = batch.view.case;
  const to: Recipients = {
    orderId: batch.orderId,
    requirementId: null,
    pdu: c?.probationDeliveryUnit ?? '',
    courtCode: c?.court.code ?? '',
    providerOrgId: null,
  };
  const ids = { orderId: batch.orderId, requirementId: null };
  return writeOrRecordFailure(db, batchIds(ids, batch), () =>
    db.transaction().execute(async (trx) => {
      const eventsWritten = await appendEvents(trx, ids, batch.records);
      const projected = await projectOrder(trx, batch.view, batch.version, new Date().toISOString());
      if (projected) await replaceDeadlines(trx, batch.orderId, scoped(batch.deadlines, to));
      await enqueue(trx, batch.records, (e) => orderNotifications(e, to));
      return { eventsWritten, projected };
    }),
  );
}

/** The same for one requirement batch. */
export async function persistRequirementBatch(db: Kysely<Database>, batch: RequirementBatch) {
  const to: Recipients = {
    orderId: batch.orderId,
    requirementId: batch.requirementId,
    pdu: batch.scope.pdu,
    courtCode: batch.scope.courtCode,
    providerOrgId: batch.view.status === 'NOT_IMPOSED' ? null : batch.view.providerOrgId,
  };
  const ids = { orderId: batch.orderId, requirementId: batch.requirementId };
  return writeOrRecordFailure(db, batchIds(ids, batch), () =>
    db.transaction().execute(async (trx) => {
      const eventsWritten = await appendEvents(trx, ids, batch.records);
      const projected = await projectRequirement(
        trx,
        batch.view,
        batch.scope,
        batch.version,
        new Date().toISOString(),
      );
      if (projected) await replaceDeadlines(trx, batch.requirementId, scoped(batch.deadlines, to));
      await enqueue(trx, batch.records, (e) => requirementNotifications(e, to));
      return { eventsWritten, projected };
    }),
  );
}
