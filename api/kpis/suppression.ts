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

/** How many of a line's cells are hidden, counting no further than 2. */
function hiddenCount(parts: readonly Cell[], sum: Cell): number {
  let hidden = isHidden(sum) ? 1 : 0;
  for (const c of parts) if (isHidden(c) && ++hidden > 1) break;
  return hidden;
}

export class CellStore {
  private readonly cells = new Map<string, Cell>();
  private readonly lines = new Map<string, { parts: readonly string[]; sum: string }>();

  constructor(private readonly threshold: number) {}

  /** The one cell for a quantity: the same count in two figures must be hidden in both or neither. */
  cell(key: string, value: number): Cell {
    let c = this.cells.get(key);
    if (!c) {
      c = { value, published: false, suppressed: false };
      this.cells.set(key, c);
    }
    return c;
  }

  /** Marks a cell shown, hiding it if it is small (or if `alsoSmall`, e.g. the rest of a rate, is). */
  publish(c: Cell, alsoSmall = 0): void {
    c.published = true;
    if (this.isSmall(c.value) || this.isSmall(alsoSmall)) c.suppressed = true;
  }

  /** Says that the cells `partKeys` (those that exist: a part with no units is a zero) sum to `sumKey`. */
  line(partKeys: readonly string[], sumKey: string): void {
    // The same line, declared again by another figure of the same count, names its parts in the same order.
    this.lines.set(`${partKeys.join('|')}=${sumKey}`, { parts: partKeys, sum: sumKey });
  }

  /**
   * Secondary suppression over every line, in order, pass after pass until none can be solved for a hidden
   * entry. A line none of whose cells has changed since it was last looked at is passed over: it would be
   * decided as it was.
   */
  settle(): void {
    const lines = [...this.lines.values()].flatMap(({ parts, sum }) => {
      const total = this.cells.get(sum);
      const cells = parts.map((k) => this.cells.get(k)).filter((c): c is Cell => c !== undefined);
      return total ? [{ parts: cells, sum: total, dirty: true }] : [];
    });
    const linesOf = new Map<Cell, (typeof lines)[number][]>();
    for (const line of lines)
      for (const c of [...line.parts, line.sum]) {
        const list = linesOf.get(c);
        if (list) list.push(line);
        else linesOf.set(c, [line]);
      }
    for (let changed = true; changed;) {
      changed = false;
      for (const line of lines) {
        if (!line.dirty) continue;
        line.dirty = false;
        const { parts, sum } = line;
        if (hiddenCount(parts, sum) !== 1) continue;
        const next =
          parts.filter((c) => !isHidden(c) && c.value > 0).sort((a, b) => a.value - b.value)[0] ??
          (isHidden(sum) ? undefined : sum);
        if (next) {
          next.suppressed = true;
          for (const other of linesOf.get(next) ?? []) other.dirty = true;
          changed = true;
        }
      }
    }
  }

  private isSmall(n: number): boolean {
    return n > 0 && n < this.threshold;
  }
}
