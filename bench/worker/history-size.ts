// Bytes of a recorded history per domain event, and by history event type: `npx tsx bench/worker/history-size.ts
// [--task-queue cstr] <fixture.json>...` (files as test/workflows/recorded-histories.ts writes them). Tests
// record on a queue of their own (`test-<uuid>`, 41 characters, in every workflow task and activity event);
// `--task-queue` measures the history as it would be on that queue (the app's: `cstr`). Not one of the benchmarks.
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

async function main(args: string[]): Promise<void> {
  const at = args.indexOf('--task-queue');
  const queue = at >= 0 ? args[at + 1] : undefined;
  const files = at >= 0 ? args.filter((_, n) => n !== at && n !== at + 1) : args;
  for (const file of files) {
    const { history: plain } = JSON.parse(onQueue(await readFile(file, 'utf8'), queue)) as {
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
    console.log(
      `${file}${queue ? ` (on queue ${queue})` : ''}: ${history.events?.length ?? 0} history events, ${bytes} bytes, ${events} domain events, ` +
        `${Math.round(bytes / events)} bytes per domain event`,
    );
    for (const [type, size] of [...byType].sort((a, b) => b[1] - a[1]))
      console.log(`  ${type.replace('EVENT_TYPE_', '').padEnd(44)} ${size}`);
  }
}

void main(process.argv.slice(2));
