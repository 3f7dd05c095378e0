import { TimerQueue, type TimerHandle } from './timer-queue';

export type ClockMode = 'real' | 'skipping';

/**
 * The server's clock. Virtual time is real time plus a skipped offset. In 'skipping' mode (the TestService
 * semantics) time jumps to the next timer whenever skipping is unlocked and nothing is running; it starts
 * locked once, as the test server does. In 'real' mode it only follows real time, unless advanced by hand.
 */
export class Clock {
  private offset = 0;
  private locks: number;
  private readonly timers = new TimerQueue();
  private realTimer: NodeJS.Timeout | undefined;
  private pokeQueued = false;
  private closed = false;

  constructor(
    readonly mode: ClockMode,
    private readonly isIdle: () => boolean,
    private readonly realNow: () => number = Date.now,
  ) {
    this.locks = mode === 'skipping' ? 1 : 0;
  }

  now(): number {
    return this.realNow() + this.offset;
  }

  schedule(at: number, fire: () => void): TimerHandle {
    const handle = this.timers.add(at, fire);
    this.arm();
    return {
      cancel: () => {
        handle.cancel();
        this.arm();
      },
    };
  }

  after(ms: number, fire: () => void): TimerHandle {
    return this.schedule(this.now() + ms, fire);
  }

  lock(): void {
    this.locks++;
  }

  /** Concurrent result() calls may unlock more often than locked; the count balances out afterwards. */
  unlock(): void {
    this.locks--;
    this.poke();
  }

  get lockCount(): number {
    return this.locks;
  }

  /** UnlockTimeSkippingWithSleep: unlocked until `ms` of virtual time has passed, then locked again. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.locks--;
      this.after(ms, () => {
        this.locks++;
        resolve();
      });
      this.poke();
    });
  }

  /** Resolves once `ms` of virtual time has passed, without unlocking skipping. */
  passed(ms: number): Promise<void> {
    return new Promise((resolve) => this.after(ms, resolve));
  }

  /** Moves time forward by `ms` now, firing every timer due on the way in order. */
  advance(ms: number): void {
    const target = this.now() + ms;
    for (let at = this.timers.peek(); at !== undefined && at <= target; at = this.timers.peek()) {
      this.offset += Math.max(0, at - this.now());
      this.timers.takeDue(at)?.();
    }
    this.offset += Math.max(0, target - this.now());
    this.arm();
  }

  /** Tells the clock the system may have become idle; it checks once the current turn is done. */
  poke(): void {
    if (this.pokeQueued || this.closed) return;
    this.pokeQueued = true;
    setImmediate(() => {
      this.pokeQueued = false;
      this.skipIfIdle();
    });
  }

  close(): void {
    this.closed = true;
    if (this.realTimer) clearTimeout(this.realTimer);
  }

  private skipIfIdle(): void {
    if (this.mode !== 'skipping' || this.locks > 0 || !this.isIdle()) return;
    const at = this.timers.peek();
    if (at === undefined) return;
    this.offset += Math.max(0, at - this.now());
    this.fireDue();
  }

  private fireDue(): void {
    for (let fire = this.timers.takeDue(this.now()); fire; fire = this.timers.takeDue(this.now())) fire();
    this.arm();
    this.poke();
  }

  private arm(): void {
    if (this.realTimer) clearTimeout(this.realTimer);
    this.realTimer = undefined;
    const at = this.timers.peek();
    if (at === undefined || this.closed) return;
    this.realTimer = setTimeout(() => this.fireDue(), Math.min(Math.max(0, at - this.now()), 2 ** 31 - 1));
    this.realTimer.unref();
  }
}
