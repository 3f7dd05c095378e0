import { randomUUID } from 'node:crypto';
import { ATTENDED } from '../../app/case-fixtures';
import type { LoadRequest } from '../load/job';
import type { DueAppointment } from './cases';

const OUTCOME = JSON.stringify(ATTENDED);

/** The outcome request for one due appointment, with the provider's token and its own Idempotency-Key. */
export function outcomeRequest(base: string, token: string, a: DueAppointment): LoadRequest {
  return {
    url: `${base}/v1/requirements/${a.requirementId}/appointments/${a.appointmentId}/outcome`,
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': randomUUID(),
    },
    body: OUTCOME,
  };
}

/** The same request to the bare baseline route (which may be sent for the same appointment again). */
export function baselineRequest(base: string, a: DueAppointment): LoadRequest {
  return {
    url: `${base}/baseline/requirements/${a.requirementId}/appointments/${a.appointmentId}/outcome`,
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: OUTCOME,
  };
}

/** Hands out requests in order, each once. */
export function dispenser<T>(items: readonly T[]): (n: number) => T[] {
  let next = 0;
  return (n) => {
    const taken = items.slice(next, next + n);
    next += taken.length;
    return taken;
  };
}
