import type { Engine } from '../model/engine';

export interface CallContext {
  /** Aborted when the caller cancels the call or the server closes. */
  signal: AbortSignal;
}

export type Handler = (engine: Engine, request: never, context: CallContext) => unknown;

/** Long polls answer empty after this long, as the server does, so callers poll again. */
export const LONG_POLL_MS = 20_000;
