import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { type DayRange, type FactOptions, kpiFacts } from '../reads/queries/kpis';

// A period's facts are what every report of it starts from, whatever its breakdown and filters; only a new
// event changes them (the projections the statement reads are written with their events). So each process
// computes them once per period and reuses them until the newest event is another, or for MAX_AGE_MS at most.

type Facts = Awaited<ReturnType<typeof kpiFacts>>;

interface Entry {
  /** The newest event when the facts were read: its seq and id (a reset database reuses seqs, not ids). */
  version: string;
  readAt: number;
  facts: Promise<Facts>;
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

/** The facts of a period: computed by one statement the first time, then reused while no event is written. */
export async function periodFacts(
  db: Kysely<Database>,
  period: DayRange,
  options: FactOptions,
): Promise<Facts> {
  let cache = cacheOf.get(db);
  if (!cache) cacheOf.set(db, (cache = new Map<string, Entry>()));
  const key = JSON.stringify([period.from, period.to, options]);
  const version = await newestEvent(db);
  const now = Date.now();
  const cached = cache.get(key);
  if (cached && cached.version === version && now - cached.readAt < MAX_AGE_MS) return cached.facts;
  const facts = kpiFacts(db, period, options);
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
