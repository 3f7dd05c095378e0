import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withCachedHistory } from '../../../local-temporal/grpc/history-encoding';
import { type HistoryEvent, long, temporal } from '../../../local-temporal/proto';

const Poll = temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
const { history } = (Poll as unknown as { fields: Record<string, { id: number }> }).fields;
const serialize = withCachedHistory((rest) => Poll.encode(rest).finish(), history!.id);

let made = 0;
/** A new event object each time (as the history appends), of varied size. */
function event(id: number, size: number): HistoryEvent {
  made++;
  return {
    eventId: long(id),
    eventType: temporal.api.enums.v1.EventType.EVENT_TYPE_MARKER_RECORDED,
    taskId: long(made),
    markerRecordedEventAttributes: { markerName: 'm'.repeat(size) },
  };
}

describe('a poll response serialised with its history framed once', () => {
  it('is the protobuf encoding of the response, as its history grows and is cut back', () => {
    // Each step cuts the history back (a speculative task that left no trace) and appends, then polls.
    const step = fc.record({
      cut: fc.nat({ max: 4 }),
      add: fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 6 }),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), (steps) => {
        const events: HistoryEvent[] = [];
        for (const s of steps) {
          events.length = Math.max(0, events.length - s.cut);
          for (const size of s.add) events.push(event(events.length + 1, size));
          const response = { attempt: 1, history: { events } };
          expect(serialize(response).equals(Buffer.from(Poll.encode(response).finish()))).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
