import { type HistoryEvent, type Loose, long, num, timestamp } from '../proto';

type EventType = NonNullable<HistoryEvent['eventType']>;
type AttributeKey = Exclude<keyof HistoryEvent, 'eventId' | 'eventTime' | 'eventType' | 'version' | 'taskId'>;

/** Where a run's history changes are recorded, when the server keeps its state on disk. */
export interface HistoryJournal {
  appended(event: HistoryEvent): void;
  truncated(length: number): void;
}

/** One run's event history: ids from 1, with waiters for long polls. */
export class History {
  readonly events: HistoryEvent[] = [];
  private waiters: (() => void)[] = [];

  constructor(
    private readonly now: () => number,
    private readonly journal?: HistoryJournal,
  ) {}

  /** Events read back from disk: taken as they are, not recorded again. */
  restore(events: HistoryEvent[]): void {
    this.events.push(...events);
  }

  append<K extends AttributeKey>(
    eventType: EventType,
    key: K,
    attributes: Loose<NonNullable<HistoryEvent[K]>>,
  ): number {
    const eventId = this.events.length + 1;
    this.events.push({
      eventId: long(eventId),
      eventTime: timestamp(this.now()),
      eventType,
      taskId: long(eventId),
      [key]: attributes,
    });
    this.journal?.appended(this.events[eventId - 1]!);
    return eventId;
  }

  get length(): number {
    return this.events.length;
  }

  get last(): HistoryEvent | undefined {
    return this.events[this.events.length - 1];
  }

  /** Drops every event after `length` (a speculative workflow task that left no trace). */
  truncate(length: number): void {
    this.events.length = length;
    this.journal?.truncated(length);
  }

  notify(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  /** Resolves when the history changes or the run closes, or after `timeoutMs`. */
  waitForChange(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.waiters = this.waiters.filter((w) => w !== done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal?.addEventListener('abort', done);
      this.waiters.push(done);
    });
  }

  eventId(event: HistoryEvent): number {
    return num(event.eventId);
  }
}
