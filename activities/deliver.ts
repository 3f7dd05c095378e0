import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/common';

export interface Delivery {
  /** The receiving workflow (its current run). */
  workflowId: string;
  /** The receiver's update for messages from the sender's kind of workflow. */
  update: string;
  /** The message with its id; the id is also the update's id, so a retried delivery is applied once. */
  delivered: { id: string; message: unknown };
}

/**
 * Hands a message to another workflow and returns once that workflow has persisted what it made of it, so
 * the sender's own write answers only after its consequences can be read. Answers 'ended' when the receiver
 * has already closed (the message has nobody to change).
 */
export async function deliverMessage({
  workflowId,
  update,
  delivered,
}: Delivery): Promise<'delivered' | 'ended'> {
  try {
    await Context.current()
      .client.workflow.getHandle(workflowId)
      .executeUpdate(update, { args: [delivered], updateId: delivered.id });
    return 'delivered';
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return 'ended';
    throw error;
  }
}
