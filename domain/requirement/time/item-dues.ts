import type { Instant } from '../../calendar';
import type { DomainConfig } from '../../config';
import type { ImposedRequirement } from '../state';
import { changedIds } from '../evolve/items';
import { ITEM_OBLIGATIONS, type ItemMap } from './item-timers';

/** When one of an item's obligations falls due, before the order's end bounds it. */
export interface Due {
  key: string;
  dueAt: Instant;
  dueMs: number;
}

/**
 * The due times of a requirement's item obligations (appointments' outcomes, evidence windows, lab results,
 * review reports and dates), as of `state`, kept from one state of the requirement to the next: only the items
 * an event changed are worked out again (the ids withItem recorded, or else the items that are not the same
 * object: states are immutable, so an untouched map or item is the same object), and the earliest is kept
 * until an obligation is added before it, it goes, or a timer fires.
 */
interface ItemDues {
  state: ImposedRequirement;
  config: DomainConfig;
  /** The open obligations of each item that has any, by map and item id. */
  dues: Record<ItemMap, Map<string, Due[]>>;
  /** How many items each map of `state` holds. */
  sizes: Record<ItemMap, number>;
  /** The earliest obligation not yet fired, as of the `fired` map it was found with. */
  earliest: { fired: Record<string, true>; due: Due | null } | null;
}

/** One per requirement (keyed by its imposition, which its states share), brought up to date in place. */
const kept = new WeakMap<object, ItemDues>();

/** Whether two settings give every item obligation the same due time. */
function sameDueSettings(a: DomainConfig, b: DomainConfig): boolean {
  return (
    a === b ||
    (a.outcomeDueWorkingDays === b.outcomeDueWorkingDays &&
      a.labResultWithinHours === b.labResultWithinHours &&
      a.reviewReportLeadWorkingDays === b.reviewReportLeadWorkingDays &&
      a.extraBankHolidays === b.extraBankHolidays)
  );
}

function setItem(d: ItemDues, map: Map<string, Due[]>, id: string, item: object, of: OfItem): void {
  const before = map.get(id);
  if (before && d.earliest?.due && before.includes(d.earliest.due)) d.earliest = null;
  const dues = of(item, d.config).map(({ spec }) => ({
    key: spec.key,
    dueAt: spec.dueAt,
    dueMs: Date.parse(spec.dueAt),
  }));
  if (dues.length === 0) {
    map.delete(id);
    return;
  }
  map.set(id, dues);
  if (d.earliest)
    for (const due of dues)
      if (!d.earliest.fired[due.key] && (d.earliest.due === null || due.dueMs < d.earliest.due.dueMs))
        d.earliest = { fired: d.earliest.fired, due };
}

type OfItem = (typeof ITEM_OBLIGATIONS)[number]['of'];

/** Brings one map's dues from `from` (the items they were worked out for) to `to`. */
function updateMap(
  d: ItemDues,
  name: ItemMap,
  of: OfItem,
  from: Record<string, object> | null,
  to: Record<string, object>,
) {
  if (from === to) return;
  const map = d.dues[name];
  const changed = from && changedIds(from, to);
  if (changed) {
    for (const id of new Set(changed)) {
      if (from[id] === undefined) d.sizes[name]++;
      setItem(d, map, id, to[id]!, of);
    }
    return;
  }
  let size = 0;
  let stayed = 0;
  for (const id of Object.keys(to)) {
    size++;
    const item = to[id]!;
    const before = from?.[id];
    if (before !== undefined) stayed++;
    if (before !== item) setItem(d, map, id, item, of);
  }
  if (stayed < d.sizes[name]) {
    // An item went (no event removes one; a state from elsewhere might): start the map again.
    map.clear();
    d.earliest = null;
    for (const id of Object.keys(to)) setItem(d, map, id, to[id]!, of);
  }
  d.sizes[name] = size;
}

function brought(d: ItemDues, state: ImposedRequirement): ItemDues {
  for (const { items, of } of ITEM_OBLIGATIONS) updateMap(d, items, of, d.state[items], state[items]);
  d.state = state;
  return d;
}

function itemDues(state: ImposedRequirement, config: DomainConfig): ItemDues {
  const known = kept.get(state.imposition);
  if (known && sameDueSettings(known.config, config))
    return known.state === state ? known : brought(known, state);
  const fresh: ItemDues = {
    state,
    config,
    dues: { appointments: new Map(), incidents: new Map(), drugTests: new Map(), reviews: new Map() },
    sizes: { appointments: 0, incidents: 0, drugTests: 0, reviews: 0 },
    earliest: null,
  };
  for (const { items, of } of ITEM_OBLIGATIONS) updateMap(fresh, items, of, null, state[items]);
  kept.set(state.imposition, fresh);
  return fresh;
}

/** The earliest item obligation of `state` not yet fired, before the order's end bounds it. */
export function earliestItemDue(state: ImposedRequirement, config: DomainConfig): Due | null {
  const d = itemDues(state, config);
  if (d.earliest?.fired === state.fired) return d.earliest.due;
  let earliest: Due | null = null;
  for (const { items } of ITEM_OBLIGATIONS)
    for (const dues of d.dues[items].values())
      for (const due of dues)
        if (!state.fired[due.key] && (earliest === null || due.dueMs < earliest.dueMs)) earliest = due;
  d.earliest = { fired: state.fired, due: earliest };
  return earliest;
}
