import { addDays, type LocalDate } from '../../domain/calendar';
import { DESIGN_YEAR } from '../data/design';
import { generateOrderLife } from '../data/order-life';
import type { RequirementEvent } from '../../domain/requirement';
import type { EventRecord } from '../../domain/records';
import { SNAPSHOT_AT, cutAt } from '../data/snapshot';
import { type OpenOrder, openOrderAt } from './open-order';

/** Sentenced about six weeks before the snapshot: treatment has begun and months remain. */
const FIRST_INDEX = 27_000;
/** Days of the requirement left after the snapshot, for the appointments the history is grown with. */
const DAYS_LEFT = 60;

type RequirementStart = OpenOrder['requirements'][number];

export interface ReplaySubject {
  /** A DRR in treatment at the snapshot, to be grown to a long history. */
  drr: RequirementStart;
  providerOrgId: string;
  /** The DRR's events up to the snapshot, stored before it is grown, as its earlier runs would have stored them. */
  records: EventRecord<RequirementEvent>[];
  /** Two other workflows (orders): querying them pushes the DRR out of a two-run cache. */
  evictors: [OpenOrder['order'], OpenOrder['order']];
}

function growable(r: RequirementStart, until: LocalDate): string | null {
  const { state } = r.input.carried!;
  if (state.status !== 'IN_TREATMENT' || state.imposition.type !== 'DRR') return null;
  const lastEnd = state.imposition.periods
    .map((p) => p.end)
    .sort()
    .at(-1)!;
  return lastEnd >= until ? state.providerOrgId : null;
}

/** From the design year's late orders that are not in `exclude`: the first DRR that can be grown, and two orders. */
export function findReplaySubject(exclude: ReadonlySet<number>): ReplaySubject {
  const until = addDays(SNAPSHOT_AT.slice(0, 10), DAYS_LEFT);
  let found: (Omit<ReplaySubject, 'evictors'> & { order: OpenOrder['order'] }) | null = null;
  for (let index = FIRST_INDEX; index < DESIGN_YEAR.orders; index++) {
    if (exclude.has(index)) continue;
    const life = generateOrderLife(DESIGN_YEAR.seed, index, DESIGN_YEAR.orders);
    const open = openOrderAt(life, SNAPSHOT_AT);
    if (!open) continue;
    if (found) return { ...found, evictors: [found.order, open.order] };
    for (const r of open.requirements) {
      const providerOrgId = growable(r, until);
      if (providerOrgId) {
        const records = cutAt(life, SNAPSHOT_AT).events.flatMap((e) =>
          e.requirementId === r.input.imposition.requirementId ? [e.record] : [],
        );
        found = { drr: r, providerOrgId, records, order: open.order };
        break;
      }
    }
  }
  throw new Error(`no DRR in treatment with ${DAYS_LEFT} days left among orders ${FIRST_INDEX}+`);
}
