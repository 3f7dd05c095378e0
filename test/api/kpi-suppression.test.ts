import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CellStore, isHidden } from '../../api/kpis/suppression';

// The store against a plain reading of the rule: cells by name, every line looked at in every pass, until a
// pass changes nothing.
function reference(
  threshold: number,
  cells: readonly { id: number; value: number; published: boolean; alsoSmall: number }[],
  lines: readonly { parts: readonly number[]; sum: number }[],
): Map<number, boolean> {
  const small = (n: number) => n > 0 && n < threshold;
  // A cell's value is the first given for it; it is hidden unless published, and if small when published.
  const byName = new Map<string, { value: number; hidden: boolean }>();
  for (const c of cells)
    if (!byName.has(`cell ${c.id}`)) byName.set(`cell ${c.id}`, { value: c.value, hidden: false });
  for (const [name, cell] of byName) {
    const publishings = cells.filter((c) => `cell ${c.id}` === name && c.published);
    cell.hidden =
      publishings.length === 0 || publishings.some((c) => small(cell.value) || small(c.alsoSmall));
  }
  const declared = new Map<string, { parts: string[]; sum: string }>();
  for (const l of lines) {
    const parts = l.parts.map((id) => `cell ${id}`);
    declared.set(`${parts.join('|')}=cell ${l.sum}`, { parts, sum: `cell ${l.sum}` });
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const l of declared.values()) {
      const sum = byName.get(l.sum);
      if (!sum) continue;
      const parts = l.parts.flatMap((name) => byName.get(name) ?? []);
      if ([sum, ...parts].filter((c) => c.hidden).length !== 1) continue;
      const next =
        parts.filter((c) => !c.hidden && c.value > 0).sort((a, b) => a.value - b.value)[0] ??
        (sum.hidden ? undefined : sum);
      if (next) {
        next.hidden = true;
        changed = true;
      }
    }
  }
  return new Map(cells.map((c) => [c.id, byName.get(`cell ${c.id}`)!.hidden]));
}

describe('secondary suppression', () => {
  it('hides the cells a plain reading of the rule hides, whatever the cells and lines', () => {
    const id = fc.integer({ min: 0, max: 14 });
    const cell = fc.record({
      id,
      value: fc.integer({ min: 0, max: 8 }),
      published: fc.boolean(),
      alsoSmall: fc.constantFrom(0, 0, 2, 7),
    });
    const line = fc.record({ parts: fc.array(id, { maxLength: 5 }), sum: id });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(cell, { maxLength: 20 }),
        fc.array(line, { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        (threshold, cells, lines, again) => {
          // Some lines declared twice, as two figures of the same count declare them.
          const declared = [
            ...lines,
            ...again.flatMap((i) => (lines.length ? [lines[i % lines.length]!] : [])),
          ];
          const store = new CellStore(threshold);
          const stored = cells.map((c) => {
            const made = store.cell(c.id, c.value);
            if (c.published) store.publish(made, c.alsoSmall);
            return made;
          });
          for (const l of declared) store.line(l.parts, l.sum);
          store.settle();
          const expected = reference(threshold, cells, declared);
          expect(new Map(cells.map((c, i) => [c.id, isHidden(stored[i]!)]))).toEqual(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
