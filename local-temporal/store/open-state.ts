import { mkdirSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { Engine } from '../model/engine';
import { type HistoryEvent, num, temporal } from '../proto';
import { restoreRuns, resume, type StoredRun } from './recover';
import {
  readStateFile,
  type StateRecord,
  StateUnreadable,
  syncDirectory,
  writeStateFile,
} from './state-file';
import { StateLog } from './state-log';

export const STATE_FILE = 'state.jsonl';

/** The state file kept in a directory. */
export function stateFileIn(dir: string): string {
  return path.join(dir, STATE_FILE);
}

interface Folded {
  runs: Map<string, StoredRun & { encoded: string[]; attempts: Map<number, number> }>;
  offsetMs: number;
}

function fold(file: string, records: StateRecord[]): Folded {
  const folded: Folded = { runs: new Map(), offsetMs: 0 };
  const runOf = (runId: string, index: number) => {
    const run = folded.runs.get(runId);
    if (!run)
      throw new StateUnreadable(file, `record ${index + 1} names run ${runId}, which it never created`);
    return run;
  };
  for (const [index, r] of records.entries()) {
    if (r.t === 'run') {
      folded.runs.set(r.runId, {
        namespace: r.ns,
        runId: r.runId,
        requestId: r.requestId,
        events: [],
        encoded: [],
        attempts: new Map(),
      });
    } else if (r.t === 'event') {
      const run = runOf(r.runId, index);
      run.encoded.push(r.event);
    } else if (r.t === 'cut') {
      runOf(r.runId, index).encoded.length = r.length;
    } else if (r.t === 'attempt') {
      runOf(r.runId, index).attempts.set(r.scheduledEventId, r.attempt);
    } else if (r.t === 'clock') {
      folded.offsetMs = r.offsetMs;
    } else {
      throw new StateUnreadable(file, `record ${index + 1} is of an unknown kind`);
    }
  }
  for (const run of folded.runs.values()) {
    try {
      run.events = run.encoded.map((e): HistoryEvent =>
        temporal.api.history.v1.HistoryEvent.decode(Buffer.from(e, 'base64')),
      );
    } catch {
      throw new StateUnreadable(file, `an event of run ${run.runId} cannot be decoded`);
    }
    for (const event of run.events) {
      const closed = closedActivity(event);
      if (closed !== undefined) run.attempts.delete(closed);
    }
  }
  return folded;
}

/** The scheduled event id of the activity an event closes. */
function closedActivity(event: HistoryEvent): number | undefined {
  const closing =
    event.activityTaskCompletedEventAttributes ??
    event.activityTaskFailedEventAttributes ??
    event.activityTaskTimedOutEventAttributes ??
    event.activityTaskCanceledEventAttributes;
  return closing ? num(closing.scheduledEventId) : undefined;
}

/** The compact form: one line per run (its creation, events and pending activities' attempts), then the clock. */
function compacted(folded: Folded): StateRecord[][] {
  return [
    ...[...folded.runs.values()].map((run): StateRecord[] => [
      { t: 'run', ns: run.namespace, runId: run.runId, requestId: run.requestId },
      ...run.encoded.map((event): StateRecord => ({ t: 'event', runId: run.runId, event })),
      ...[...run.attempts].map(([scheduledEventId, attempt]): StateRecord => ({
        t: 'attempt',
        runId: run.runId,
        scheduledEventId,
        attempt,
      })),
    ]),
    [{ t: 'clock', offsetMs: folded.offsetMs }],
  ];
}

/**
 * Loads the state kept in `dir` into the engine (none yet: an empty state file is created), compacting the
 * file first when it has grown by more than one line per run, then attaches the journal so that every
 * change from now on is recorded. Throws StateUnreadable, naming the file, when it cannot be used.
 */
export async function openState(engine: Engine, dir: string): Promise<StateLog> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = stateFileIn(dir);
  const stored = readStateFile(file);
  const folded = fold(file, stored?.records ?? []);
  const batches = compacted(folded);
  if (!stored || stored.lines > batches.length) writeStateFile(file, batches);
  engine.clock.restoreOffset(folded.offsetMs);
  let restored;
  try {
    restored = restoreRuns(engine, [...folded.runs.values()]);
  } catch (error) {
    throw new StateUnreadable(file, error instanceof Error ? error.message : String(error));
  }
  const journal = new StateLog(await open(file, 'a'), file);
  syncDirectory(dir);
  engine.journal = journal;
  resume(engine, restored);
  await journal.durable();
  return journal;
}
