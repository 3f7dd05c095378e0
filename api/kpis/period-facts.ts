import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { type DayRange, type FactOptions, kpiFacts, regionsOfPdus } from '../reads/queries/kpis';
import type { FactRow } from './figures';

// A period's facts are what every report of it starts from, whatever its breakdown and filters; only a new
// event changes them (the projections the statement reads are written with their events). So each process
// computes them once per period and reuses them until the newest event is another, or for MAX_AGE_MS at most.
// The regions of their PDUs come with them (unit_regions changes only by a migration, with a new release).

interface Entry {
  /** The newest event when the facts were read: its seq and id (a reset database reuses seqs, not ids). */
  version: string;
  readAt: number;
  facts: Promise<FactRow[]>;
}

/**
 * At most this long: an event committed after a later-numbered one was read (concurrent writers) shows no new
 * newest event, so an entry is also renewed by age.
 */
const MAX_AGE_MS = 60_000;
/** Periods kept per database: a year of months and quarters, with room. */
const MAX_PERIODS = 32;

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

/** A period's facts, each with its PDU's region. */
async function factsWithRegions(db: Kysely<Database>, period: DayRange, options: FactOptions) {
  const facts = await kpiFacts(db, period, options);
  const regions = await regionsOfPdus(db, [...new Set(facts.map((f) => f.pdu))]);
  return facts.map((f): FactRow => ({ ...f, region: regions.get(f.pdu) ?? null }));
}

/**
 * The facts of a period, with their regions: computed by one statement the first time, then reused while no
 * event is written.
 */
export async function periodFacts(
  db: Kysely<Database>,
  period: DayRange,
  options: FactOptions,
): Promise<FactRow[]> {
  let cache = cacheOf.get(db);
  if (!cache) cacheOf.set(db, (cache = new Map<string, Entry>()));
  const key = JSON.stringify([period.from, period.to, options]);
  const version = await newestEvent(db);
  const now = Date.now();
  const cached = cache.get(key);
  if (cached && cached.version === version && now - cached.readAt < MAX_AGE_MS) return cached.facts;
  const facts = factsWithRegions(db, period, options);
  cache.delete(key);
  cache.set(key, { version, readAt: now, facts });
  facts.catch(() => {
    if (cache.get(key)?.facts === facts) cache.delete(key);
  });
  while (cache.size > MAX_PERIODS) cache.delete(cache.keys().next().value!);
  return facts;
}

/** Forgets every period's facts (the benchmark starts each round from none). */
export function forgetPeriodFacts(db: Kysely<Database>): void {
  cacheOf.delete(db);
}
