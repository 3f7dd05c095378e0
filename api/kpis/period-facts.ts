import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import {
  type DayRange,
  type FactOptions,
  type FactShape,
  type FactUnits,
  kpiFacts,
  regionsOfPdus,
} from '../reads/queries/kpis';
import { DIMENSIONS, type Dimension, type FactRow } from './figures';

// A period's facts are what every report of it starts from, whatever its breakdown and filters; only a new
// event changes them (the projections the statement reads are written with their events). So each process
// computes them once per period and reuses them until the newest event is another, or for MAX_AGE_MS at most.
// The regions of their PDUs come with them (unit_regions changes only by a migration, with a new release).

/** Each breakdown's rows (and null: the area's), each unit of a fact in exactly one of a breakdown's rows. */
export type FactsByBreakdown = ReadonlyMap<Dimension | null, readonly FactRow[]>;

interface Entry {
  /** The newest event when the facts were read: its seq and id (a reset database reuses seqs, not ids). */
  version: string;
  readAt: number;
  facts: Promise<FactRow[] | FactsByBreakdown>;
}

/**
 * At most this long: an event committed after a later-numbered one was read (concurrent writers) shows no new
 * newest event, so an entry is also renewed by age.
 */
const MAX_AGE_MS = 60_000;
/** Entries kept per database: a year of months and quarters in both shapes, with room. */
const MAX_ENTRIES = 64;

const cacheOf = new WeakMap<Kysely<Database>, Map<string, Entry>>();

async function newestEvent(db: Kysely<Database>): Promise<string> {
  const row = await db
    .selectFrom('events')
    .select(['seq', 'id'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? `${row.seq}/${row.id}` : 'none';
}

async function withRegions(db: Kysely<Database>, units: FactUnits[]) {
  const regions = await regionsOfPdus(db, [
    ...new Set(units.flatMap((u) => (u.pdu === null ? [] : [u.pdu]))),
  ]);
  return units.map(({ grouping, ...u }) => ({
    grouping,
    row: { ...u, region: u.pdu === null ? null : (regions.get(u.pdu) ?? null) },
  }));
}

async function read(
  db: Kysely<Database>,
  period: DayRange,
  options: FactOptions,
  shape: FactShape,
): Promise<FactRow[] | FactsByBreakdown> {
  const rows = await withRegions(db, await kpiFacts(db, period, options, shape));
  if (shape === 'finest') return rows.map((r) => r.row);
  const byBreakdown = new Map<Dimension | null, FactRow[]>([null, ...DIMENSIONS].map((d) => [d, []]));
  for (const { grouping, row } of rows) {
    byBreakdown.get(grouping === 'finest' ? null : grouping)!.push(row);
    // A PDU is in one region: the PDUs' rows are the regions' too.
    if (grouping === 'pdu') byBreakdown.get('region')!.push(row);
  }
  return byBreakdown;
}

async function cached(
  db: Kysely<Database>,
  period: DayRange,
  options: FactOptions,
  shape: FactShape,
): Promise<FactRow[] | FactsByBreakdown> {
  let cache = cacheOf.get(db);
  if (!cache) cacheOf.set(db, (cache = new Map<string, Entry>()));
  const key = JSON.stringify([period.from, period.to, options, shape]);
  const version = await newestEvent(db);
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.version === version && now - hit.readAt < MAX_AGE_MS) return hit.facts;
  const facts = read(db, period, options, shape);
  cache.delete(key);
  cache.set(key, { version, readAt: now, facts });
  facts.catch(() => {
    if (cache.get(key)?.facts === facts) cache.delete(key);
  });
  while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return facts;
}

/**
 * The facts of a period by each combination of type, provider, court and PDU, with their regions: what a
 * filtered report picks its rows from. Computed by one statement the first time, then reused while no event is
 * written.
 */
export async function finestFacts(
  db: Kysely<Database>,
  period: DayRange,
  options: FactOptions,
): Promise<FactRow[]> {
  return (await cached(db, period, options, 'finest')) as FactRow[];
}

/**
 * The facts of a period summed by each breakdown alone, and by none: what an unfiltered report sums, far fewer
 * rows than the combinations. Computed by one statement the first time, then reused while no event is written.
 */
export async function factsByBreakdown(
  db: Kysely<Database>,
  period: DayRange,
  options: FactOptions,
): Promise<FactsByBreakdown> {
  return (await cached(db, period, options, 'each')) as FactsByBreakdown;
}

/** Forgets every period's facts (the benchmark starts each round from none). */
export function forgetPeriodFacts(db: Kysely<Database>): void {
  cacheOf.delete(db);
}
