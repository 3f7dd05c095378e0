import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { temporal } from '@temporalio/proto';

// A recorded history is kept as the proto's plain object (longs and bytes as strings), which reads back
// exactly. (@temporalio/common's historyToJSON cannot be used here: its protobufjs is another copy.)

const { History } = temporal.api.history.v1;

export interface RecordedHistory {
  workflowId: string;
  history: temporal.api.history.v1.IHistory;
}

export function historyToObject(history: temporal.api.history.v1.IHistory): object {
  return History.toObject(History.fromObject(history), { longs: String, bytes: String });
}

/** Every recorded history in the folders below this one. */
export async function recordedHistories(): Promise<RecordedHistory[]> {
  const files = (await readdir(__dirname, { recursive: true })).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (file) => {
      const { workflowId, history } = JSON.parse(await readFile(path.join(__dirname, file), 'utf8')) as {
        workflowId: string;
        history: object;
      };
      return { workflowId, history: History.fromObject(history) };
    }),
  );
}
