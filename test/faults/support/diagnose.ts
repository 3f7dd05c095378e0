import type { Client } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { uuidFromName } from '../../../db/uuid';
import { commandSeed, requestFingerprint } from '../../../api/middleware/idempotency';
import { orderWorkflowId, requirementWorkflowId } from '../../../workflows/messages';
import type { LoadClient, Write } from './load';

// Why a write is still unacknowledged: the workflows it goes to, as the engine sees them (status, pending
// workflow task and activities, whether it knows the write's update) and the last events of their histories.

const EventType = proto.api.enums.v1.EventType;
const Status = proto.api.enums.v1.WorkflowExecutionStatus;
const TaskState = proto.api.enums.v1.PendingWorkflowTaskState;
const ActivityState = proto.api.enums.v1.PendingActivityState;
const LAST_EVENTS = 12;

/** The command id (the update id) the API made of this write, as the idempotency middleware makes it. */
export function updateIdOf(write: Write, token: string): string {
  const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
    org: string;
    sub: string;
  };
  const fingerprint = requestFingerprint('POST', write.route, JSON.stringify(write.body));
  return commandSeed(`${claims.org}/${claims.sub}`, write.key, fingerprint);
}

function workflowIdsOf(write: Write, updateId: string): string[] {
  if (write.kind === 'openCase') return [orderWorkflowId(uuidFromName(updateId, 'orderId'))];
  const ids = write.orderId ? [orderWorkflowId(write.orderId)] : [];
  if (write.orderId && write.requirementId)
    ids.push(requirementWorkflowId(write.orderId, write.requirementId));
  return ids;
}

const short = (value: unknown, length = 160) => JSON.stringify(value)?.slice(0, length);

/** One line per event: its id, type and what says most about it (an update id, a failure, an activity). */
function eventLine(e: proto.api.history.v1.IHistoryEvent): string {
  const type = (EventType[e.eventType ?? 0] ?? String(e.eventType)).replace('EVENT_TYPE_', '');
  const a = e.workflowExecutionUpdateAcceptedEventAttributes;
  const detail =
    a?.protocolInstanceId ??
    e.workflowExecutionUpdateCompletedEventAttributes?.meta?.updateId ??
    e.workflowTaskScheduledEventAttributes?.attempt ??
    e.workflowTaskFailedEventAttributes?.failure?.message ??
    e.workflowTaskTimedOutEventAttributes?.timeoutType ??
    e.activityTaskScheduledEventAttributes?.activityType?.name ??
    e.activityTaskFailedEventAttributes?.failure?.message ??
    e.activityTaskTimedOutEventAttributes?.failure?.message ??
    e.timerStartedEventAttributes?.timerId ??
    '';
  return `${String(e.eventId)} ${type} ${short(detail, 400)}`;
}

async function describeFor(temporal: Client, workflowId: string, updateId: string): Promise<string> {
  const handle = temporal.workflow.getHandle(workflowId);
  let text: string;
  try {
    const { raw } = await handle.describe();
    const task = raw.pendingWorkflowTask;
    const activities = (raw.pendingActivities ?? []).map(
      (p) =>
        `${p.activityType?.name} ${ActivityState[p.state ?? 0]} attempt ${p.attempt}` +
        (p.lastFailure ? ` last failure ${short(p.lastFailure.message)}` : ''),
    );
    text =
      `  ${workflowId}: ${Status[raw.workflowExecutionInfo?.status ?? 0]}, ` +
      `history ${String(raw.workflowExecutionInfo?.historyLength)}, ` +
      `workflow task ${task ? `${TaskState[task.state ?? 0]} attempt ${task.attempt}` : 'none'}, ` +
      `activities [${activities.join('; ')}]`;
  } catch (error) {
    return `  ${workflowId}: describe failed: ${String(error)}`;
  }
  try {
    // A long poll at the ADMITTED stage answers at once: whether the engine knows the update, and its stage.
    const polled = await temporal.workflowService.pollWorkflowExecutionUpdate({
      namespace: 'default',
      updateRef: { workflowExecution: { workflowId }, updateId },
      identity: 'faults-diagnose',
      waitPolicy: {
        lifecycleStage:
          proto.api.enums.v1.UpdateWorkflowExecutionLifecycleStage
            .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED,
      },
    });
    text += `\n  update ${updateId}: stage ${polled.stage}${polled.outcome ? ` outcome ${short(polled.outcome)}` : ''}`;
  } catch (error) {
    text += `\n  update ${updateId}: ${String(error).slice(0, 200)}`;
  }
  try {
    const events = (await handle.fetchHistory()).events ?? [];
    const lines = (from: number, to?: number) =>
      events
        .slice(Math.max(0, from), to)
        .map((e) => `    ${eventLine(e)}`)
        .join('\n');
    // The first failed workflow task says why (Core reports a first attempt's failure; later ones time out).
    const failed = events.findIndex((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
    if (failed >= 0) text += `\n  up to the first failed workflow task:\n${lines(failed - 8, failed + 1)}`;
    text += `\n  last events:\n${lines(events.length - LAST_EVENTS)}`;
  } catch (error) {
    text += `\n  history failed: ${String(error)}`;
  }
  return text;
}

/** What the engine knows of every write still unacknowledged after `minAttempts` attempts or more. */
export async function diagnosePending(temporal: Client, load: LoadClient, minAttempts = 1): Promise<string> {
  const lines: string[] = [];
  for (const write of load.pending().filter((w) => w.attempts.length >= minAttempts)) {
    const party = load.parties.find((p) => p.name === write.party)!;
    const updateId = updateIdOf(write, party.token);
    const last = write.attempts.at(-1);
    lines.push(
      `${write.kind} ${write.key} by ${write.party} (${write.attempts.length} attempts, last ${last?.status} ${last?.problemType ?? ''}), update id ${updateId}`,
    );
    for (const id of workflowIdsOf(write, updateId)) lines.push(await describeFor(temporal, id, updateId));
  }
  return lines.join('\n');
}
