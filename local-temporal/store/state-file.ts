import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { truncateSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';

/**
 * The stand-in's state file: an append-only log, one line per durable batch. A line is `<crc32> <json>`,
 * the JSON an array of records; the first line is the header naming the format and its version. A batch
 * is written with one write and then fsync'd, so a line is either whole or a torn tail (a crash while
 * writing it, never acknowledged), which is dropped on open.
 */
export const FORMAT = 'cstr-local-temporal-state';
export const VERSION = 1;

export type StateRecord =
  | { t: 'run'; ns: string; runId: string; requestId: string }
  | { t: 'event'; runId: string; event: string }
  | { t: 'cut'; runId: string; length: number }
  | { t: 'attempt'; runId: string; scheduledEventId: number; attempt: number }
  | { t: 'clock'; offsetMs: number };

interface Header {
  format: string;
  version: number;
}

/** The state file cannot be used: start refuses, naming the file and what to do. */
export class StateUnreadable extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(
      [
        `The stand-in Temporal server's state in ${file} cannot be read: ${problem}.`,
        'Nothing was started, so nothing was lost. Either restore that file from a backup, or, to give up the',
        `workflows it holds, move the whole data directory (${path.dirname(path.dirname(file))}) aside and start afresh.`,
      ].join('\n'),
    );
  }
}

export function encodeLine(records: readonly (StateRecord | Header)[]): string {
  const json = JSON.stringify(records);
  return `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`;
}

function decodeLine(line: string): unknown[] | undefined {
  const space = line.indexOf(' ');
  if (space !== 8) return undefined;
  const json = line.slice(9);
  if (crc32(json).toString(16).padStart(8, '0') !== line.slice(0, 8)) return undefined;
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads every record of the file, in order, and how many lines (batches) held them. A torn last line is cut off the file; any other damage, a
 * missing header or another format version throws StateUnreadable. No file: undefined.
 */
export function readStateFile(file: string): { records: StateRecord[]; lines: number } | undefined {
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  const end = text.lastIndexOf('\n') + 1;
  if (end < text.length) truncateSync(file, Buffer.byteLength(text.slice(0, end)));
  const lines = text.slice(0, end).split('\n').slice(0, -1);
  const records: StateRecord[] = [];
  for (const [index, line] of lines.entries()) {
    const batch = decodeLine(line);
    if (!batch)
      throw new StateUnreadable(file, `line ${index + 1} is damaged (its checksum or JSON is wrong)`);
    if (index === 0) {
      const header = batch[0] as Partial<Header> | undefined;
      if (header?.format !== FORMAT) throw new StateUnreadable(file, 'it is not a stand-in state file');
      if (header.version !== VERSION) {
        throw new StateUnreadable(
          file,
          `it is in format version ${String(header.version)}, and this version of the app reads version ${VERSION}`,
        );
      }
      continue;
    }
    records.push(...(batch as StateRecord[]));
  }
  if (lines.length === 0) throw new StateUnreadable(file, 'it has no header line');
  return { records, lines: lines.length - 1 };
}

/** Writes a whole state file atomically: to a temporary file, fsync'd, renamed over, directory fsync'd. */
export function writeStateFile(file: string, batches: readonly StateRecord[][]): void {
  const temporary = `${file}.tmp`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, encodeLine([{ format: FORMAT, version: VERSION }]));
    for (const batch of batches) if (batch.length > 0) writeSync(fd, encodeLine(batch));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
  syncDirectory(path.dirname(file));
}

export function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
