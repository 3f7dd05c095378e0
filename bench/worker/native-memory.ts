import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { WORKER_MALLOC_ENV } from '../../app/worker';
import { SNAPSHOT_AT } from '../data/snapshot';
import { startBenchDatabase } from '../support/postgres';
import { nothingOpened, openOrders } from './open-orders';
import type { MemoryFigures } from './protocol';
import { IDLE_POLL_MS, MAX_CACHED_WORKFLOWS, SETTLE_MS } from './rss';
import { spreadSample } from './sample';
import { startBenchTemporal } from './temporal';
import { WorkerChild } from './worker-child';

// Where the worker's memory outside its JS heaps goes: the worker bench's open orders opened in stages on a
// worker in its own process (workflows in the workflow thread, as the bench runs them); at each stage its
// RSS split by mapping (/proc/<pid>/smaps) and glibc malloc's own account (malloc_info, called in the
// process by gdb, which must be installed: in use, free inside the arenas, mapped); last, its RSS once more
// after malloc_trim(0) (what glibc can hand back of what it holds free).
//   npx tsx bench/worker/native-memory.ts [--stages 100,400,1000] [--worker-env 'NAME=value …']
// The worker process runs with the image's malloc settings (WORKER_MALLOC_ENV) unless --worker-env is given:
// then with those variables alone over this process's environment ('' for glibc's defaults; e.g.
// 'MALLOC_ARENA_MAX=2' or 'LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2').

const run = promisify(execFile);
const { values } = parseArgs({
  options: { stages: { type: 'string', default: '100,400,1000' }, 'worker-env': { type: 'string' } },
});
const stages = values.stages.split(',').map(Number);
const workerEnv =
  values['worker-env'] === undefined
    ? WORKER_MALLOC_ENV
    : Object.fromEntries(
        values['worker-env']
          .split(' ')
          .filter(Boolean)
          .map((assignment) => assignment.split('=') as [string, string]),
      );
const log = (m: string) => console.error(m);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const MiB = 1024 ** 2;

interface Mapping {
  start: bigint;
  end: bigint;
  name: string;
  rss: number;
}

async function mappings(pid: number): Promise<Mapping[]> {
  const text = await readFile(`/proc/${pid}/smaps`, 'utf8');
  const out: Mapping[] = [];
  for (const line of text.split('\n')) {
    const header = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (header) {
      out.push({
        start: BigInt(`0x${header[1]}`),
        end: BigInt(`0x${header[2]}`),
        name: header[3]!,
        rss: 0,
      });
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) out.at(-1)!.rss = Number(rss[1]) * 1024;
  }
  return out;
}

const ARENA = 64n * BigInt(MiB);

/** RSS by kind of mapping: glibc's thread arenas are 64 MiB-aligned reservations of 64 MiB. */
function byKind(maps: Mapping[]): Record<string, number> {
  const kinds: Record<string, number> = {};
  const add = (kind: string, bytes: number) => (kinds[kind] = (kinds[kind] ?? 0) + bytes);
  for (const m of maps) {
    if (m.rss === 0) continue;
    if (m.name === '[heap]') add('brk heap (main arena)', m.rss);
    else if (m.name.startsWith('/')) add('files', m.rss);
    else if (m.name.startsWith('[')) add(m.name, m.rss);
    else if (m.start % ARENA === 0n && m.end - m.start <= ARENA) add('anon: thread arenas', m.rss);
    else add('anon: other (V8 pages, big mallocs, stacks)', m.rss);
  }
  return kinds;
}

async function gdb(pid: number, commands: string[]): Promise<void> {
  await run('gdb', ['-p', String(pid), '-batch', '-nx', ...commands.flatMap((c) => ['-ex', c])]);
}

/** glibc's malloc_info of the process, by gdb: totals in bytes. */
async function mallocInfo(pid: number): Promise<Record<string, number>> {
  const file = `/tmp/native-memory-${pid}.xml`;
  await rm(file, { force: true });
  await gdb(pid, [
    `set $f = (void*) fopen("${file}", "w")`,
    'call (int) malloc_info(0, $f)',
    'call (int) fclose($f)',
  ]);
  const xml = await readFile(file, 'utf8').catch(() => '');
  const tail = xml.slice(xml.lastIndexOf('</heap>'));
  const total = (type: string) =>
    Number(new RegExp(`<total type="${type}" count="\\d+" size="(\\d+)"`).exec(tail)?.[1] ?? NaN);
  const system = (type: string) =>
    Number(new RegExp(`<system type="${type}" size="(\\d+)"`).exec(tail)?.[1] ?? NaN);
  const arenas = (xml.match(/<heap nr=/g) ?? []).length;
  const mmap = total('mmap');
  const current = system('current');
  const free = total('fast') + total('rest');
  return { arenas, free, mmap, inUse: current - free + mmap };
}

