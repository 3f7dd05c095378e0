import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

// `npx tsx bench/write/perf-split.ts <perf.data> <writes>`: the CPU a `BENCH_WRITE_PERF` recording holds (the
// write benchmark's measured phase, the processes started with `NODE_OPTIONS='--perf-basic-prof-only-functions
// --interpreted-frames-native-stack'`), split by process, thread and what the stack says ran, in ms a write.
// A sample goes to the first part named from its leaf up: GC and V8's compilers wherever they run; on a
// JavaScript thread, the first frame of a module this script knows.

interface Sample {
  pid: number;
  tid: number;
  comm: string;
  frames: string[];
}

/** Where a JavaScript frame's code is, as a part of the write path, or null for code that serves any caller. */
const MODULE_PARTS: [RegExp, string][] = [
  [/\/local-temporal\//, 'stand-in: its own code'],
  [/@grpc\/grpc-js\/build\/src\/server/, 'stand-in: grpc-js server'],
  [/\/bench\//, 'the bench: load, timing'],
  [/\/node_modules\/(pg|pg-protocol|pg-pool|pg-types|postgres-[a-z]+)\//, 'pg client'],
  [/\/node_modules\/kysely\//, 'Kysely'],
  [/\/activities\/|\/db\//, 'activities (ours)'],
  [
    /\/api\/|\/app\/|\/node_modules\/(hono|@hono|zod|jose|pino[a-z-]*)\//,
    'API (ours, Hono, zod, jose, pino)',
  ],
  [/\/domain\/|\/workflows\//, 'domain, workflows (outside the sandbox)'],
  [/@temporalio\/(client|common|proto)\/|@grpc\/grpc-js\//, "API's Temporal client (grpc-js, protobuf)"],
  [/@temporalio\/(worker|core-bridge|activity)\//, "worker SDK's JavaScript (main thread)"],
  [/\/node_modules\/protobufjs\//, 'protobufjs (whoever calls it)'],
];

/** Node's own layers, for samples no module above names. */
const NODE_PARTS: [RegExp, string][] = [
  [/async_hooks|emitInit|PromiseHook|promiseInitHook/, 'promise hooks (AsyncLocalStorage)'],
  [/node:internal\/http2|Http2|nghttp2/, 'HTTP/2 (Node, both gRPC sides)'],
];

const V8_PARTS: [RegExp, string][] = [
  [/Heap|Scaveng|MarkCompact|Sweeper|Marking|Evacuat|GCTracer|MinorMC|ArrayBufferSweeper/, 'GC'],
  [/Compil|TurboFan|Maglev|OptimizingCompileDispatcher|compiler::/, 'V8 compiling'],
  [/inflate|deflate|zlib|Zlib/, "gzip (Node's zlib: inflating Core's requests)"],
];

function partOf(sample: Sample, workflowThreads: Set<number>, standInProcess: boolean): string {
  for (const frame of sample.frames) for (const [re, part] of V8_PARTS) if (re.test(frame)) return part;
  if (standInProcess && sample.tid === sample.pid) return 'stand-in (its own process)';
  if (/^(tokio-runtime|workflow-proces)/.test(sample.comm))
    return 'Core (Rust): state machines, its gRPC client, history decoding, compression';
  if (workflowThreads.has(sample.tid)) return 'workflow thread (the SDK sandbox)';
  if (sample.tid !== sample.pid) return `other thread: ${sample.comm}`;
  for (const frame of sample.frames) for (const [re, part] of MODULE_PARTS) if (re.test(frame)) return part;
  for (const frame of sample.frames) for (const [re, part] of NODE_PARTS) if (re.test(frame)) return part;
  const leaf = sample.frames[0] ?? '';
  if (leaf.includes('[kernel')) return 'main thread: kernel, no JavaScript frame above';
  return 'main thread: native, no JavaScript frame known';
}

/** The SDK's promise hook (`setPromiseHook` in vm-shared.js): its `init`, which formats the stack, and `settled`. */
const PROMISE_HOOK_FRAME = /\b(init|settled) \S*\/@temporalio\/worker\/lib\/workflow\/vm-shared\.js:/;

async function samplesOf(file: string): Promise<Sample[]> {
  const perf = spawn('perf', ['script', '-i', file, '-F', 'comm,pid,tid,ip,sym,dso'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const samples: Sample[] = [];
  let current: Sample | null = null;
  for await (const line of createInterface({ input: perf.stdout })) {
    if (line.trim() === '') continue;
    if (!/^\s/.test(line)) {
      const m = /^(.*?)\s+(\d+)\/(\d+)/.exec(line);
      if (!m) continue;
      current = { comm: m[1]!.trim(), pid: Number(m[2]), tid: Number(m[3]), frames: [] };
      samples.push(current);
    } else current?.frames.push(line.trim().replace(/^[0-9a-f]+ /, ''));
  }
  return samples;
}

async function main() {
  const [file, writesArg] = process.argv.slice(2);
  if (!file || !writesArg) throw new Error('usage: perf-split.ts <perf.data> <writes>');
  const writes = Number(writesArg);
  const samples = await samplesOf(file);
  // The SDK's workflow thread: the thread whose stacks run the workflow bundle in its context.
  const workflowThreads = new Set(
    samples
      .filter(
        (s) =>
          s.tid !== s.pid && s.frames.some((f) => /workflow-worker-thread|runInContext|vm-shared/.test(f)),
      )
      .map((s) => s.tid),
  );
  const pids = [...new Set(samples.map((s) => s.pid))];
  const byPid = new Map(pids.map((pid) => [pid, samples.filter((s) => s.pid === pid)]));
  // One sample is one period of the cpu-clock at -F 499.
  const msPerSample = 1000 / 499;
  const rows: string[] = [
    '| process | part | share of its process | ms a write |',
    '| --- | --- | ---: | ---: |',
  ];
  for (const [pid, own] of byPid) {
    const parts = new Map<string, number>();
    // The stand-in's own process serves no API: everything on its main thread is the stand-in's.
    const standInProcess =
      own.some((s) => s.frames.some((f) => f.includes('/local-temporal/'))) &&
      !own.some((s) => s.frames.some((f) => f.includes('/api/')));
    for (const s of own) {
      const part = partOf(s, workflowThreads, standInProcess);
      parts.set(part, (parts.get(part) ?? 0) + 1);
    }
    const ranked = [...parts].sort((a, b) => b[1] - a[1]);
    for (const [part, n] of ranked)
      rows.push(
        `| ${pid} | ${part} | ${((100 * n) / own.length).toFixed(1)}% | ${((n * msPerSample) / writes).toFixed(2)} |`,
      );
    // Inside the workflow thread's share: the SDK's stack-trace promise hook, a stack trace for every promise.
    const hook = own.filter(
      (s) => workflowThreads.has(s.tid) && s.frames.some((f) => PROMISE_HOOK_FRAME.test(f)),
    ).length;
    if (hook > 0)
      rows.push(
        `| ${pid} | of the workflow thread: the SDK's stack-trace promise hook | ${((100 * hook) / own.length).toFixed(1)}% | ${((hook * msPerSample) / writes).toFixed(2)} |`,
      );
    rows.push(`| ${pid} | all | 100% | ${((own.length * msPerSample) / writes).toFixed(2)} |`);
  }
  console.log(rows.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
