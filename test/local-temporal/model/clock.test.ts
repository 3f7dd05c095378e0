import { describe, expect, it } from 'vitest';
import { Clock } from '../../../local-temporal/model/clock';
import { TimerQueue } from '../../../local-temporal/model/timer-queue';

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function frozenClock(mode: 'skipping' | 'real', idle: { value: boolean }, activityAttempts = 0) {
  return new Clock(
    mode,
    () => ({ workflowTasks: idle.value ? 0 : 1, activityAttempts }),
    () => 1_000_000,
  );
}

describe('TimerQueue', () => {
  it('orders timers by due time, then by insertion, and forgets cancelled ones', () => {
    const q = new TimerQueue();
    const fired: string[] = [];
    q.add(20, () => fired.push('b'));
    q.add(10, () => fired.push('a'));
    q.add(20, () => fired.push('c'));
    q.add(15, () => fired.push('x')).cancel();
    expect(q.peek()).toBe(10);
    for (let fire = q.takeDue(20); fire; fire = q.takeDue(20)) fire();
    expect(fired).toEqual(['a', 'b', 'c']);
    expect(q.size).toBe(0);
  });
});

describe('Clock', () => {
  it('starts locked in skipping mode: time does not jump', async () => {
    const clock = frozenClock('skipping', { value: true });
    let fired = false;
    clock.after(60_000, () => (fired = true));
    clock.poke();
    await turn();
    expect(fired).toBe(false);
    expect(clock.now()).toBe(1_000_000);
    clock.close();
  });

  it('skips to the next timer when unlocked and idle, one timer at a time', async () => {
    const clock = frozenClock('skipping', { value: true });
    const fired: number[] = [];
    clock.after(60_000, () => fired.push(clock.now()));
    clock.after(120_000, () => fired.push(clock.now()));
    clock.unlock();
    await turn();
    await turn();
    expect(fired).toEqual([1_060_000, 1_120_000]);
    clock.close();
  });

  it('does not skip while something is running', async () => {
    const idle = { value: false };
    const clock = frozenClock('skipping', idle);
    let fired = false;
    clock.after(60_000, () => (fired = true));
    clock.unlock();
    await turn();
    expect(fired).toBe(false);
    idle.value = true;
    clock.poke();
    await turn();
    expect(fired).toBe(true);
    clock.close();
  });

  it('sleep unlocks until the duration has passed, firing timers on the way, then locks again', async () => {
    const clock = frozenClock('skipping', { value: true });
    const fired: number[] = [];
    clock.after(1_000, () => fired.push(clock.now()));
    clock.after(10_000, () => fired.push(clock.now()));
    await clock.sleep(5_000);
    expect(fired).toEqual([1_001_000]);
    expect(clock.now()).toBe(1_005_000);
    expect(clock.lockCount).toBe(1);
    clock.close();
  });

  it('an activity attempt in flight holds time, until a sleep releases its lock', async () => {
    const clock = frozenClock('skipping', { value: true }, 1);
    let fired = false;
    clock.after(60_000, () => (fired = true));
    clock.unlock();
    await turn();
    expect(fired).toBe(false);
    await clock.sleep(120_000);
    expect(fired).toBe(true);
    expect(clock.now()).toBe(1_120_000);
    clock.close();
  });

  it('never skips in real mode, but advance() moves time and fires due timers in order', async () => {
    const clock = frozenClock('real', { value: true });
    const fired: string[] = [];
    clock.after(2_000, () => fired.push('second'));
    clock.after(1_000, () => fired.push('first'));
    clock.after(9_000, () => fired.push('later'));
    clock.poke();
    await turn();
    expect(fired).toEqual([]);
    clock.advance(5_000);
    expect(fired).toEqual(['first', 'second']);
    expect(clock.now()).toBe(1_005_000);
    clock.close();
  });
});
