// Bytes of a recorded history per domain event, and by history event type: `npx tsx bench/worker/history-size.ts
// [--task-queue cstr] [--identity 12345@vm] [--runs] <fixture.json>...` (files as test/workflows/recorded-histories.ts
// writes them; `--runs` adds up the files as the runs of one workflow, by history event type too). Tests
// record on a queue of their own (`test-<uuid>`, 41 characters, in every workflow task and activity event);
// `--task-queue` measures the history as it would be on that queue (the app's: `cstr`). The worker's identity
// (`<pid>@<host>`, in every task's events) differs by a digit from one recording to the next, about 6 B a
// domain event: `--identity` measures every recording with the same one. Not one of the benchmarks.
import { readFile } from 'node:fs/promises';
import { temporal } from '@temporalio/proto';

const { History, HistoryEvent } = temporal.api.history.v1;

/** Domain events in a history: the records of every persist activity it scheduled. */
function domainEvents(history: temporal.api.history.v1.IHistory): number {
  return (history.events ?? []).reduce((sum, e) => {
    const data = e.activityTaskScheduledEventAttributes?.input?.payloads?.[0]?.data;
    if (!data) return sum;
    return sum + (JSON.parse(Buffer.from(data).toString('utf8')) as { records: unknown[] }).records.length;
  }, 0);
}

/** The history as if recorded on `queue`: every mention of the queue it was recorded on replaced. */
function onQueue(text: string, queue: string | undefined): string {
  if (!queue) return text;
  const { history } = JSON.parse(text) as { history: temporal.api.history.v1.IHistory };
  const recorded = history.events?.[0]?.workflowExecutionStartedEventAttributes?.taskQueue?.name;
  return recorded ? text.replaceAll(`"${recorded}"`, JSON.stringify(queue)) : text;
}

/** The history as if every task had been handled by a worker of this identity. */
function byIdentity(text: string, identity: string | undefined): string {
  return identity ? text.replaceAll(/"identity":"[^"]*"/g, `"identity":${JSON.stringify(identity)}`) : text;
}

function report(
  name: string,
  history: { events: number; bytes: number; domainEvents: number; byType: Map<string, number> },
): void {
  console.log(
    `${name}: ${history.events} history events, ${history.bytes} bytes, ${history.domainEvents} domain events, ` +
      `${Math.round(history.bytes / history.domainEvents)} bytes per domain event`,
  );
  for (const [type, size] of [...history.byType].sort((a, b) => b[1] - a[1]))
    console.log(`  ${type.replace('EVENT_TYPE_', '').padEnd(44)} ${size}`);
}

async function main(args: string[]): Promise<void> {
  const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const queue = option('--task-queue');
  const identity = option('--identity');
  const runs = args.includes('--runs');
  const files = args.filter(
    (arg, n) => !arg.startsWith('--') && !['--task-queue', '--identity'].includes(args[n - 1] ?? ''),
  );
  const all = { events: 0, bytes: 0, domainEvents: 0, byType: new Map<string, number>() };
  for (const file of files) {
    const { history: plain } = JSON.parse(
      byIdentity(onQueue(await readFile(file, 'utf8'), queue), identity),
    ) as {
      history: object;
    };
    const history = History.fromObject(plain);
    const bytes = History.encode(history).finish().byteLength;
    const events = domainEvents(history);
    const byType = new Map<string, number>();
    for (const e of history.events ?? []) {
      const type = temporal.api.enums.v1.EventType[e.eventType ?? 0] ?? 'unknown';
      byType.set(type, (byType.get(type) ?? 0) + HistoryEvent.encode(e).finish().byteLength);
    }
    const name = `${file}${queue ? ` (on queue ${queue})` : ''}`;
    report(name, { events: history.events?.length ?? 0, bytes, domainEvents: events, byType });
    all.events += history.events?.length ?? 0;
    all.bytes += bytes;
    all.domainEvents += events;
    for (const [type, size] of byType) all.byType.set(type, (all.byType.get(type) ?? 0) + size);
  }
  if (runs) report(`${files.length} runs${queue ? ` (on queue ${queue})` : ''}`, all);
}

void main(process.argv.slice(2));
