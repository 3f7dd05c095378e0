import type { Engine } from '../../app/engine';

/** The engine's clock, against which a booking must be ahead and an outcome must come after the start. */
export interface DueClock {
  now(): number;
  /** Moves the engine's clock forward: only the stand-in can; a real server keeps the wall clock. */
  advance?(ms: number): Promise<void> | void;
}

export function dueClockOf(engine: Engine): DueClock {
  const local = engine.local;
  if (!local) return { now: () => Date.now() };
  return { now: () => local.now(), advance: (ms) => local.advance(ms) };
}
