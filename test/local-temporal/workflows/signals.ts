import { ApplicationFailure, condition, continueAsNew, setHandler, sleep } from '@temporalio/workflow';
import { count, finish, ping } from './messages';

/** Installs the handler only after 5 s: signals sent before then are buffered and delivered, in order. */
export async function lateHandler(expected: number): Promise<number[]> {
  await sleep('5 seconds');
  const got: number[] = [];
  setHandler(ping, (n) => void got.push(n));
  await condition(() => got.length >= expected);
  return got;
}

/** Completes as soon as one ping arrived, after a slow last workflow task; `count` answers the pings. */
export async function completesOnFirstPing(): Promise<number[]> {
  const got: number[] = [];
  setHandler(ping, (n) => void got.push(n));
  setHandler(count, () => got.length);
  await condition(() => got.length > 0);
  busyFor(20_000_000);
  return got;
}

function busyFor(iterations: number): number {
  let x = 0;
  for (let i = 0; i < iterations; i++) x = (x * 31 + i) % 1_000_003;
  return x;
}

/** How `counter` ends once `finish` arrives: completes, fails, or continues as new from its total. */
export type CounterEnd = 'complete' | 'fail' | 'continue';

/** Counts pings from `start`; `count` answers the running total; `finish` ends it as `end` says. */
export async function counter(end: CounterEnd = 'complete', start = 0): Promise<number> {
  let total = start;
  let finished = false;
  setHandler(ping, (n) => void (total += n));
  setHandler(count, () => total);
  setHandler(finish, () => void (finished = true));
  await condition(() => finished);
  if (end === 'fail') throw ApplicationFailure.nonRetryable(`failed at ${total}`, 'CounterFailed');
  if (end === 'continue') return continueAsNew<typeof counter>('complete', total);
  return total;
}

/** Records its start argument and every ping until `finish`, so a test can tell the two inputs apart. */
export async function pingLog(label: string): Promise<{ label: string; pings: number[] }> {
  const pings: number[] = [];
  let finished = false;
  setHandler(ping, (n) => void pings.push(n));
  setHandler(finish, () => void (finished = true));
  await condition(() => finished);
  return { label, pings };
}
