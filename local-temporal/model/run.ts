import { type HistoryEvent, type temporal, WorkflowStatus } from '../proto';
import type { ActivityTask } from './activity-task';
import type { ServiceError } from './errors';
import { History, type HistoryJournal } from './history';
import type { TimerHandle } from './timer-queue';
import { UpdateRegistry } from './updates';

export type StartedAttributes = temporal.api.history.v1.IWorkflowExecutionStartedEventAttributes;

export interface RunIdentity {
  namespace: string;
  workflowId: string;
  runId: string;
  workflowType: string;
  taskQueue: string;
  requestId: string;
  taskTimeoutMs: number;
}

export interface ParentLink {
  run: Run;
  initiatedEventId: number;
}

export interface ChildLink {
  workflowId: string;
  runId: string;
  parentClosePolicy: number;
}

export interface PendingQuery {
  id: string;
  query: temporal.api.query.v1.IWorkflowQuery;
  answer(
    result: { ok: true; value: temporal.api.common.v1.IPayloads | null } | { ok: false; error: ServiceError },
  ): void;
}

export type WorkflowTaskPhase = 'none' | 'scheduled' | 'started';

/** One workflow run: its history and everything the server tracks while it is open. */
export class Run {
  readonly history: History;
  status: temporal.api.enums.v1.WorkflowExecutionStatus = WorkflowStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
  closeEvent: HistoryEvent | undefined;
  closeTimeMs: number | undefined;
  readonly startTimeMs: number;

  task: WorkflowTaskPhase = 'none';
  taskAttempt = 1;
  taskToken = 0;
  taskStartedEventId = 0;
  taskSpeculativeFrom: number | undefined;
  lastCompletedStartedEventId = 0;
  historyLengthAtLastCompletion = 0;
  cancelRequested = false;
  taskTimeout: TimerHandle | undefined;
  private readonly buffered: (() => void)[] = [];
  private bufferWaiters: (() => void)[] = [];

  readonly timers = new Map<string, { startedEventId: number; handle: TimerHandle }>();
  readonly activities = new Map<number, ActivityTask>();
  readonly children = new Map<number, ChildLink>();
  readonly updates = new UpdateRegistry();
  readonly queries: PendingQuery[] = [];
  readonly closeTimers: TimerHandle[] = [];

  constructor(
    readonly id: RunIdentity,
    readonly started: StartedAttributes,
    readonly parent: ParentLink | undefined,
    now: () => number,
    private readonly requestTask: (run: Run) => void,
    journal?: HistoryJournal,
    startTimeMs?: number,
  ) {
    this.history = new History(now, journal);
    this.startTimeMs = startTimeMs ?? now();
  }

  get isOpen(): boolean {
    return this.closeEvent === undefined;
  }

  get hasBufferedEvents(): boolean {
    return this.buffered.length > 0;
  }

  /**
   * Records events that did not come from this run's own commands (a timer fired, an activity result, a
   * signal...). While a workflow task is started they wait until it completes, as the server buffers them.
   */
  external(produce: () => void, triggersTask = true): void {
    if (!this.isOpen) return;
    if (this.task === 'started') this.buffered.push(produce);
    else {
      produce();
      this.history.notify();
    }
    if (triggersTask) this.requestTask(this);
  }

  flushBuffered(): boolean {
    const pending = this.buffered.splice(0);
    for (const produce of pending) produce();
    if (pending.length > 0) this.history.notify();
    for (const resolve of this.bufferWaiters.splice(0)) resolve();
    return pending.length > 0;
  }

  /** The run closed while a workflow task was started (a timeout): what it buffered is never written. */
  discardBuffered(): void {
    this.buffered.length = 0;
    for (const resolve of this.bufferWaiters.splice(0)) resolve();
  }

  /** Resolves once every event buffered so far is in the history (the started workflow task ended). */
  bufferedWritten(): Promise<void> {
    if (this.buffered.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.bufferWaiters.push(resolve));
  }

  get execution(): { workflowId: string; runId: string } {
    return { workflowId: this.id.workflowId, runId: this.id.runId };
  }
}