/** The process's CPU time so far (user and system), in seconds. */
async function cpuSeconds(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function reading(child: WorkerChild, workflows: number) {
  const cpu = await cpuSeconds(child.pid);
  await sleep(SETTLE_MS);
  const memory: MemoryFigures = await child.memory();
  const maps = await mappings(child.pid);
  const malloc = await mallocInfo(child.pid);
  return { workflows, memory, kinds: byKind(maps), malloc, cpu };
}

async function main(): Promise<void> {
  const db = await startBenchDatabase('native');
  const temporal = await startBenchTemporal(SNAPSHOT_AT, log);
  const child = await WorkerChild.start(
    {
      address: temporal.address,
      namespace: temporal.namespace,
      taskQueue: 'bench-native',
      codePath: temporal.codePath,
      databaseUrl: db.url,
      maxCachedWorkflows: MAX_CACHED_WORKFLOWS,
    },
    workerEnv,
  );
  try {
    await sleep(IDLE_POLL_MS);
    const readings = [await reading(child, 0)];
    const opened = nothingOpened();
    const sample = spreadSample(stages[0]!, stages.at(-1)!);
    const order = [...sample.first, ...sample.rest];
    let from = 0;
    for (const upTo of stages) {
      await openOrders({
        client: temporal.client,
        taskQueue: 'bench-native',
        indices: order.slice(from, upTo),
        opened,
        afterBatch: () => Promise.resolve(),
        signal: new AbortController().signal,
      });
      from = upTo;
      readings.push(await reading(child, opened.workflows));
      log(`${opened.orders} orders, ${opened.workflows} workflows`);
    }
    const idle = readings[0]!;
    const rows: string[][] = [];
    const per = (now: number, then: number, workflows: number) =>
      workflows === 0 ? '–' : ((now - then) / workflows / 1024).toFixed(1);
    const figure = (r: (typeof readings)[number]): Record<string, number> => ({
      rss: r.memory.rss,
      'main heap used': r.memory.heapUsed,
      'main external': r.memory.external,
      'thread heap total': r.memory.threadHeapTotal,
      'thread heap used': r.memory.threadHeapUsed,
      'malloc in use': r.malloc.inUse!,
      'malloc free in arenas': r.malloc.free!,
      'malloc mmapped chunks': r.malloc.mmap!,
      ...r.kinds,
    });
    const names = [...new Set(readings.flatMap((r) => Object.keys(figure(r))))];
    rows.push(['measure', ...readings.map((r) => `${r.workflows} wf (MiB)`), 'KiB a workflow (last − idle)']);
    const last = readings.at(-1)!;
    for (const name of names) {
      rows.push([
        name,
        ...readings.map((r) => ((figure(r)[name] ?? 0) / MiB).toFixed(1)),
        per(figure(last)[name] ?? 0, figure(idle)[name] ?? 0, last.workflows),
      ]);
    }
    console.log(rows.map((r) => r.join(' | ')).join('\n'));
    console.log(`glibc arenas: ${last.malloc.arenas}`);
    console.log(
      `CPU while opening: ${readings.map((r) => r.cpu.toFixed(1)).join(' → ')} s, ${(((last.cpu - idle.cpu) / last.workflows) * 1000).toFixed(1)} ms a workflow`,
    );
    await gdb(child.pid, ['call (int) malloc_trim(0)']);
    await sleep(SETTLE_MS);
    const trimmed = await child.memory();
    console.log(
      `after malloc_trim(0): RSS ${(trimmed.rss / MiB).toFixed(1)} MiB, ${per(trimmed.rss, idle.memory.rss, last.workflows)} KiB a workflow over idle`,
    );
  } finally {
    await child.stop();
    await temporal.close();
    await db.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
