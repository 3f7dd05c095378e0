import type pg from 'pg';
import type { LocalTemporal } from '../../local-temporal';
import { type Caller, type DueAppointment, bookSessions, referredDrr } from './cases';

const PARALLEL = 8;
const HOUR = 3_600_000;

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

/**
 * `drrs` sentenced DRRs, referred and accepted, with `sessions` appointments each, driven through the API;
 * then the stand-in's clock moves past every start. Returned interleaved (one per DRR in turn), so that
 * consecutive requests go to different workflows.
 */
export async function prepareDueAppointments(options: {
  call: Caller;
  pool: pg.Pool;
  local: LocalTemporal;
  drrs: number;
  sessions: number;
}): Promise<DueAppointment[]> {
  const { call, pool, local, drrs, sessions } = options;
  const today = new Date(local.now()).toISOString().slice(0, 10);
  const ids = await inParallel(drrs, () => referredDrr(call, pool, today));
  const firstStart = local.now() + HOUR;
  const booked = await inParallel(drrs, (n) => bookSessions(call, ids[n]!, firstStart, sessions));
  local.advance((sessions + 1) * HOUR);
  const interleaved: DueAppointment[] = [];
  for (let k = 0; k < sessions; k++) for (const list of booked) interleaved.push(list[k]!);
  return interleaved;
}
