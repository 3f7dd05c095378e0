import { fork } from 'node:child_process';
import { serve } from '../../local-temporal';
import type { DueClock } from './due-clock';
import { watchJournalSyncs } from './timing';

// The write benchmark's stand-in server as a process of its own (BENCH_STAND_IN=process): forked by
// stack.ts, it serves on the real clock with its state in the given directory, says its address, and moves
// its clock when asked. Only its clock is reached by message; the app reaches it over gRPC, as a server.

type Ask = { advance: number } | { syncs: true };
type Told = { address: string } | { advanced: number } | { syncs: Interval[] };
type Interval = readonly [number, number];

const ENTRY = __filename;

export interface StandInProcess {
  address: string;
  pid: number;
  /** The stand-in's clock: the wall clock plus what it was moved by (both processes read one wall clock). */
  clock: DueClock;
  /** The journal's write + fdatasync spans since the last call (epoch ms). */
  syncs(): Promise<Interval[]>;
  close(): Promise<void>;
}

/** Forks the stand-in, its state in `stateDir`, and resolves once it listens. */
export function forkStandIn(stateDir: string): Promise<StandInProcess> {
  const child = fork(ENTRY, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_STAND_IN_STATE_DIR: stateDir },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let offset = 0;
  const advanced: Array<() => void> = [];
  const synced: Array<(syncs: Interval[]) => void> = [];
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the stand-in process exited with ${String(code)}`)));
    child.on('message', (told: Told) => {
      if ('syncs' in told) {
        synced.shift()?.(told.syncs);
        return;
      }
      if ('advanced' in told) {
        offset = told.advanced;
        advanced.shift()?.();
        return;
      }
      resolve({
        address: told.address,
        pid: child.pid!,
        clock: {
          now: () => Date.now() + offset,
          advance: (ms) =>
            new Promise<void>((done) => {
              advanced.push(done);
              child.send({ advance: ms } satisfies Ask);
            }),
        },
        syncs: () =>
          new Promise<Interval[]>((done) => {
            synced.push(done);
            child.send({ syncs: true } satisfies Ask);
          }),
        close: async () => {
          child.removeAllListeners('exit');
          const exited = new Promise((r) => child.once('exit', r));
          child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}

async function main() {
  const takeSyncs = await watchJournalSyncs();
  const local = await serve({ port: 0, clock: 'real', stateDir: process.env.BENCH_STAND_IN_STATE_DIR! });
  const tell = (told: Told) => process.send!(told);
  process.on('message', (ask: Ask) => {
    if ('syncs' in ask) return tell({ syncs: takeSyncs() });
    local.advance(ask.advance);
    tell({ advanced: local.now() - Date.now() });
  });
  const stop = () => void local.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
  tell({ address: local.address });
}

if (require.main === module)
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
