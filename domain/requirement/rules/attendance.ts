import type { z } from 'zod';
import type { AttendanceOutcome, IncidentSource } from '../../enums';
import type { CommandOf } from '../commands';

type Outcome = z.infer<typeof AttendanceOutcome>;

/**
 * The provider records facts; this names them in the nDelius-aligned vocabulary: ATTC, late ATTC,
 * AFTC (behaviour), ATSH (sent home, behaviour), ATSS (sent home, service), AFTA (failed to attend).
 */
export function attendanceOutcome(c: CommandOf<'RecordOutcome'>): Outcome {
  if (c.sessionHappened) {
    if (c.behaviourConcern === true) return 'ATTENDED_FAILED_TO_COMPLY';
    return c.attended === 'LATE' ? 'ATTENDED_LATE_COMPLIED' : 'ATTENDED_COMPLIED';
  }
  if (c.noSessionReason === 'LOGISTICS')
    return c.attended === 'NO' ? 'CANCELLED_BY_SERVICE' : 'SENT_HOME_SERVICE';
  if (c.attended === 'NO') return 'FAILED_TO_ATTEND';
  if (c.noSessionReason === 'PERSON_UNACCEPTABLE' || c.behaviourConcern === true)
    return 'SENT_HOME_BEHAVIOUR';
  return 'SENT_HOME_SERVICE';
}

/** What the responsible officer must judge: a failure to attend or a behaviour failure. */
export function incidentSourceOf(outcome: Outcome): z.infer<typeof IncidentSource> | null {
  if (outcome === 'FAILED_TO_ATTEND') return 'MISSED_APPOINTMENT';
  if (outcome === 'ATTENDED_FAILED_TO_COMPLY' || outcome === 'SENT_HOME_BEHAVIOUR') return 'BEHAVIOUR';
  return null;
}

export function isAttended(outcome: Outcome | null): boolean {
  return (
    outcome === 'ATTENDED_COMPLIED' ||
    outcome === 'ATTENDED_LATE_COMPLIED' ||
    outcome === 'ATTENDED_FAILED_TO_COMPLY'
  );
}
