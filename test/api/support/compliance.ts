import { MISSED, sessionBooking } from '../../../app/case-fixtures';
import { type Journey, type Json, actors } from './journey';

export const HOUR = 3_600_000;
export const later = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/** Probation books an enforceable session; the provider records that the person did not come. */
export async function missedSession(j: Journey, requirementId: string, start: string) {
  const r = `/v1/requirements/${requirementId}`;
  const booked: Json = await j.post(actors.probation, `${r}/appointments`, sessionBooking(start));
  await j.sleepUntil(later(start, HOUR));
  await j.post(actors.provider, `${r}/appointments/${booked.id}/outcome`, MISSED);
  return booked.id as string;
}

/** The provider books a session at each start and records each attended once it has ended. */
export async function attendedSessions(j: Journey, requirementId: string, starts: readonly string[]) {
  const r = `/v1/requirements/${requirementId}`;
  for (const start of starts) {
    const booked: Json = await j.post(actors.provider, `${r}/appointments`, sessionBooking(start));
    await j.sleepUntil(later(start, HOUR));
    await j.post(actors.provider, `${r}/appointments/${booked.id}/outcome`, {
      sessionHappened: true,
      attended: 'YES',
    });
  }
}

/** The id of an incident the order now holds for probation to decide, other than those already `known`. */
export async function pendingIncident(j: Journey, orderId: string, known: string[]) {
  // Read at once: the provider's write answered only once its incident was on the order.
  const rows = await j.h.deps.db
    .selectFrom('incidents')
    .selectAll()
    .where('order_id', '=', orderId)
    .execute();
  const found = rows.find((i) => !known.includes(i.id) && i.status === 'PENDING_DECISION');
  if (!found) throw new Error(`no new pending incident: ${JSON.stringify(rows)}`);
  return found.id;
}
