import { TimerQueue, type TimerHandle } from './timer-queue';

export type ClockMode = 'real' | 'skipping';

/** What is running now and so may hold time still. */
export interface InFlight {
  workflowTasks: number;
  activityAttempts: number;
}

/**
 * The server's clock. Virtual time is real time plus a skipped offset. In 'skipping' mode (the TestService
 * semantics) time jumps to the next timer whenever skipping is unlocked and nothing holds it; it starts
 * locked once, as the test server does. In 'real' mode it only follows real time, unless advanced by hand.
 *
 * As in Temporal's test server, each activity attempt in flight holds one lock, which a concurrent
 * UnlockTimeSkippingWithSleep releases (so `env.sleep` inside an activity skips). A workflow task always
 * holds time still. Concurrent result() calls may unlock below zero; that releases no activity's lock.
 */
export class Clock {
  private offset = 0;
  private locks: number;
  private sleepers = 0;
  private readonly timers = new TimerQueue();
  private realTimer: NodeJS.Timeout | undefined;
  private pokeQueued = false;
  private closed = false;

  constructor(
    readonly mode: ClockMode,
    private readonly inFlight: () => InFlight,
    private readonly realNow: () => number = Date.now,
    private readonly offsetMoved: (offsetMs: number) => void = () => {},
  ) {
    this.locks = mode === 'skipping' ? 1 : 0;
  }

  now(): number {
    return this.realNow() + this.offset;
  }

  get offsetMs(): number {
    return this.offset;
  }

  /** The skipped offset read back after a restart: virtual time resumes where it was. */
  restoreOffset(offsetMs: number): void {
    this.offset = offsetMs;
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
    return this.locks - this.sleepers;
  }

  /** UnlockTimeSkippingWithSleep: unlocked until `ms` of virtual time has passed, then locked again. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.sleepers++;
      this.after(ms, () => {
        this.sleepers--;
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
    this.offsetMoved(this.offset);
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

  private maySkip(): boolean {
    if (this.mode !== 'skipping') return false;
    const { workflowTasks, activityAttempts } = this.inFlight();
    return workflowTasks === 0 && Math.max(this.locks, 0) - this.sleepers + activityAttempts <= 0;
  }

  private skipIfIdle(): void {
    if (!this.maySkip()) return;
    const at = this.timers.peek();
    if (at === undefined) return;
    this.offset += Math.max(0, at - this.now());
    this.offsetMoved(this.offset);
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
