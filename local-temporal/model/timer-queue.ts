export interface TimerHandle {
  cancel(): void;
}

interface Entry {
  at: number;
  seq: number;
  fire: () => void;
  cancelled: boolean;
}

/** Pending timers ordered by due time, then by the order they were set. */
export class TimerQueue {
  private entries: Entry[] = [];
  private seq = 0;

  add(at: number, fire: () => void): TimerHandle {
    const entry: Entry = { at, seq: this.seq++, fire, cancelled: false };
    let i = this.entries.length;
    while (i > 0 && this.entries[i - 1]!.at > at) i--;
    this.entries.splice(i, 0, entry);
    return {
      cancel: () => {
        if (entry.cancelled) return;
        entry.cancelled = true;
        const index = this.entries.indexOf(entry);
        if (index >= 0) this.entries.splice(index, 1);
      },
    };
  }

  /** Due time of the earliest timer, if any. */
  peek(): number | undefined {
    return this.entries[0]?.at;
  }

  /** Removes and returns the earliest timer if it is due at or before `now`. */
  takeDue(now: number): (() => void) | undefined {
    const head = this.entries[0];
    if (!head || head.at > now) return undefined;
    this.entries.shift();
    head.cancelled = true;
    return head.fire;
  }

  get size(): number {
    return this.entries.length;
  }
}
