import { EventType, long, temporal } from '../proto';
import type { Run } from './run';

const update = temporal.api.update.v1;

/** Applies an update protocol message from a completion: acceptance, rejection (no event) or response. */
export function applyMessage(run: Run, message: temporal.api.protocol.v1.IMessage): void {
  const id = message.protocolInstanceId ?? '';
  const entry = run.updates.get(id);
  const body = message.body;
  if (!entry || !body?.value) return;
  const typeName = (body.type_url ?? '').split('/').pop();
  if (typeName === 'temporal.api.update.v1.Acceptance') {
    const eventId = run.history.append(
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
      'workflowExecutionUpdateAcceptedEventAttributes',
      {
        protocolInstanceId: id,
        acceptedRequestMessageId: `${id}/request`,
        acceptedRequestSequencingEventId: long(deliveredAt(run)),
        acceptedRequest: entry.request,
      },
    );
    run.updates.accept(id, eventId);
  } else if (typeName === 'temporal.api.update.v1.Rejection') {
    run.updates.reject(id, update.Rejection.decode(body.value).failure);
  } else if (typeName === 'temporal.api.update.v1.Response') {
    const response = update.Response.decode(body.value);
    run.history.append(
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED,
      'workflowExecutionUpdateCompletedEventAttributes',
      {
        meta: response.meta,
        acceptedEventId: long(entry.acceptedEventId),
        outcome: response.outcome,
      },
    );
    run.updates.complete(id, response.outcome ?? {});
  }
}

/** Update requests are sequenced after the workflow task's scheduled event. */
export function deliveredAt(run: Run): number {
  return run.taskStartedEventId - 1;
}

export function requestMessage(
  run: Run,
  id: string,
  request: temporal.api.update.v1.IRequest,
): temporal.api.protocol.v1.IMessage {
  return {
    id: `${id}/request`,
    protocolInstanceId: id,
    eventId: long(deliveredAt(run)),
    body: {
      type_url: 'type.googleapis.com/temporal.api.update.v1.Request',
      value: update.Request.encode(request).finish(),
    },
  };
}

export function isRejection(message: temporal.api.protocol.v1.IMessage): boolean {
  return (message.body?.type_url ?? '').endsWith('temporal.api.update.v1.Rejection');
}
