import { type HistoryEvent, temporal } from '../proto';

const encodedEvents = new WeakMap<HistoryEvent, Uint8Array>();

/** An event's protobuf bytes, encoded once (events never change once written). */
export function encodedEvent(event: HistoryEvent): Uint8Array {
  let bytes = encodedEvents.get(event);
  if (!bytes) {
    bytes = temporal.api.history.v1.HistoryEvent.encode(event).finish();
    encodedEvents.set(event, bytes);
  }
  return bytes;
}

function varint(value: number): number[] {
  const out: number[] = [];
  while (value > 0x7f) {
    out.push((value & 0x7f) | 0x80);
    value >>>= 7;
  }
  out.push(value);
  return out;
}

/** A length-delimited protobuf field: tag, length, then the bytes. */
function field(fieldNumber: number, bytes: Uint8Array[]): Buffer[] {
  const length = bytes.reduce((sum, b) => sum + b.length, 0);
  return [
    Buffer.from([...varint((fieldNumber << 3) | 2), ...varint(length)]),
    ...bytes.map((b) => Buffer.from(b.buffer, b.byteOffset, b.length)),
  ];
}

/**
 * Serialises a response whose `history` field holds a whole run's history. Each event is encoded once and
 * reused, since every workflow task carries the full history again (there are no sticky partial histories).
 */
export function withCachedHistory(
  encodeRest: (value: object) => Uint8Array,
  historyFieldNumber: number,
): (value: { history?: { events?: HistoryEvent[] | null } | null }) => Buffer {
  return (value) => {
    const { history, ...rest } = value;
    const head = Buffer.from(encodeRest(rest));
    if (!history?.events) return head;
    const events = history.events.flatMap((e) => field(1, [encodedEvent(e)]));
    return Buffer.concat([head, ...field(historyFieldNumber, events)]);
  };
}
