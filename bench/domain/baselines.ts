import type { AggregateStreams } from '../data/fold';
import type { OrderLife } from '../data/records';

/**
 * The floor for folding: the same events through a plain reducer that makes one shallow copy of a small
 * record per event, as an immutable evolve must at least do. Returns a checksum so the work is not elided.
 */
export function plainFold(streams: AggregateStreams): number {
  let checksum = 0;
  const fold = (events: readonly { type: string }[]) => {
    let state: Record<string, unknown> = { count: 0 };
    for (const e of events) state = { ...state, [e.type]: e, count: (state.count as number) + 1 };
    checksum += state.count as number;
  };
  fold(streams.order);
  for (const events of streams.requirements.values()) fold(events);
  return checksum;
}

/** The floor for deciding: each command copied into an event with a time and an id, no rules applied. */
export function plainDecide(life: OrderLife): number {
  let ids = 0;
  const out: object[] = [];
  for (const step of life.steps)
    if (step.kind === 'order-command' || step.kind === 'requirement-command')
      out.push({ ...step.command, at: step.now, id: `${life.index}-${++ids}` });
  return out.length;
}
