import { type Payload, type PayloadConverter, defaultPayloadConverter } from '@temporalio/workflow';
import type { DomainConfig } from '../domain/config';

/**
 * The patch after which a requirement's run hands over to the next one by reference: the next run's state is
 * the aggregate's stored events, folded by the worker before its workflow sees its input (see
 * `activities/handover-codec.ts`). Runs recorded before it hand over with their state, as they did.
 */
export const STATELESS_HANDOVER_PATCH = 'stateless-handover';

/**
 * The history events after which a requirement's run hands over, under STATELESS_HANDOVER_PATCH: a query on
 * an evicted workflow replays its run, and about 200 events replay within 150 ms (bench/README.md, "Query on
 * a cache miss").
 */
export const SHORT_RUN_EVENTS = 200;

/**
 * What a requirement's run hands to the next one: where its state is stored and how much of it, the ids it
 * must still recognise, and the settings it was given.
 */
export interface HandoverReference {
  requirementId: string;
  /** How many of the requirement's stored events make its state. */
  version: number;
  /** The command and message ids seen in the last 7 days, and when (epoch ms), index for index. */
  recentIds: string[];
  recentSeenAt: number[];
  config?: Partial<DomainConfig>;
  historyLimit?: number;
}

/** A requirement workflow's input that names its state instead of holding it. */
export interface HandedOver {
  handover: HandoverReference;
}

/** The payload encoding of a HandedOver input: only a worker's hand-over codec turns it into the input. */
export const HANDOVER_ENCODING = 'json/cstr-handover';

const encodingBytes = Uint8Array.from(HANDOVER_ENCODING, (c) => c.charCodeAt(0));

export function isHandedOver(value: unknown): value is HandedOver {
  return typeof value === 'object' && value !== null && 'handover' in value;
}

/** Whether a payload is a hand-over reference (compared byte by byte: every payload passes here). */
export function isHandoverPayload(payload: Payload): boolean {
  const encoding = payload.metadata?.encoding;
  return (
    encoding !== undefined &&
    encoding !== null &&
    encoding.length === encodingBytes.length &&
    encoding.every((byte, n) => byte === encodingBytes[n])
  );
}

/**
 * The workflows' payload converter: the SDK's, except that a HandedOver input is written under its own
 * encoding, which the workflow refuses to read: the worker's codec must have replaced it with the state.
 */
export const payloadConverter: PayloadConverter = {
  toPayload(value) {
    const payload = defaultPayloadConverter.toPayload(value);
    if (!isHandedOver(value)) return payload;
    return { ...payload, metadata: { ...payload.metadata, encoding: encodingBytes } };
  },
  fromPayload(payload) {
    if (isHandoverPayload(payload))
      throw new TypeError('a hand-over reference reached the workflow: the worker has no hand-over codec');
    return defaultPayloadConverter.fromPayload(payload);
  },
};
