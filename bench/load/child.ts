import type { LoadJob, LoadReport, LoadRequest } from './job';

// The load generator, run as its own process (bench/load/run.ts spawns it) so that it shares no event loop
// with the server. An open model: request n is due at start + n/rate and goes out then whatever earlier
// answers did; its latency counts from when it was due, so a stalled server shows in p99 (no coordinated
// omission).

const SPIN_MS = 2;

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

async function send(request: LoadRequest, due: number): Promise<{ status: number; latencyMs: number }> {
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
    });
    await response.arrayBuffer();
    return { status: response.status, latencyMs: performance.now() - due };
  } catch {
    return { status: 0, latencyMs: performance.now() - due };
  }
}

async function run(job: LoadJob): Promise<LoadReport> {
  const count = Math.min(job.requests.length, Math.floor((job.durationMs / 1000) * job.rate));
  const start = performance.now() + 20;
  const answers: Promise<{ status: number; latencyMs: number }>[] = [];
  let maxSendLagMs = 0;
  for (let n = 0; n < count; n++) {
    const due = start + (n * 1000) / job.rate;
    await until(due);
    maxSendLagMs = Math.max(maxSendLagMs, performance.now() - due);
    answers.push(send(job.requests[n]!, due));
  }
  const results = await Promise.all(answers);
  const end = performance.now();
  const statuses: Record<string, number> = {};
  for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  const ok = results.filter((r) => r.status >= 200 && r.status < 300).length;
  return {
    rate: job.rate,
    sent: count,
    ok,
    errors: count - ok,
    statuses,
    latenciesMs: results.map((r) => r.latencyMs).sort((a, b) => a - b),
    achievedRate: count === 0 ? 0 : count / ((end - start) / 1000),
    maxSendLagMs,
  };
}

readJob()
  .then(run)
  .then((report) => process.stdout.write(`${JSON.stringify(report)}\n`))
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
