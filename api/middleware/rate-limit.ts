import { createMiddleware } from 'hono/factory';
import type { ApiEnv } from '../env';
import { problems } from '../problem';

/** A token bucket per client: `perMinute` requests a minute, refilled continuously. */
export function rateLimit(perMinute: number, now: () => number = Date.now) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const perMs = perMinute / 60_000;
  return createMiddleware<ApiEnv>(async function rateLimit(c, next) {
    const client = c.get('principal').clientId;
    const t = now();
    const bucket = buckets.get(client) ?? { tokens: perMinute, at: t };
    bucket.tokens = Math.min(perMinute, bucket.tokens + (t - bucket.at) * perMs);
    bucket.at = t;
    if (bucket.tokens < 1) {
      buckets.set(client, bucket);
      throw problems.rateLimited(Math.ceil((1 - bucket.tokens) / perMs / 1_000));
    }
    bucket.tokens -= 1;
    buckets.set(client, bucket);
    await next();
  });
}
