import { execFileSync } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Kysely } from 'kysely';
import { type StoredEvents, postgresEvents } from '../../activities/handover-codec';
import type { Database } from '../../db/schema';
import type { RequirementEvent } from '../../domain/requirement';
import type { HandedOver } from '../../workflows/handover';
import { HANDOVER_ENCODING } from '../../workflows/payload-converter';
import { runsOf } from './history';

// Orders run for years, so the histories that earlier workflow code wrote are kept as fixtures and replayed
// against today's code (replay.test.ts). A history is kept as the proto's plain object (longs and bytes as
// strings), which reads back exactly; @temporalio/common's historyToJSON cannot be used here, as its
// protobufjs is another copy.

const { History } = temporal.api.history.v1;

export const historiesFolder = path.resolve(__dirname, '../fixtures/histories');

/**
 * A run handed over by reference is replayed with the state its worker's codec folded from the stored events
 * (workflows/handover.ts): its file keeps the requirement's events the reference names.
 */
interface HandedOverEvents {
  requirementId: string;
  events: RequirementEvent[];
}

export interface RecordedHistory {
  workflowId: string;
  history: temporal.api.history.v1.IHistory;
  storedEvents?: HandedOverEvents;
}

/** The reference a run was started with, if it was handed over by reference. */
function referenceOf(history: temporal.api.history.v1.IHistory): HandedOver['handover'] | null {
  const input = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  if (!input || Buffer.from(input.metadata?.encoding ?? []).toString() !== HANDOVER_ENCODING) return null;
  return (JSON.parse(Buffer.from(input.data ?? []).toString()) as HandedOver).handover;
}

/** A run's history, with the stored events it was handed over with, if it was (as its fixture keeps them). */
export async function withStoredEvents(
  db: Kysely<Database>,
  run: { workflowId: string; history: temporal.api.history.v1.IHistory },
): Promise<RecordedHistory> {
  const reference = referenceOf(run.history);
  if (!reference) return run;
  const events = await postgresEvents(db)(reference.requirementId, reference.version);
  return { ...run, storedEvents: { requirementId: reference.requirementId, events } };
}

/** The stored events the recorded runs handed over by reference name, as their workers read them. */
export function recordedEvents(histories: RecordedHistory[]): StoredEvents {
  const byRequirement = new Map<string, RequirementEvent[]>();
  for (const { storedEvents } of histories) {
    if (!storedEvents) continue;
    const known = byRequirement.get(storedEvents.requirementId) ?? [];
    if (storedEvents.events.length > known.length)
      byRequirement.set(storedEvents.requirementId, storedEvents.events);
  }
  return (requirementId, version) =>
    Promise.resolve((byRequirement.get(requirementId) ?? []).slice(0, version));
}

/** Every recorded history below the fixtures folder, in the order of their files. */
export async function recordedHistories(): Promise<(RecordedHistory & { file: string })[]> {
  const files = (await readdir(historiesFolder, { recursive: true }))
    .filter((f) => f.endsWith('.json'))
    .sort();
  return Promise.all(
    files.map(async (file) => {
      const { workflowId, history, storedEvents } = JSON.parse(
        await readFile(path.join(historiesFolder, file), 'utf8'),
      ) as {
        workflowId: string;
        history: object;
        storedEvents?: HandedOverEvents;
      };
      return { file, workflowId, history: History.fromObject(history), storedEvents };
    }),
  );
}

/** Set by `RECORD_HISTORIES=1`: scenario tests then save the histories of every case they run. */
export const recording = process.env.RECORD_HISTORIES === '1';

/**
 * Where a recording goes: the fixtures, or (`RECORD_HISTORIES_INTO=<folder>`) a folder of its own, to measure
 * histories without touching the fixtures.
 */
const recordingFolder = process.env.RECORD_HISTORIES_INTO ?? historiesFolder;

/** One folder per recording, named by the last commit that changed the workflow code and its date. */
const generation = (() => {
  if (!recording) return '';
  const code = ['workflows', 'domain'];
  const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).trim();
  if (git('status', '--porcelain', '--', ...code))
    throw new Error('commit the workflow and domain code before recording the histories it writes');
  return git('log', '-1', '--date=short', '--format=%ad-%h', '--', ...code);
})();

const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 60)
    .replace(/^-|-$/g, '');

const savedCases = new Map<string, number>();

/**
 * Saves every run of each named workflow under `<generation>/<test file>/<test>/`; a test that runs several
 * cases gets a folder for each.
 */
export async function saveHistories(
  env: TestWorkflowEnvironment,
  db: Kysely<Database>,
  test: { file: string; name: string },
  workflows: { name: string; workflowId: string }[],
): Promise<void> {
  const scenario = path.join(path.basename(test.file, '.test.ts'), slug(test.name));
  const seen = (savedCases.get(scenario) ?? 0) + 1;
  savedCases.set(scenario, seen);
  const dir = path.join(recordingFolder, generation, scenario + (seen > 1 ? `-${seen}` : ''));
  await mkdir(dir, { recursive: true });
  for (const { name, workflowId } of workflows) {
    const runs = await runsOf(env, workflowId).catch((error: unknown) => {
      if (error instanceof WorkflowNotFoundError) return []; // a requirement not yet imposed has none
      throw error;
    });
    for (const [i, run] of runs.entries()) {
      const history = await env.client.workflow.getHandle(workflowId, run.runId).fetchHistory();
      const file = {
        ...(await withStoredEvents(db, { workflowId, history })),
        history: History.toObject(History.fromObject(history), { longs: String, bytes: String }),
      };
      await writeFile(
        path.join(dir, `${name}${runs.length > 1 ? `-run${i + 1}` : ''}.json`),
        JSON.stringify(file),
      );
    }
  }
}
