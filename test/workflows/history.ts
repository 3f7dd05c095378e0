import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';

export interface RunHistory {
  runId: string;
  events: number;
  eventTypes: string[];
}

/** Every run of a workflow id, first to latest, following continue-as-new back from the latest run. */
export async function runsOf(env: TestWorkflowEnvironment, workflowId: string): Promise<RunHistory[]> {
  const runs: RunHistory[] = [];
  let runId: string | undefined = (await env.client.workflow.getHandle(workflowId).describe()).runId;
  while (runId) {
    const history: temporal.api.history.v1.IHistory = await env.client.workflow
      .getHandle(workflowId, runId)
      .fetchHistory();
    const events: temporal.api.history.v1.IHistoryEvent[] = history.events ?? [];
    runs.unshift({
      runId,
      events: events.length,
      eventTypes: events.map((e) => temporal.api.enums.v1.EventType[e.eventType ?? 0] ?? 'UNKNOWN'),
    });
    const started: temporal.api.history.v1.IWorkflowExecutionStartedEventAttributes | null | undefined =
      events[0]?.workflowExecutionStartedEventAttributes;
    runId = started?.continuedExecutionRunId || undefined;
  }
  return runs;
}
