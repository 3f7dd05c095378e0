import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import {
  type DayRange,
  type FactOptions,
  type FactShape,
  kpiFacts,
  regionsOfPdus,
} from '../reads/queries/kpis';
import { DIMENSIONS, type Dimension, type FactRow } from './figures';

// A period's facts are what every report of it starts from, whatever its breakdown and filters; only a new
// event changes them (the projections the statement reads are written with their events). So each process
// computes them once per period and shape and reuses them until the newest event is another, or for MAX_AGE_MS
// at most. The regions of their PDUs come with them (unit_regions changes only by a migration, with a new
// release).

/** Each breakdown's rows (and null: the area's), each unit of a fact in exactly one of a breakdown's rows. */
export type FactsByBreakdown = ReadonlyMap<Dimension | null, readonly FactRow[]>;

interface Entry<T> {
  /** The newest event when the facts were read: its seq and id (a reset database reuses seqs, not ids). */
  version: string;
  readAt: number;
  facts: Promise<T>;
}

/**
 * At most this long: an event committed after a later-numbered one was read (concurrent writers) shows no new
 * newest event, so an entry is also renewed by age.
 */
const MAX_AGE_MS = 60_000;
/** Periods kept per database: a year of months and quarters, with room. */
const MAX_PERIODS = 32;

async function newestEvent(db: Kysely<Database>): Promise<string> {
  const row = await db
    .selectFrom('events')
    .select(['seq', 'id'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? `${row.seq}/${row.id}` : 'none';
}

/** Each period's facts of one shape, per database: read the first time, then reused while no event is written. */
class PeriodCache<T> {
  private readonly cacheOf = new WeakMap<Kysely<Database>, Map<string, Entry<T>>>();

  constructor(
    private readonly read: (db: Kysely<Database>, period: DayRange, options: FactOptions) => Promise<T>,
  ) {}

  async get(db: Kysely<Database>, period: DayRange, options: FactOptions): Promise<T> {
    let cache = this.cacheOf.get(db);
    if (!cache) this.cacheOf.set(db, (cache = new Map<string, Entry<T>>()));
    const key = JSON.stringify([period.from, period.to, options]);
    const version = await newestEvent(db);
    const now = Date.now();
    const hit = cache.get(key);
    if (hit && hit.version === version && now - hit.readAt < MAX_AGE_MS) return hit.facts;
    const facts = this.read(db, period, options);
    cache.delete(key);
    cache.set(key, { version, readAt: now, facts });
    facts.catch(() => {
      if (cache.get(key)?.facts === facts) cache.delete(key);
    });
    while (cache.size > MAX_PERIODS) cache.delete(cache.keys().next().value!);
    return facts;
  }

  forget(db: Kysely<Database>): void {
    this.cacheOf.delete(db);
  }
}

/** A statement's rows with their PDUs' regions. */
async function readFacts(db: Kysely<Database>, period: DayRange, options: FactOptions, shape: FactShape) {
  const units = await kpiFacts(db, period, options, shape);
  const regions = await regionsOfPdus(db, [
    ...new Set(units.flatMap((u) => (u.pdu === null ? [] : [u.pdu]))),
  ]);
  return units.map(({ grouping, ...u }) => ({
    grouping,
    row: { ...u, region: u.pdu === null ? null : (regions.get(u.pdu) ?? null) },
  }));
}

const finest = new PeriodCache(async (db, period, options) =>
  (await readFacts(db, period, options, 'finest')).map((r) => r.row),
);

const byBreakdown = new PeriodCache(async (db, period, options): Promise<FactsByBreakdown> => {
  const rows = new Map<Dimension | null, FactRow[]>([null, ...DIMENSIONS].map((d) => [d, []]));
  for (const { grouping, row } of await readFacts(db, period, options, 'each')) {
    rows.get(grouping === 'finest' ? null : grouping)!.push(row);
    // A PDU is in one region: the PDUs' rows are the regions' too.
    if (grouping === 'pdu') rows.get('region')!.push(row);
  }
  return rows;
});

/**
 * The facts of a period by each combination of type, provider, court and PDU, with their regions: what a
 * filtered report picks its rows from.
 */
export function finestFacts(
  db: Kysely<Database>,
  period: DayRange,
  options: FactOptions,
): Promise<FactRow[]> {
  return finest.get(db, period, options);
}

/**
 * The facts of a period summed by each breakdown alone, and by none: what an unfiltered report sums, far fewer
 * rows than the combinations.
 */
export function factsByBreakdown(
  db: Kysely<Database>,
  period: DayRange,
  options: FactOptions,
): Promise<FactsByBreakdown> {
  return byBreakdown.get(db, period, options);
}

/** Forgets every period's facts (the benchmark starts each round from none). */
export function forgetPeriodFacts(db: Kysely<Database>): void {
  finest.forget(db);
  byBreakdown.forget(db);
}
