interface Poller<T> {
  deliver(task: T): boolean;
}

/**
 * Tasks waiting for pollers, and pollers waiting for tasks. A poller that gave up (timeout or cancelled
 * call) refuses the task, which then goes to the next poller or back to the queue.
 */
export class TaskQueue<T> {
  private readonly tasks: T[] = [];
  private readonly pollers: Poller<T>[] = [];

  push(task: T): void {
    for (let poller = this.pollers.shift(); poller; poller = this.pollers.shift()) {
      if (poller.deliver(task)) return;
    }
    this.tasks.push(task);
  }

  remove(predicate: (task: T) => boolean): void {
    for (let i = this.tasks.length - 1; i >= 0; i--) if (predicate(this.tasks[i]!)) this.tasks.splice(i, 1);
  }

  poll(timeoutMs: number, signal?: AbortSignal): Promise<T | undefined> {
    const ready = this.tasks.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    return new Promise((resolve) => {
      let done = false;
      const finish = (task: T | undefined): boolean => {
        if (done) return false;
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const index = this.pollers.indexOf(poller);
        if (index >= 0) this.pollers.splice(index, 1);
        resolve(task);
        return true;
      };
      const poller: Poller<T> = { deliver: (task) => !signal?.aborted && finish(task) };
      const onAbort = (): void => void finish(undefined);
      const timer = setTimeout(onAbort, timeoutMs);
      signal?.addEventListener('abort', onAbort);
      this.pollers.push(poller);
    });
  }

  get waitingPollers(): number {
    return this.pollers.length;
  }

  get length(): number {
    return this.tasks.length;
  }
}
