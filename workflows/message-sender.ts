import { type SignalDefinition, condition, getExternalWorkflowHandle } from '@temporalio/workflow';
import { RunPatches } from './handover';
import { type Delivered, messageAcknowledgedSignal } from './messages';

/**
 * The patch marking runs whose messages to the other workflow ask to be acknowledged. The receiver
 * acknowledges a message once it has persisted what the message made and sent on the messages that made in
 * turn; a write answers only once the messages it set off are acknowledged, so what it changed on the other
 * workflow can be read when it answers (issue 14). Runs before it sent messages without asking.
 */
export const MESSAGES_ACKNOWLEDGED = 'messages-acknowledged';

/** The messages one workflow sends to the others, and which of them still await their acknowledgement. */
export class MessageSender {
  private readonly unacknowledged = new Set<string>();
  private asking = false;

  constructor(private readonly patches = new RunPatches()) {}

  /**
   * Signals a message to another workflow; answers false when that workflow has ended (nobody to deliver to).
   * Resolves once the message is in the receiver's history, never waiting for the receiver to act on it.
   */
  async send<M>(
    workflowId: string,
    signal: SignalDefinition<[Delivered<M>]>,
    delivered: Delivered<M>,
  ): Promise<boolean> {
    if (!this.asking) this.asking = this.patches.applies(MESSAGES_ACKNOWLEDGED);
    // Awaited before it is sent: its acknowledgement may arrive with the news that it was delivered.
    if (this.asking) this.unacknowledged.add(delivered.id);
    try {
      await getExternalWorkflowHandle(workflowId).signal(
        signal,
        this.asking ? { ...delivered, acknowledge: true } : delivered,
      );
      return true;
    } catch {
      this.unacknowledged.delete(delivered.id);
      return false;
    }
  }

  acknowledged(id: string): void {
    this.unacknowledged.delete(id);
  }

  /**
   * Resolves once every message sent so far has been acknowledged; answers whether it had any to wait for.
   * Messages sent after the call are not waited for.
   */
  async settled(): Promise<boolean> {
    if (this.unacknowledged.size === 0) return false;
    const awaited = [...this.unacknowledged];
    await condition(() => awaited.every((id) => !this.unacknowledged.has(id)));
    return true;
  }
}

/** Tells the workflow that sent a message that it is acknowledged; a sender that has ended needs no telling. */
export async function acknowledge(workflowId: string, id: string): Promise<void> {
  await getExternalWorkflowHandle(workflowId)
    .signal(messageAcknowledgedSignal, { id })
    .catch(() => undefined);
}
