/**
 * Small-number suppression. Every count a table shows is a cell; a count of 1 to threshold−1 is hidden
 * (primary suppression). A line is a set of cells and the cell that is their sum (a total and its parts):
 * where exactly one entry of a line is hidden it could be recovered by subtraction, so another is hidden too,
 * the smallest non-zero part, or else the sum (secondary suppression), until no line has exactly one.
 * A cell no figure publishes counts as hidden.
 */
export interface Cell {
  value: number;
  published: boolean;
  suppressed: boolean;
}

export const isHidden = (c: Cell) => !c.published || c.suppressed;

/** A cell and where it is among the store's cells (the index of its lines). */
interface StoredCell extends Cell {
  index: number;
}

interface Line {
  parts: readonly StoredCell[];
  sum: StoredCell;
  dirty: boolean;
}

/** How many of a line's cells are hidden, counting no further than 2. */
function hiddenCount({ parts, sum }: Line): number {
  let hidden = isHidden(sum) ? 1 : 0;
  for (const c of parts) if (isHidden(c) && ++hidden > 1) break;
  return hidden;
}

/** The cell a line hides beside its one hidden entry: its smallest shown non-zero part (the first of equals), else its sum. */
function nextToHide({ parts, sum }: Line): StoredCell | undefined {
  let smallest: StoredCell | undefined;
  for (const c of parts)
    if (!isHidden(c) && c.value > 0 && (!smallest || c.value < smallest.value)) smallest = c;
  return smallest ?? (isHidden(sum) ? undefined : sum);
}

const sameIds = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((id, i) => id === b[i]);

/** Cells are named by ids (non-negative integers) the caller gives each quantity. */
export class CellStore {
  private readonly cells = new Map<number, StoredCell>();
  private readonly lines: { partIds: readonly number[]; sumId: number }[] = [];
  private readonly linesBySum = new Map<number, (typeof this.lines)[number][]>();

  constructor(private readonly threshold: number) {}

  /** The one cell for a quantity: the same count in two figures must be hidden in both or neither. */
  cell(id: number, value: number): Cell {
    let c = this.cells.get(id);
    if (!c) {
      c = { value, published: false, suppressed: false, index: this.cells.size };
      this.cells.set(id, c);
    }
    return c;
  }

  /** Marks a cell shown, hiding it if it is small (or if `alsoSmall`, e.g. the rest of a rate, is). */
  publish(c: Cell, alsoSmall = 0): void {
    c.published = true;
    if (this.isSmall(c.value) || this.isSmall(alsoSmall)) c.suppressed = true;
  }

  /** Says that the cells `partIds` (those that exist: a part with no units is a zero) sum to `sumId`. */
  line(partIds: readonly number[], sumId: number): void {
    // The same line, declared again by another figure of the same count, names its parts in the same order.
    let same = this.linesBySum.get(sumId);
    if (!same) this.linesBySum.set(sumId, (same = []));
    if (same.some((l) => sameIds(l.partIds, partIds))) return;
    const line = { partIds, sumId };
    same.push(line);
    this.lines.push(line);
  }

  /**
   * Secondary suppression over every line, in order, pass after pass until none can be solved for a hidden
   * entry. A line none of whose cells has changed since it was last looked at is passed over: it would be
   * decided as it was.
   */
  settle(): void {
    const lines: Line[] = [];
    for (const { partIds, sumId } of this.lines) {
      const sum = this.cells.get(sumId);
      if (!sum) continue;
      const parts: StoredCell[] = [];
      for (const id of partIds) {
        const c = this.cells.get(id);
        if (c) parts.push(c);
      }
      lines.push({ parts, sum, dirty: true });
    }
    const linesOf: Line[][] = Array.from({ length: this.cells.size }, () => []);
    for (const line of lines) {
      for (const c of line.parts) linesOf[c.index]!.push(line);
      linesOf[line.sum.index]!.push(line);
    }
    for (let changed = true; changed;) {
      changed = false;
      for (const line of lines) {
        if (!line.dirty) continue;
        line.dirty = false;
        if (hiddenCount(line) !== 1) continue;
        const next = nextToHide(line);
        if (next) {
          next.suppressed = true;
          for (const other of linesOf[next.index]!) other.dirty = true;
          changed = true;
        }
      }
    }
  }

  private isSmall(n: number): boolean {
    return n > 0 && n < this.threshold;
  }
}
