import { addWorkingDays, endOfLondonDay } from '../../calendar';
import type { DomainConfig } from '../../config';
import { lastPeriodEnd } from '../rules/periods';
import type { ImposedRequirement } from '../state';
import { endOfWorkingDaysAfter } from './instants';
import type { UncappedTimer } from './timer';

/** The first-appointment SLA, the RO's application on a practitioner report (R24), and the period's end. */
export function lifecycleTimers(s: ImposedRequirement, config: DomainConfig): UncappedTimer[] {
  const timers: UncappedTimer[] = [];
  if (s.firstAttendedAt === null) {
    const { sentenceDate } = s.imposition;
    const dueAt = endOfLondonDay(
      addWorkingDays(sentenceDate, config.firstAppointmentWithinWorkingDays, config),
    );
    const spec = {
      key: 'first-appointment',
      kind: 'FIRST_APPOINTMENT_DUE',
      dueAt,
      role: s.status === 'AWAITING_REFERRAL' ? 'probation' : 'provider',
      subjectId: null,
      description: 'The first treatment appointment is attended.',
    } as const;
    timers.push({ spec, fire: (b) => ({ type: 'FirstAppointmentSlaMissed', ...b, dueAt }) });
  }
  const pending = s.amendmentPending;
  if (pending && pending.appliedToCourtOn === null) {
    const { reportId } = pending;
    const spec = {
      key: `application:${reportId}`,
      kind: 'PRACTITIONER_REPORT_APPLICATION_DUE',
      dueAt: endOfWorkingDaysAfter(
        pending.submittedAt,
        config.practitionerReportApplicationWorkingDays,
        config,
      ),
      role: 'probation',
      subjectId: reportId,
      description: 'Apply to the court on the practitioner report.',
    } as const;
    timers.push({ spec, fire: (b) => ({ type: 'PractitionerReportApplicationOverdue', ...b, reportId }) });
  }
  if (!s.periodEnded) {
    const periodEnd = lastPeriodEnd(s.imposition.periods);
    const spec = {
      key: `period-ends:${periodEnd}`,
      kind: 'PERIOD_ENDS',
      dueAt: endOfLondonDay(periodEnd),
      role: 'probation',
      subjectId: null,
      description: 'The requirement’s period ends.',
    } as const;
    timers.push({ spec, fire: (b) => ({ type: 'TreatmentPeriodEnded', ...b, periodEnd }) });
  }
  return timers;
}
