import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { type Clients, type DueAppointment, bookSessions, referredDrr } from './cases';
import type { DueClock } from './due-clock';

const PARALLEL = 8;
const HOUR = 3_600_000;
/** Longer than an API command may take (the stack's command timeout is 10 s), so a booking is still ahead. */
const BOOKING_LEAD_MS = 15_000;
/** For a server whose clock is a little behind ours. */
const CLOCK_SKEW_MS = 1_000;

/** How many sessions each DRR gets and when, for a clock that can be moved and for one that must be waited for. */
const SESSIONS = {
  moved: { perDrr: 20, leadMs: HOUR, everyMs: HOUR, durationMinutes: 50 },
  // A requirement's appointments may not overlap: one short session per DRR, due a few seconds on.
  waited: { perDrr: 1, leadMs: BOOKING_LEAD_MS, everyMs: 0, durationMinutes: 5 },
};

export interface PreparedAppointments {
  /** Interleaved (one per DRR in turn), so that consecutive requests go to different workflows. */
  due: DueAppointment[];
  drrs: number;
  /** How they came due, for the notes. */
  how: string;
}

async function inParallel<T>(count: number, work: (n: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  const lanes = Array.from({ length: Math.min(PARALLEL, count) }, async () => {
    while (next < count) {
      const n = next++;
      results[n] = await work(n);
    }
  });
  await Promise.all(lanes);
  return results;
}

/** Returns once the engine's clock is past `latestStartMs`, and says how. */
async function passStarts(clock: DueClock, latestStartMs: number): Promise<string> {
  if (clock.advance) {
    await clock.advance(latestStartMs - clock.now() + HOUR);
    return "the stand-in's clock moved past them";
  }
  const waitMs = Math.max(0, latestStartMs - clock.now() + CLOCK_SKEW_MS);
  await sleep(waitMs);
  return `${(waitMs / 1000).toFixed(1)} s waited for the last start`;
}

const aheadBy = (ms: number) => (ms % HOUR === 0 ? `${ms / HOUR} h` : `${ms / 1000} s`);

function interleaved(perDrr: readonly DueAppointment[][]): DueAppointment[] {
  const longest = Math.max(0, ...perDrr.map((list) => list.length));
  const out: DueAppointment[] = [];
  for (let k = 0; k < longest; k++)
    for (const list of perDrr) {
      const appointment = list[k];
      if (appointment) out.push(appointment);
    }
  return out;
}

/**
 * At least `appointments` due appointments on sentenced DRRs, referred and accepted, driven through the API.
 * The stand-in's clock is moved past many sessions per DRR; a real server's is waited for, one session each.
 */
export async function prepareDueAppointments(options: {
  clients: Clients;
  pool: pg.Pool;
  clock: DueClock;
  appointments: number;
}): Promise<PreparedAppointments> {
  const { clients, pool, clock } = options;
  const sessions = clock.advance ? SESSIONS.moved : SESSIONS.waited;
  const drrs = Math.ceil(options.appointments / sessions.perDrr);
  const today = new Date(clock.now()).toISOString().slice(0, 10);
  const booked = await inParallel(drrs, async () => {
    const requirementId = await referredDrr(clients, pool, today);
    return bookSessions(clients, requirementId, {
      firstStartMs: clock.now() + sessions.leadMs,
      count: sessions.perDrr,
      everyMs: sessions.everyMs,
      durationMinutes: sessions.durationMinutes,
    });
  });
  // Newest first: with more workflows than the worker caches (one DRR per request), those are still cached.
  const due = interleaved(booked.reverse());
  const latestStartMs = due.reduce((latest, a) => Math.max(latest, a.startMs), 0);
  const passed = await passStarts(clock, latestStartMs);
  const how = `${sessions.perDrr} × ${sessions.durationMinutes}-minute sessions per DRR, the first ${aheadBy(sessions.leadMs)} ahead; ${passed}`;
  return { due, drrs, how };
}
