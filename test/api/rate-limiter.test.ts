import { describe, expect, it } from 'vitest';
import { MAX_CLIENTS, createRateLimiter } from '../../api/rate-limiter';

describe('the rate limiter’s memory of clients', () => {
  it('stays within its cap however many distinct clients it refuses', () => {
    let clock = 0;
    const limiter = createRateLimiter({ perMinute: 1, now: () => clock });
    let largest = 0;
    for (let n = 0; n < 2.5 * MAX_CLIENTS; n += 1) {
      const client = `client-${n}`;
      if (limiter.take(client) !== null || limiter.take(client) === null)
        throw new Error(`${client}: 1 a minute`);
      largest = Math.max(largest, limiter.size);
      clock += 1; // every client within the same minute: none has its budget back
    }
    expect(MAX_CLIENTS).toBeGreaterThanOrEqual(10_000);
    expect(largest).toBe(MAX_CLIENTS);
  });

  it('forgets each client once its budget is whole again', () => {
    let clock = 0;
    const limiter = createRateLimiter({ perMinute: 2, now: () => clock });
    for (let n = 0; n < 8_000; n += 1) {
      limiter.take(`client-${n}`);
      limiter.take(`client-${n}`);
      limiter.take(`client-${n}`);
    }
    expect(limiter.size).toBe(8_000);
    clock += 30_000; // half the budget back: still remembered
    limiter.take('late-client');
    expect(limiter.size).toBe(8_001);
    clock += 30_000;
    limiter.take('latest-client');
    expect(limiter.size).toBe(2);
  });

  it('refuses a client it remembers until its budget refills, and says when', () => {
    let clock = 0;
    const limiter = createRateLimiter({ perMinute: 3, now: () => clock });
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([null, null, null]);
    expect(limiter.take('a')).toBe(20);
    expect(limiter.take('b')).toBeNull();
    clock += 20_000;
    expect(limiter.take('a')).toBeNull();
    expect(limiter.take('a')).toBe(20);
  });
});
