import http from 'node:http';
import type { LoadJob, LoadReport, LoadRequest, RequestTimeline } from './job';

// The load generator, run as its own process (bench/load/run.ts spawns it) so that it shares no event loop
// with the server. An open model: request n is due at start + n/rate and goes out then whatever earlier
// answers did; its latency counts from when it was due, so a stalled server shows in p99 (no coordinated
// omission).

const SPIN_MS = 2;

// node:http on kept-alive connections: a request costs the generator a fraction of what `fetch` does, so
// that on a machine of few cores the generator takes less of the CPU the servers measured need.
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

async function readJob(): Promise<LoadJob> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as LoadJob;
}

/** Resolves at `at` (performance.now() time): a timer to just before, then a short spin for precision. */
function until(at: number): Promise<void> {
  return new Promise((resolve) => {
    const wait = () => {
      const left = at - performance.now();
      if (left > SPIN_MS) setTimeout(wait, left - SPIN_MS);
      else if (left > 0) setImmediate(wait);
      else resolve();
    };
    wait();
  });
}

interface Sent {
  status: number;
  latencyMs: number;
  sent: number;
}

/** Sends the request and reads the whole answer: its status (0 for none) and latency from `due`. */
function send(request: LoadRequest, due: number): Promise<Sent> {
  const sent = performance.now();
  return new Promise((resolve) => {
    const answered = (status: number) => resolve({ status, latencyMs: performance.now() - due, sent });
    const req = http.request(
      request.url,
      { method: request.method, headers: request.headers, agent },
      (res) => {
        res.on('data', () => undefined);
        res.on('end', () => answered(res.statusCode ?? 0));
        res.on('error', () => answered(0));
      },
    );
    req.on('error', () => answered(0));
    req.end(request.body);
  });
}

function report(job: LoadJob, results: Sent[], elapsedMs: number, maxSendLagMs: number): LoadReport {
  const statuses: Record<string, number> = {};
  for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  const ok = results.filter((r) => r.status >= 200 && r.status < 300).length;
  return {
    rate: job.rate,
    sent: results.length,
    ok,
    errors: results.length - ok,
    statuses,
    latenciesMs: results.map((r) => r.latencyMs).sort((a, b) => a - b),
    achievedRate: results.length === 0 ? 0 : results.length / (elapsedMs / 1000),
    maxSendLagMs,
  };
}

/** A closed loop: `concurrency` clients, each sending its next request as soon as its last is answered. */
async function runClosed(job: LoadJob, concurrency: number): Promise<LoadReport> {
  const start = performance.now();
  const end = start + job.durationMs;
  const results: Sent[] = [];
  let next = 0;
  const client = async () => {
    while (performance.now() < end) {
      const request = job.requests[next++ % job.requests.length]!;
      results.push(await send(request, performance.now()));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  const r = report(job, results, performance.now() - start, 0);
  return { ...r, rate: r.achievedRate };
}

async function run(job: LoadJob): Promise<LoadReport> {
  if (job.concurrency) return runClosed(job, job.concurrency);
  const count = Math.min(job.requests.length, Math.floor((job.durationMs / 1000) * job.rate));
  const start = performance.now() + 20;
  const answers: Promise<Sent>[] = [];
  const dues: number[] = [];
  let maxSendLagMs = 0;
  for (let n = 0; n < count; n++) {
    const due = start + (n * 1000) / job.rate;
    await until(due);
    maxSendLagMs = Math.max(maxSendLagMs, performance.now() - due);
    dues.push(due);
    answers.push(send(job.requests[n]!, due));
  }
  const results = await Promise.all(answers);
  const r = report(job, results, performance.now() - start, maxSendLagMs);
  if (!job.timeline) return r;
  const epoch = (t: number) => performance.timeOrigin + t;
  const timeline: RequestTimeline[] = results.map((x, n) => ({
    url: job.requests[n]!.url,
    due: epoch(dues[n]!),
    sent: epoch(x.sent),
    answered: epoch(dues[n]! + x.latencyMs),
    status: x.status,
  }));
  return { ...r, timeline };
}

readJob()
  .then(run)
  .then((report) => process.stdout.write(`${JSON.stringify(report)}\n`))
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
