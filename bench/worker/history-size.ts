// Bytes of a recorded history per domain event, and by history event type: `npx tsx bench/worker/history-size.ts
// <fixture.json>...` (files as test/workflows/recorded-histories.ts writes them). Not one of the benchmarks.
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

async function main(files: string[]): Promise<void> {
  for (const file of files) {
    const { history: plain } = JSON.parse(await readFile(file, 'utf8')) as { history: object };
    const history = History.fromObject(plain);
    const bytes = History.encode(history).finish().byteLength;
    const events = domainEvents(history);
    const byType = new Map<string, number>();
    for (const e of history.events ?? []) {
      const type = temporal.api.enums.v1.EventType[e.eventType ?? 0] ?? 'unknown';
      byType.set(type, (byType.get(type) ?? 0) + HistoryEvent.encode(e).finish().byteLength);
    }
    console.log(
      `${file}: ${history.events?.length ?? 0} history events, ${bytes} bytes, ${events} domain events, ` +
        `${Math.round(bytes / events)} bytes per domain event`,
    );
    for (const [type, size] of [...byType].sort((a, b) => b[1] - a[1]))
      console.log(`  ${type.replace('EVENT_TYPE_', '').padEnd(44)} ${size}`);
  }
}

void main(process.argv.slice(2));
