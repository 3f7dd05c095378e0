// Workflows that run the real workflow machinery (workflows/aggregate.ts, lifecycle.ts) on rules made to fail
// in one way, for failure modes the domain's own rules cannot be made to show.
import { DEFAULT_CONFIG } from '../../../domain/config';
import { AggregateRunner } from '../../../workflows/aggregate';
import { HandoverPoint, runUntilEnded } from '../../../workflows/lifecycle';
import type { Answer } from '../../../workflows/messages';

export interface StaleDeadlineInput {
  /** When the rules say their deadline falls. */
  deadline: string;
  /** When the rules' tick first produces the deadline's event: later than the deadline itself. */
  producesFrom: string;
}

interface Fired {
  fired: boolean;
}

/** A deadline whose first wake produces nothing; ends once its event is produced. */
export async function staleDeadlineWorkflow(input: StaleDeadlineInput): Promise<Answer<Fired>> {
  const runner = new AggregateRunner<Fired, never, { type: 'Fired' }, Fired>(
    {
      decide: () => ({ ok: true, events: [] }),
      evolve: () => ({ fired: true }),
      tick: (state, ctx) => (!state.fired && ctx.now >= input.producesFrom ? [{ type: 'Fired' }] : []),
      nextTimer: (state) => (state.fired ? null : input.deadline),
      deadlines: () => [],
      view: (state) => state,
      isTerminal: (state) => state.fired,
    },
    DEFAULT_CONFIG,
    { name: 'probe' },
    { state: { fired: false }, version: 0, recentIds: [] },
    () => Promise.resolve(),
    () => Promise.resolve(),
  );
  return runUntilEnded(runner, new HandoverPoint(10_000, null), () =>
    Promise.reject(new Error('no continue-as-new here')),
  );
}
