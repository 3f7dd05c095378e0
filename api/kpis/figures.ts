import { type Cell, CellStore, isHidden } from './suppression';
import { type FactId, KPIS, type KpiDefinition } from './registry';

/**
 * The units of one fact in one group, what api/reads/queries/kpis.ts answers: a combination of type, provider,
 * court and PDU, or one of them alone (the others null), or none (the area).
 */
export interface FactRow {
  fact: FactId;
  category: string | null;
  /** The requirement's type, or for an order the types of its requirements joined with +. */
  type: string | null;
  /** The requirement's provider; null for an order. */
  provider: string | null;
  court: string | null;
  pdu: string | null;
  /** The region of the PDU; null where no region is mapped. */
  region: string | null;
  num: number;
  den: number;
  /** The days values of the units (of a fact with days), each once and in order; `counts` says how many have each. */
  days: readonly number[];
  counts: readonly number[];
}

export const DIMENSIONS = ['type', 'provider', 'court', 'pdu', 'region'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** What a group is called when its units have no value for the dimension (a PDU with no region mapped). */
export const UNMAPPED = 'UNMAPPED';

/** One figure of one KPI for one group (null: all of the area) and category; null where suppressed. */
export interface Figure {
  kpi: string;
  category: string | null;
  group: string | null;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  suppressed: boolean;
}

const ALL = '*';
/** The area's index among the groups. */
const TOTAL = 0;

/** Each fact's index, for its cells' ids. */
const FACT_INDEX = new Map<FactId, number>(
  [...new Set(KPIS.flatMap((k) => [k.fact, ...(k.denominatorCounts ? [k.denominatorCounts] : [])]))].map(
    (f, i) => [f, i],
  ),
);
/** Each category's index (all categories, ALL, at 0), for its cells' ids. */
const CATEGORY_INDEX = new Map<string, number>(
  [...new Set([ALL, ...KPIS.flatMap((k) => k.categories ?? [])])].map((c, i) => [c, i]),
);

/**
 * The id of the cell counting a fact's numerator or denominator for a category (null: all) and group (by its
 * index): one id per quantity, whichever KPI shows it.
 */
function cellId(fact: FactId, part: 'num' | 'den', category: string | null, group: number, groups: number) {
  const quantity = FACT_INDEX.get(fact)! * 2 + (part === 'num' ? 0 : 1);
  return (quantity * CATEGORY_INDEX.size + CATEGORY_INDEX.get(category ?? ALL)!) * groups + group;
}

/** Days values, each once and in order, and how many units have each. */
type DayCounts = Pick<FactRow, 'days' | 'counts'>;

interface Sums {
  num: number;
  den: number;
  /** How many units have days, and the rows that give them. */
  dayUnits: number;
  dayRows: DayCounts[];
  /** The rows' days as one, for the median and the 90th percentile. */
  merged?: DayCounts;
}

/** Several rows' days as one. */
function merge(rows: readonly DayCounts[]): DayCounts {
  if (rows.length === 1) return rows[0]!;
  const countOf = new Map<number, number>();
  for (const { days, counts } of rows)
    for (let i = 0; i < days.length; i++) countOf.set(days[i]!, (countOf.get(days[i]!) ?? 0) + counts[i]!);
  const days = [...countOf.keys()].sort((a, b) => a - b);
  return { days, counts: days.map((d) => countOf.get(d)!) };
}

/** Nearest rank: the smallest of a group's days with at least `p` of them at or below it. */
function nearestRank(s: Sums, p: number): number | null {
  if (s.dayUnits === 0) return null;
  const { days, counts } = (s.merged ??= merge(s.dayRows));
  const rank = Math.max(1, Math.ceil(p * s.dayUnits));
  let atOrBelow = 0;
  for (let i = 0; i < days.length; i++) if ((atOrBelow += counts[i]!) >= rank) return days[i]!;
  throw new Error('A group has fewer days than it counts');
}

const percent = (num: number, den: number) => (den > 0 ? Math.round((1000 * num) / den) / 10 : null);

/** Where each group's cells and sums are kept: the area (TOTAL) at 0, then the groups in order from 1. */
function groupsOf(rows: readonly FactRow[], by: Dimension | null) {
  const names = by === null ? [] : [...new Set(rows.map((r) => r[by] ?? UNMAPPED))].sort();
  return { names: [null, ...names], index: new Map(names.map((g, i) => [g, i + 1])) };
}

/**
 * The sums of a fact's units by category (and all categories, ALL) and by group (and the area, TOTAL), each
 * category's by group index; and the groups the fact has, in order.
 */
function sumsBy(rows: readonly FactRow[], by: Dimension | null, groupIndex: ReadonlyMap<string, number>) {
  const byCategory = new Map<string, (Sums | undefined)[]>([[ALL, []]]);
  const add = (inCategory: (Sums | undefined)[], group: number, r: FactRow, dayUnits: number) => {
    let s = inCategory[group];
    if (!s) inCategory[group] = s = { num: 0, den: 0, dayUnits: 0, dayRows: [] };
    s.num += r.num;
    s.den += r.den;
    if (dayUnits > 0) {
      s.dayUnits += dayUnits;
      s.dayRows.push(r);
    }
  };
  const all = byCategory.get(ALL)!;
  for (const r of rows) {
    const group = by === null ? TOTAL : groupIndex.get(r[by] ?? UNMAPPED)!;
    let dayUnits = 0;
    for (const n of r.counts) dayUnits += n;
    add(all, TOTAL, r, dayUnits);
    if (group !== TOTAL) add(all, group, r, dayUnits);
    if (r.category !== null) {
      let inCategory = byCategory.get(r.category);
      if (!inCategory) byCategory.set(r.category, (inCategory = []));
      add(inCategory, TOTAL, r, dayUnits);
      if (group !== TOTAL) add(inCategory, group, r, dayUnits);
    }
  }
  const sums = (category: string | null, group: number) => byCategory.get(category ?? ALL)?.[group];
  const groups: number[] = [];
  for (const [group, s] of all.entries()) if (s && group !== TOTAL) groups.push(group);
  return { sums, groups };
}

/** Whether a KPI breaks down by a dimension: an order has no one provider. */
const splits = (kpi: KpiDefinition, by: Dimension | null) =>
  by !== null && !(by === 'provider' && kpi.level === 'order');

/**
 * Every KPI's figures over the fact rows, for the area as a whole and by one dimension, with small numbers
 * suppressed (threshold) and secondary suppression across the groups, the categories and the KPIs that
 * show the same count.
 */
export function computeFigures(rows: readonly FactRow[], by: Dimension | null, threshold: number): Figure[] {
  const store = new CellStore(threshold);
  const { names, index } = groupsOf(rows, by);
  const byFact = new Map<FactId, FactRow[]>();
  for (const r of rows) {
    const list = byFact.get(r.fact) ?? [];
    list.push(r);
    byFact.set(r.fact, list);
  }
  const sumsOf = new Map<string, ReturnType<typeof sumsBy>>();
  const drafts: {
    figure: Omit<Figure, 'numerator' | 'denominator' | 'value' | 'suppressed'>;
    value: number | null;
    num?: Cell;
    den?: Cell;
  }[] = [];

  for (const kpi of KPIS) {
    const dim = splits(kpi, by) ? by : null;
    // KPIs of the same fact and breakdown share its sums (and their days, merged once for both percentiles).
    const sumsKey = `${kpi.fact}/${dim}`;
    let factSums = sumsOf.get(sumsKey);
    if (!factSums) sumsOf.set(sumsKey, (factSums = sumsBy(byFact.get(kpi.fact) ?? [], dim, index)));
    const { sums, groups } = factSums;
    const categories = kpi.categories ?? [null];
    const numKey = (category: string | null, group: number) =>
      cellId(kpi.fact, 'num', category, group, names.length);
    const denKey = (category: string | null, group: number) =>
      kpi.denominatorCounts
        ? cellId(kpi.denominatorCounts, 'num', null, group, names.length)
        : cellId(kpi.fact, 'den', category, group, names.length);
    const allGroups = [TOTAL, ...groups];
    for (const category of categories) {
      for (const group of allGroups) {
        const s = sums(category, group);
        if (!s) continue;
        const figure = { kpi: kpi.id, category, group: names[group] ?? null };
        const all = sums(null, group)!;
        switch (kpi.statistic) {
          case 'count': {
            const num = store.cell(numKey(category, group), s.num);
            store.publish(num);
            drafts.push({ figure, value: s.num, num });
            break;
          }
          case 'share': {
            const num = store.cell(numKey(category, group), s.num);
            const den = store.cell(numKey(null, group), all.num);
            store.publish(num);
            store.publish(den);
            drafts.push({ figure, value: percent(s.num, all.num), num, den });
            break;
          }
          case 'rate':
          case 'per100': {
            const num = store.cell(numKey(category, group), s.num);
            const den = store.cell(denKey(category, group), s.den);
            // A rate shows its numerator and denominator, so the rest (den − num) is shown too.
            store.publish(num, kpi.statistic === 'rate' ? s.den - s.num : 0);
            store.publish(den);
            drafts.push({ figure, value: percent(s.num, s.den), num, den });
            break;
          }
          case 'median':
          case 'p90': {
            const den = store.cell(denKey(category, group), s.dayUnits);
            store.publish(den);
            drafts.push({ figure, value: nearestRank(s, kpi.statistic === 'median' ? 0.5 : 0.9), den });
            break;
          }
        }
      }
    }
    // Across the groups: the parts of the area's total.
    for (const category of kpi.categories ? [...kpi.categories, null] : [null])
      for (const key of [numKey, denKey])
        store.line(
          groups.map((g) => key(category, g)),
          key(category, TOTAL),
        );
    // Across the categories: the parts of each group's count of all categories.
    if (kpi.categories)
      for (const group of allGroups)
        store.line(
          kpi.categories.map((c) => numKey(c, group)),
          numKey(null, group),
        );
  }
  store.settle();

  return drafts.map(({ figure, value, num, den }) => {
    const hidden = (num !== undefined && isHidden(num)) || (den !== undefined && isHidden(den));
    return {
      kpi: figure.kpi,
      category: figure.category,
      group: figure.group,
      numerator: num === undefined || isHidden(num) ? null : num.value,
      denominator: den === undefined || isHidden(den) ? null : den.value,
      value: hidden ? null : value,
      suppressed: hidden,
    };
  });
}
