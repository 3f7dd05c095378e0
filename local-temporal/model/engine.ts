import { randomUUID } from 'node:crypto';
import type { ActivityTask } from './activity-task';
import { Clock, type ClockMode } from './clock';
import { notFound } from './errors';
import type { HistoryEvent } from '../proto';
import { type ParentLink, type PendingQuery, Run, type RunIdentity, type StartedAttributes } from './run';
import { TaskQueue } from './task-queue';
import { WorkflowTaskFailures } from './workflow-task-failures';

/** Where the engine records what it must find again after a restart (see local-temporal/store/). */
export interface Journal {
  runCreated(id: RunIdentity): void;
  appended(runId: string, event: HistoryEvent): void;
  truncated(runId: string, length: number): void;
  /** An activity attempt was handed to a worker: recorded before its task token leaves. */
  activityStarted(runId: string, scheduledEventId: number, attempt: number): void;
  clockMoved(offsetMs: number): void;
  /** Resolves once everything recorded so far is durable; rejects if it cannot be written. */
  durable(): Promise<void>;
}

export type WorkflowQueueItem =
  { kind: 'task'; run: Run; token: number } | { kind: 'query'; run: Run; query: PendingQuery };

/** The server's `limit.historyCount.suggestContinueAsNew` default. */
export const SUGGEST_CONTINUE_AS_NEW_AFTER_EVENTS = 4 * 1024;

/** The whole server state: runs by id, task queues, the clock and the record of failed workflow tasks. */
export class Engine {
  readonly clock: Clock;
  readonly failures: WorkflowTaskFailures;
  private readonly runs = new Map<string, Run>();
  private readonly runsByWorkflowId = new Map<string, Run[]>();
  private readonly workflowQueues = new Map<string, TaskQueue<WorkflowQueueItem>>();
  private readonly activityQueues = new Map<string, TaskQueue<ActivityTask>>();
  readonly busyRuns = new Set<Run>();
  readonly busyActivities = new Set<ActivityTask>();
  readonly queryTasks = new Map<string, PendingQuery>();
  /** Set once the stored state is loaded; from then on every change is recorded. */
  journal: Journal | undefined;

  /** A workflow task started once history holds this many events suggests continue-as-new. */
  readonly suggestContinueAsNewAfterEvents: number;

  constructor(
    mode: ClockMode,
    options: {
      realNow?: () => number;
      log?: (line: string) => void;
      suggestContinueAsNewAfterEvents?: number;
    } = {},
  ) {
    this.suggestContinueAsNewAfterEvents =
      options.suggestContinueAsNewAfterEvents ?? SUGGEST_CONTINUE_AS_NEW_AFTER_EVENTS;
    this.clock = new Clock(
      mode,
      () => ({ workflowTasks: this.busyRuns.size, activityAttempts: this.busyActivities.size }),
      options.realNow,
      (offsetMs) => this.journal?.clockMoved(offsetMs),
    );
    this.failures = new WorkflowTaskFailures(options.log);
  }

  now(): number {
    return this.clock.now();
  }

  newRunId(): string {
    return randomUUID();
  }

  /** Called whenever a task finished; lets a skipping clock move on once nothing runs. */
  settled(): void {
    this.clock.poke();
  }

  createRun(
    id: RunIdentity,
    started: StartedAttributes,
    parent: ParentLink | undefined,
    startTimeMs?: number,
  ): Run {
    this.journal?.runCreated(id);
    const run = new Run(
      id,
      started,
      parent,
      () => this.now(),
      (r) => this.requestTask(r),
      {
        appended: (event) => this.journal?.appended(id.runId, event),
        truncated: (length) => this.journal?.truncated(id.runId, length),
      },
      startTimeMs,
    );
    this.runs.set(id.runId, run);
    const chain = this.runsByWorkflowId.get(`${id.namespace}/${id.workflowId}`) ?? [];
    chain.push(run);
    this.runsByWorkflowId.set(`${id.namespace}/${id.workflowId}`, chain);
    return run;
  }

  /** The latest run of a workflow id, open or closed. */
  latestRun(namespace: string, workflowId: string): Run | undefined {
    const chain = this.runsByWorkflowId.get(`${namespace}/${workflowId}`);
    return chain?.[chain.length - 1];
  }

  findRun(
    namespace: string,
    execution: { workflowId?: string | null; runId?: string | null } | null | undefined,
  ): Run {
    const runId = execution?.runId;
    const run = runId ? this.runs.get(runId) : this.latestRun(namespace, execution?.workflowId ?? '');
    if (!run || run.id.workflowId !== execution?.workflowId || run.id.namespace !== namespace) {
      throw notFound(`workflow not found for ID: ${execution?.workflowId ?? ''}`);
    }
    return run;
  }

  runById(runId: string): Run | undefined {
    return this.runs.get(runId);
  }

  workflowQueue(name: string): TaskQueue<WorkflowQueueItem> {
    return queue(this.workflowQueues, name);
  }

  activityQueue(name: string): TaskQueue<ActivityTask> {
    return queue(this.activityQueues, name);
  }

  /** Schedules a workflow task for the run unless one is already scheduled or started. */
  requestTask(run: Run): void {
    if (!run.isOpen || run.task !== 'none') return;
    run.task = 'scheduled';
    run.taskToken++;
    this.busyRuns.add(run);
    this.workflowQueue(run.id.taskQueue).push({ kind: 'task', run, token: run.taskToken });
  }

  taskDone(run: Run): void {
    run.task = 'none';
    this.busyRuns.delete(run);
    this.settled();
  }

  /** Resolves once every change so far is durable (at once when the state is in memory only). */
  durable(): Promise<void> {
    return this.journal?.durable() ?? Promise.resolve();
  }

  close(): void {
    this.clock.close();
  }
}

function queue<T>(queues: Map<string, TaskQueue<T>>, name: string): TaskQueue<T> {
  let q = queues.get(name);
  if (!q) {
    q = new TaskQueue<T>();
    queues.set(name, q);
  }
  return q;
}
