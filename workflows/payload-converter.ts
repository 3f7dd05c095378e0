// The workflows' payload converter (app/workflow-bundle.ts bundles it; the SDK loads it apart from our module).
import { type Payload, type PayloadConverter, defaultPayloadConverter } from '@temporalio/workflow';
import type { HandedOver } from './handover';

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
