import type { FileHandle } from 'node:fs/promises';
import { encodedEvent } from '../grpc/history-encoding';
import type { Journal } from '../model/engine';
import type { RunIdentity } from '../model/run';
import type { HistoryEvent } from '../proto';
import { encodeLine, type StateRecord } from './state-file';

/**
 * The engine's journal on disk. Changes are queued as they happen and written in batches (group commit):
 * one write and one fdatasync per batch. `durable()` resolves once every change queued before the call is
 * on disk; the gRPC shell awaits it before any answer leaves, so nothing is acknowledged before it is
 * durable. A failed write stops the journal: every later `durable()` rejects, so nothing more is answered.
 */
export class StateLog implements Journal {
  private pending: StateRecord[] = [];
  private tail: Promise<void> = Promise.resolve();
  private queued = false;
  private failure: Error | undefined;

  constructor(
    private readonly handle: FileHandle,
    private readonly file: string,
  ) {}

  runCreated(id: RunIdentity): void {
    this.add({ t: 'run', ns: id.namespace, runId: id.runId, requestId: id.requestId });
  }

  appended(runId: string, event: HistoryEvent): void {
    const bytes = encodedEvent(event);
    this.add({
      t: 'event',
      runId,
      event: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64'),
    });
  }

  truncated(runId: string, length: number): void {
    this.add({ t: 'cut', runId, length });
  }

  activityStarted(runId: string, scheduledEventId: number, attempt: number): void {
    this.add({ t: 'attempt', runId, scheduledEventId, attempt });
  }

  clockMoved(offsetMs: number): void {
    this.add({ t: 'clock', offsetMs });
  }

  durable(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending.length > 0 && !this.queued) {
      this.queued = true;
      this.tail = this.tail.then(() => {
        this.queued = false;
        return this.write(this.pending.splice(0));
      });
    }
    return this.tail;
  }

  async close(): Promise<void> {
    await this.durable().catch(() => undefined);
    await this.handle.close();
  }

  private add(record: StateRecord): void {
    this.pending.push(record);
    // Changes nobody waits for (a timer fired, an activity timed out) are written soon all the same.
    this.durable().catch(() => undefined);
  }

  private async write(batch: StateRecord[]): Promise<void> {
    if (batch.length === 0) return;
    try {
      await this.handle.write(encodeLine(batch));
      await this.handle.datasync();
    } catch (error) {
      this.failure = new Error(
        `local-temporal could not write its state to ${this.file} (${error instanceof Error ? error.message : String(error)}); it answers nothing more`,
      );
      process.stderr.write(`[local-temporal] ${this.failure.message}\n`);
      throw this.failure;
    }
  }
}
