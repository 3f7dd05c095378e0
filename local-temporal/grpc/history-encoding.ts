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

/** A length-delimited protobuf field's tag and length. */
const fieldHead = (fieldNumber: number, length: number) =>
  Buffer.from([...varint((fieldNumber << 3) | 2), ...varint(length)]);

/** A history's events framed as a History message's body, extended as the history grows. */
interface Framed {
  bytes: Buffer;
  length: number;
  /** How many of the history's events are framed, and the last of them (a truncated history is framed again). */
  count: number;
  last: HistoryEvent | undefined;
}

const framedHistories = new WeakMap<readonly HistoryEvent[], Framed>();

function appendBytes(framed: Framed, bytes: Uint8Array): void {
  if (framed.length + bytes.length > framed.bytes.length) {
    const grown = Buffer.allocUnsafe(Math.max(2 * framed.bytes.length, framed.length + bytes.length, 4096));
    framed.bytes.copy(grown, 0, 0, framed.length);
    framed.bytes = grown;
  }
  framed.bytes.set(bytes, framed.length);
  framed.length += bytes.length;
}

/**
 * `events` as a History message's body (field 1 for each event), kept per history array: a run's history only
 * grows (or is cut back, when a speculative task leaves no trace), and every workflow task carries it whole, so
 * each poll frames only the events added since the last.
 */
function framedEvents(events: readonly HistoryEvent[]): Buffer {
  let framed = framedHistories.get(events);
  const cut =
    framed !== undefined &&
    (framed.count > events.length || (framed.count > 0 && events[framed.count - 1] !== framed.last));
  if (!framed || cut) {
    framed = { bytes: Buffer.alloc(0), length: 0, count: 0, last: undefined };
    framedHistories.set(events, framed);
  }
  for (; framed.count < events.length; framed.count++) {
    const bytes = encodedEvent(events[framed.count]!);
    appendBytes(framed, fieldHead(1, bytes.length));
    appendBytes(framed, bytes);
  }
  framed.last = events[events.length - 1];
  return framed.bytes.subarray(0, framed.length);
}

/**
 * Serialises a response whose `history` field holds a whole run's history. Each event is encoded once and
 * framed once, since every workflow task carries the full history again (there are no sticky partial histories).
 */
export function withCachedHistory(
  encodeRest: (value: object) => Uint8Array,
  historyFieldNumber: number,
): (value: { history?: { events?: HistoryEvent[] | null } | null }) => Buffer {
  return (value) => {
    const { history, ...rest } = value;
    const head = Buffer.from(encodeRest(rest));
    if (!history?.events) return head;
    const events = framedEvents(history.events);
    return Buffer.concat([head, fieldHead(historyFieldNumber, events.length), events]);
  };
}
