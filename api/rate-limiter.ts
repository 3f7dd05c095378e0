/** Clients one limiter remembers at most; past that, the one unseen longest is forgotten first. */
export const MAX_CLIENTS = 10_000;
/** From an empty budget to a whole one: a client unseen this long has its whole budget back. */
const REFILL_MS = 60_000;

export interface RateLimiter {
  /** Spends one request from the client's budget: null if there was one, else the seconds until there is. */
  take(client: string): number | null;
  /** How many clients it remembers. */
  readonly size: number;
}

/**
 * A token bucket per client: `perMinute` requests a minute, refilled continuously. A client whose budget is
 * whole again is forgotten (it would start whole anyway), and no more than `maxClients` are remembered.
 */
export function createRateLimiter({
  perMinute,
  maxClients = MAX_CLIENTS,
  now = Date.now,
}: {
  perMinute: number;
  maxClients?: number;
  now?: () => number;
}): RateLimiter {
  // Kept in the order clients were last seen, so that the forgettable ones are always at the front.
  const buckets = new Map<string, { tokens: number; at: number }>();
  const perMs = perMinute / REFILL_MS;

  const forgetRefilled = (t: number) => {
    for (const [client, bucket] of buckets) {
      if (t - bucket.at < REFILL_MS) return;
      buckets.delete(client);
    }
  };
  const forgetLongestUnseen = () => {
    const oldest = buckets.keys().next();
    if (!oldest.done) buckets.delete(oldest.value);
  };

  return {
    get size() {
      return buckets.size;
    },
    take(client) {
      const t = now();
      forgetRefilled(t);
      const bucket = buckets.get(client) ?? { tokens: perMinute, at: t };
      bucket.tokens = Math.min(perMinute, bucket.tokens + (t - bucket.at) * perMs);
      bucket.at = t;
      buckets.delete(client);
      if (buckets.size >= maxClients) forgetLongestUnseen();
      buckets.set(client, bucket);
      if (bucket.tokens < 1) return Math.ceil((1 - bucket.tokens) / perMs / 1_000);
      bucket.tokens -= 1;
      return null;
    },
  };
}
