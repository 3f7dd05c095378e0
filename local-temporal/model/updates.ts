import type { temporal } from '../proto';
import { abortedByClosingWorkflow, type ServiceError, workflowClosing } from './errors';

type Outcome = temporal.api.update.v1.IOutcome;
type Request = temporal.api.update.v1.IRequest;

/** The server's rejection of an update the worker did not answer (update/errors_failures.go). */
export const UNPROCESSED_UPDATE_FAILURE: temporal.api.failure.v1.IFailure = {
  message:
    "Workflow Update is rejected because it wasn't processed by worker. Probably, Workflow Update is not supported by the worker.",
  source: 'Server',
  applicationFailureInfo: { type: 'UnprocessedUpdate', nonRetryable: true },
};

/** Lifecycle stages, numbered as UpdateWorkflowExecutionLifecycleStage. */
export const UpdateStage = { admitted: 1, accepted: 2, completed: 3 } as const;

export interface UpdateEntry {
  id: string;
  request: Request;
  stage: number;
  delivered: boolean;
  acceptedEventId: number;
  outcome: Outcome | undefined;
  /** What its callers get instead of an outcome when it was aborted before it was accepted. */
  abortedWith?: ServiceError;
  waiters: (() => void)[];
}

/** The updates of one run: admitted, delivered to a workflow task, accepted, completed or rejected. */
export class UpdateRegistry {
  private readonly entries = new Map<string, UpdateEntry>();

  get(id: string): UpdateEntry | undefined {
    return this.entries.get(id);
  }

  /** Admits a new update, or returns the existing one with the same id (deduplication). */
  admit(id: string, request: Request): { entry: UpdateEntry; isNew: boolean } {
    const existing = this.entries.get(id);
    if (existing) return { entry: existing, isNew: false };
    const entry: UpdateEntry = {
      id,
      request,
      stage: UpdateStage.admitted,
      delivered: false,
      acceptedEventId: 0,
      outcome: undefined,
      waiters: [],
    };
    this.entries.set(id, entry);
    return { entry, isNew: true };
  }

  /** An update read back from history after a restart: accepted (its handler runs on) or completed. */
  restore(id: string, request: Request, acceptedEventId: number, outcome: Outcome | undefined): void {
    this.entries.set(id, {
      id,
      request,
      stage: outcome ? UpdateStage.completed : UpdateStage.accepted,
      delivered: true,
      acceptedEventId,
      outcome,
      waiters: [],
    });
  }

  undelivered(): UpdateEntry[] {
    return [...this.entries.values()].filter((e) => e.stage === UpdateStage.admitted && !e.delivered);
  }

  /** After a workflow task failed or was rejected, updates it carried but did not answer go out again. */
  redeliverUnanswered(): void {
    for (const e of this.entries.values()) if (e.stage === UpdateStage.admitted) e.delivered = false;
  }

  accept(id: string, eventId: number): void {
    const e = this.entries.get(id);
    if (!e || e.stage !== UpdateStage.admitted) return;
    e.stage = UpdateStage.accepted;
    e.acceptedEventId = eventId;
    this.wake(e);
  }

  /**
   * A rejection: its callers get the failure and, as on the server, nothing of it stays (it is not in
   * history): the id is unknown again, so polling it answers NOT_FOUND and a new request is a new update.
   */
  reject(id: string, failure: temporal.api.failure.v1.IFailure | null | undefined): void {
    const e = this.entries.get(id);
    if (!e || e.stage !== UpdateStage.admitted) return;
    this.entries.delete(id);
    this.settle(e, { failure });
  }

  /**
   * After the worker's messages of a completed workflow task are applied: an update that task delivered and
   * the worker neither accepted nor rejected is rejected, as the server's RejectUnprocessed does (no event;
   * its callers get the failure). One admitted while the task was out goes to the next task.
   */
  rejectUnprocessed(): void {
    for (const e of [...this.entries.values()]) {
      if (e.stage === UpdateStage.admitted && e.delivered) this.reject(e.id, UNPROCESSED_UPDATE_FAILURE);
    }
  }

  /** The update's outcome, from its handler or the server. */
  complete(id: string, outcome: Outcome): void {
    const e = this.entries.get(id);
    if (e && e.stage !== UpdateStage.completed) this.settle(e, outcome);
  }

  private settle(e: UpdateEntry, outcome: Outcome): void {
    e.stage = UpdateStage.completed;
    e.outcome = outcome;
    this.wake(e);
  }

  /**
   * The run closed, as the server aborts its updates: an accepted one fails (AcceptedUpdateCompletedWorkflow,
   * not retryable); one not yet accepted is forgotten and its callers get an error: NOT_FOUND when the
   * workflow completed, or a retryable RESOURCE_EXHAUSTED when it continues as new (a retry reaches the new run).
   */
  abortAll(continuing: boolean): void {
    const failure = {
      message: 'Workflow Update failed because the Workflow completed before the Update completed.',
      source: 'Server',
      applicationFailureInfo: { type: 'AcceptedUpdateCompletedWorkflow', nonRetryable: true },
    };
    for (const e of [...this.entries.values()]) {
      if (e.stage === UpdateStage.accepted) this.settle(e, { failure });
      if (e.stage !== UpdateStage.admitted) continue;
      this.entries.delete(e.id);
      e.abortedWith = continuing ? workflowClosing() : abortedByClosingWorkflow();
      this.wake(e);
    }
  }

  /** Resolves once the update reached `stage` or was aborted, or after `timeoutMs` (a long poll's end). */
  waitFor(entry: UpdateEntry, stage: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (entry.stage >= stage || entry.abortedWith) return Promise.resolve();
    return new Promise((resolve) => {
      const check = (): void => {
        if (entry.stage < stage && !entry.abortedWith && !signal?.aborted) {
          entry.waiters.push(check);
          return;
        }
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        entry.waiters = entry.waiters.filter((w) => w !== check);
        resolve();
      }, timeoutMs);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
      entry.waiters.push(check);
    });
  }

  private wake(e: UpdateEntry): void {
    for (const waiter of e.waiters.splice(0)) waiter();
  }
}
