/** One request the load generator sends: its own URL, headers and body (each POST needs its own key). */
export interface LoadRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
}

/**
 * What the parent asks of the child: send `requests` in order at `rate` per second for `durationMs`; or, with
 * `concurrency`, keep that many requests in flight for `durationMs` (each sent as soon as one is answered,
 * going round `requests` again when they run out), whatever the rate it comes to (then `rate` is ignored).
 */
export interface LoadJob {
  rate: number;
  durationMs: number;
  requests: LoadRequest[];
  concurrency?: number;
  /** Report each request's due, sent and answered times (open model only). */
  timeline?: boolean;
}

/** One request as the generator saw it, in epoch ms (performance.timeOrigin + now): comparable across processes. */
export interface RequestTimeline {
  url: string;
  due: number;
  sent: number;
  answered: number;
  status: number;
}

/** What the child answers, on one line of stdout. */
export interface LoadReport {
  rate: number;
  sent: number;
  /** Answered with a 2xx. */
  ok: number;
  /** Answered otherwise, or failed to connect; by status (0 = no answer). */
  errors: number;
  statuses: Record<string, number>;
  /** Latency of each answered request in ms, from when it was due (not when it went out), sorted; with a
   * concurrency, from when it went out. */
  latenciesMs: number[];
  /** Requests answered per second, from the first one's due time to the last answer. */
  achievedRate: number;
  /** How late the scheduler sent requests, worst case, in ms: large means the generator itself lagged. */
  maxSendLagMs: number;
  /** With `timeline`, each request in the order sent. */
  timeline?: RequestTimeline[];
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}
