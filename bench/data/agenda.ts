import type { Instant } from '../../domain/calendar';

interface Entry {
  at: number;
  seq: number;
  run: () => void;
}

/** Things to do at given instants, done in time order (ties in the order they were planned). */
export class Agenda {
  private entries: Entry[] = [];
  private seq = 0;

  add(at: Instant, run: () => void): void {
    this.entries.push({ at: Date.parse(at), seq: this.seq++, run });
  }

  /** Runs every entry in time order, `before` each one; entries may plan more. */
  runAll(before: (at: Instant) => void): void {
    while (this.entries.length > 0) {
      let best = 0;
      for (let i = 1; i < this.entries.length; i++) {
        const e = this.entries[i]!;
        const b = this.entries[best]!;
        if (e.at < b.at || (e.at === b.at && e.seq < b.seq)) best = i;
      }
      const [entry] = this.entries.splice(best, 1);
      before(new Date(entry!.at).toISOString());
      entry!.run();
    }
  }
}
