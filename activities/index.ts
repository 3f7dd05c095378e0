import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { Context } from '@temporalio/activity';
import { workflowOwner } from '../workflows/messages';
import {
  type OrderBatch,
  type RequirementBatch,
  type RequirementOwner,
  persistOrderBatch,
  persistRequirementBatch,
} from './persist';

export type { OrderBatch } from './persist';

export interface ActivityDeps {
  db: Kysely<Database>;
}

/** The order and requirement of the workflow this activity runs for (its id names them). */
function sender(): { orderId: string; requirementId: string | null } {
  const workflowId = Context.current().info.workflowExecution?.workflowId ?? '';
  const owner = workflowOwner(workflowId);
  if (!owner) throw new TypeError(`not an order's or a requirement's workflow: '${workflowId}'`);
  return owner;
}

function requirementOwner(batch: RequirementBatch): RequirementOwner {
  if (batch.orderId && batch.requirementId)
    return { orderId: batch.orderId, requirementId: batch.requirementId };
  const { orderId, requirementId } = sender();
  if (requirementId === null) throw new TypeError('a requirement batch sent by an order workflow');
  return { orderId, requirementId };
}

/**
 * The workflows' side effects, bound to their dependencies; every one is idempotent by event id. A batch is
 * the sending workflow's own: batches sent before issue 15 name their order and requirement too.
 */
export function createActivities({ db }: ActivityDeps) {
  return {
    persistOrderBatch: (batch: OrderBatch) =>
      persistOrderBatch(db, { orderId: batch.orderId ?? sender().orderId }, batch),
    persistRequirementBatch: (batch: RequirementBatch) =>
      persistRequirementBatch(db, requirementOwner(batch), batch),
  };
}

export type Activities = ReturnType<typeof createActivities>;
