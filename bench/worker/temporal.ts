import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflows } from '../../app/workflow-bundle';
import type { Instant } from '../../domain/calendar';
import { type LocalTemporal, serve } from '../../local-temporal';

/** A grown history is several MiB: more than grpc-js's default 4 MiB per message. */
const MAX_MESSAGE_BYTES = 128 * 1024 * 1024;

export interface BenchTemporal {
  address: string;
  namespace: string;
  client: Client;
  /** The in-process stand-in, or null when TEMPORAL_ADDRESS names a server. */
  local: LocalTemporal | null;
  /** A temporary directory for the workflow bundle and fetched histories, deleted on close. */
  dir: string;
  codePath: string;
  notes: string[];
  close(): Promise<void>;
}

/**
 * The stand-in Temporal served in this process on the real clock, moved on to `at` so that workflow time is
 * that instant; or, with TEMPORAL_ADDRESS set, that server (whose clock cannot be moved). Also bundles the
 * workflows once, to a file the worker processes load.
 */
export async function startBenchTemporal(at: Instant, log: (m: string) => void): Promise<BenchTemporal> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cstr-bench-worker-'));
  const external = process.env.TEMPORAL_ADDRESS;
  const local = external ? null : await serve({ port: 0, clock: 'real' });
  const notes: string[] = [];
  try {
    const address = external ?? local!.address;
    const namespace = (external && process.env.TEMPORAL_NAMESPACE) || 'default';
    if (local) {
      const ahead = Date.parse(at) - local.now();
      if (ahead > 0) local.advance(ahead);
      notes.push(
        ahead > 0
          ? `stand-in Temporal in the bench process, its clock moved on to ${at}: workflow time is the snapshot's`
          : `stand-in Temporal in the bench process; its clock is already past ${at} and cannot go back: timers due by now fire (the real activities handle them)`,
      );
    } else {
      notes.push(
        `Temporal at ${address} (namespace ${namespace}): its clock is real time and cannot be moved to ${at}, so workflow time is now; the cut states' timers all fall after ${at}, so none is due before that date (after it, due timers fire and the real activities handle them)`,
      );
    }
    log('worker: bundling the workflows');
    const code = await bundleWorkflows({ report: (level, m) => level === 'error' && log(m) });
    const codePath = path.join(dir, 'workflows.js');
    await writeFile(codePath, code);
    const connection = await Connection.connect({
      address,
      channelArgs: { 'grpc.max_receive_message_length': MAX_MESSAGE_BYTES },
    });
    return {
      address,
      namespace,
      client: new Client({ connection, namespace }),
      local,
      dir,
      codePath,
      notes,
      close: async () => {
        await connection.close();
        await local?.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await local?.close();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
