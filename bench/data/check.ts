import { isDeepStrictEqual } from 'node:util';
import { OrderEventSchema } from '../../domain/order';
import { RequirementEventSchema, isRequirementTerminal } from '../../domain/requirement';
import { replayDecisions } from '../domain/replay';
import { parseArgs } from '../support/args';
import { DESIGN_YEAR, ordersAt } from './design';
import { designYear } from './design-year';
import { foldStreams, streamsOf } from './fold';

/** How many orders the check also replays through decide, to prove the steps reproduce the events. */
const REPLAYED = 20;

/**
 * Checks a design year: every event parses against its schema, every order folds to an ended order with
 * settled requirements, and the replayed decisions give the same events. Prints counts per event type.
 */
function check(scale: number): void {
  const started = performance.now();
  const counts = new Map<string, number>();
  const types = new Map<string, number>();
  let events = 0;
  let orders = 0;
  let requirements = 0;
  let refused = 0;
  const problems: string[] = [];
  for (const life of designYear({ scale })) {
    orders++;
    refused += life.messagesRefused;
    for (const e of life.events) {
      events++;
      const parsed =
        e.requirementId === null
          ? OrderEventSchema.safeParse(e.record.event)
          : RequirementEventSchema.safeParse(e.record.event);
      if (!parsed.success) problems.push(`order ${life.index}: ${e.record.event.type} does not parse`);
      counts.set(e.record.event.type, (counts.get(e.record.event.type) ?? 0) + 1);
    }
    const folded = foldStreams(streamsOf(life));
    if (folded.order.status !== 'ENDED') problems.push(`order ${life.index} is ${folded.order.status}`);
    for (const [id, state] of folded.requirements) {
      requirements++;
      if (state.status !== 'NOT_IMPOSED')
        types.set(state.imposition.type, (types.get(state.imposition.type) ?? 0) + 1);
      if (!isRequirementTerminal(state))
        problems.push(`order ${life.index}: requirement ${id} is ${state.status}`);
    }
    if (life.index < REPLAYED) {
      const replayed = replayDecisions(life).events;
      if (
        !isDeepStrictEqual(
          replayed,
          life.events.map((e) => e.record.event),
        )
      )
        problems.push(`order ${life.index}: replaying its steps gives other events`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const rows = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  console.log(`| event type | count |\n| --- | ---: |`);
  for (const [type, n] of rows) console.log(`| ${type} | ${n} |`);
  const mix = [...types.entries()]
    .map(([t, n]) => `${t} ${((100 * n) / requirements).toFixed(1)}%`)
    .join(', ');
  console.log(
    `\n${orders} orders (${ordersAt(scale)} expected), ${requirements} requirements (${(requirements / orders).toFixed(2)} per order: ${mix})`,
  );
  console.log(
    `${events} events (${Math.round(events / orders)} per order; full year ≈ ${(events / scale / 1e6).toFixed(2)} M, design ${(DESIGN_YEAR.expectedEvents / 1e6).toFixed(1)} M)`,
  );
  console.log(`${refused} messages refused between aggregates; checked in ${seconds.toFixed(1)} s`);
  if (problems.length > 0) {
    console.error(`${problems.length} problems:\n${problems.slice(0, 20).join('\n')}`);
    process.exitCode = 1;
  } else console.log('every event parses; every order ended with its requirements settled; replays match');
}

check(parseArgs(process.argv.slice(2)).scale);
